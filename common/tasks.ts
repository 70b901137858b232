import { z } from 'zod'
import { LIMITS } from './limits'
import { Id, PageQuery, IsoDate, patchOf } from './schemas'
import { QUARTERLY_STATUSES } from './workflows'

const text = (max: number) => z.string().trim().max(max)
const date = IsoDate
const quarter = z.coerce.number().int().min(1).max(4)

export const LIGHTS = ['done', 'green', 'yellow', 'red'] as const
export type Light = (typeof LIGHTS)[number]

/** The status light rule's thresholds; the supervision office can change them. */
export const LightRule = z.object({
  dueSoonWorkingDays: z.number().int().min(0).max(60),
  behindTolerance: z.number().int().min(0).max(100),
  reportDueWorkingDays: z.number().int().min(0).max(60),
})
export type LightRule = z.infer<typeof LightRule>
export const DEFAULT_LIGHT_RULE: LightRule = {
  dueSoonWorkingDays: 10,
  behindTolerance: 10,
  reportDueWorkingDays: 10,
}

export const Milestone = z.object({
  quarter: z.number().int().min(1).max(4),
  expectedProgress: z.number().int().min(0).max(100),
  description: text(LIMITS.text),
})
export type Milestone = z.infer<typeof Milestone>

export const TaskDto = z.object({
  id: Id,
  year: z.number().int(),
  code: z.string(),
  title: z.string(),
  description: z.string(),
  leaderName: z.string(),
  leadDepartmentId: Id,
  leadDepartmentName: z.string(),
  cooperators: z.array(z.object({ id: Id, name: z.string() })),
  campaignId: Id.nullable(),
  campaignName: z.string().nullable(),
  deadline: z.string(),
  status: z.enum(['active', 'done']),
  milestones: z.array(Milestone),
  progress: z.number().int(),
  expectedProgress: z.number().int(),
  light: z.enum(LIGHTS),
  lightReasons: z.array(z.string()),
  myRole: z.enum(['office', 'lead', 'cooperator', 'reader']),
})
export type TaskDto = z.infer<typeof TaskDto>

export const TaskQuery = PageQuery.extend({
  year: z.coerce.number().int().optional(),
  departmentId: Id.optional(),
  campaignId: Id.optional(),
  light: z.enum(LIGHTS).optional(),
  leader: text(LIMITS.name).optional(),
  mine: z.enum(['lead', 'cooperate']).optional(),
  q: text(LIMITS.name).optional(),
  /** The day the lights are computed for (default today), e.g. a meeting's date. */
  asOf: date.optional(),
  sort: z.enum(['code', 'deadline', 'progress']).default('code'),
  order: z.enum(['asc', 'desc']).default('asc'),
})

export const CreateTask = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/),
  title: z.string().trim().min(1).max(200),
  description: text(LIMITS.text * 5).default(''),
  leaderName: z.string().trim().min(1).max(LIMITS.name),
  leadDepartmentId: Id,
  cooperatorIds: z.array(Id).max(30).default([]),
  campaignId: Id.nullable().optional(),
  deadline: date.optional(),
  milestones: z.array(Milestone).max(4).default([]),
})
export const UpdateTask = patchOf(CreateTask.omit({ year: true, code: true }))
  .extend({ status: z.enum(['active', 'done']).optional() })
  .strict()

export const SubtaskDto = z.object({
  id: Id,
  taskId: Id,
  title: z.string(),
  ownerName: z.string(),
  deadline: z.string(),
  status: z.enum(['open', 'done']),
  createdAt: z.string(),
})
export const CreateSubtask = z.strictObject({
  title: z.string().trim().min(1).max(200),
  ownerName: z.string().trim().min(1).max(LIMITS.name),
  deadline: date,
})
export const UpdateSubtask = patchOf(CreateSubtask)
  .extend({ status: z.enum(['open', 'done']).optional() })
  .strict()

export const InputDto = z.object({
  id: Id,
  taskId: Id,
  quarter: z.number().int(),
  departmentId: Id,
  departmentName: z.string(),
  content: z.string(),
  submittedByName: z.string().nullable(),
  updatedAt: z.string(),
})
export const PutInput = z.strictObject({
  content: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.text * 5),
})

export const ReportFields = z.object({
  progress: z.number().int().min(0).max(100),
  done: text(LIMITS.text * 5),
  problems: text(LIMITS.text * 5),
  nextSteps: text(LIMITS.text * 5),
  supportNeeded: text(LIMITS.text * 5),
})
export const QuarterlyReportDto = ReportFields.extend({
  id: Id,
  taskId: Id,
  taskCode: z.string(),
  taskTitle: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  leadDepartmentName: z.string(),
  status: z.enum(QUARTERLY_STATUSES),
  returnReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  actions: z.array(z.enum(['submit', 'accept', 'return'])),
  history: z.array(
    z.object({
      action: z.string(),
      actorName: z.string().nullable(),
      reason: z.string().nullable(),
      snapshot: ReportFields.nullable(),
      createdAt: z.string(),
    }),
  ),
})
export type QuarterlyReportDto = z.infer<typeof QuarterlyReportDto>
export const SaveReport = patchOf(ReportFields)
export const ReportTransition = z.strictObject({
  action: z.enum(['submit', 'accept', 'return']),
  reason: text(LIMITS.text).optional(),
})
export const QuarterlyReportQuery = PageQuery.extend({
  year: z.coerce.number().int().optional(),
  quarter: quarter.optional(),
  status: z.enum(QUARTERLY_STATUSES).optional(),
  taskId: Id.optional(),
})

export const CampaignDto = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  taskCount: z.number().int(),
  averageProgress: z.number().int(),
})
export const CreateCampaign = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.name),
  description: text(LIMITS.text).default(''),
  startDate: date.nullable().optional(),
  endDate: date.nullable().optional(),
})
export const UpdateCampaign = patchOf(CreateCampaign)

// ---- urging (催办) and supervision notices (督办单)
export const UrgeTask = z.strictObject({
  quarter: quarter.optional(),
  content: z.string().trim().min(1).max(LIMITS.text),
  dueDate: date.optional(),
})
export const NoticeDto = z.object({
  id: Id,
  number: z.string(),
  year: z.number().int(),
  taskId: Id,
  taskCode: z.string(),
  taskTitle: z.string(),
  departmentName: z.string(),
  leaderName: z.string(),
  quarter: z.number().int().nullable(),
  content: z.string(),
  dueDate: z.string().nullable(),
  issuedAt: z.string(),
  issuedByName: z.string().nullable(),
})
export type NoticeDto = z.infer<typeof NoticeDto>

// ---- year-end scoring (考评)
export const RubricItem = z.object({
  key: z.string().regex(/^[a-z_]{1,32}$/),
  name: z.string().min(1).max(50),
  max: z.number().int().min(1).max(100),
})
export const Rubric = z
  .array(RubricItem)
  .min(1)
  .max(10)
  .refine((items) => new Set(items.map((i) => i.key)).size === items.length, 'duplicate rubric key')
export type Rubric = z.infer<typeof Rubric>
export const DEFAULT_RUBRIC: Rubric = [
  { key: 'completion', name: '任务完成情况', max: 50 },
  { key: 'timeliness', name: '按时报送情况', max: 20 },
  { key: 'quality', name: '工作质量与成效', max: 20 },
  { key: 'coordination', name: '协同配合情况', max: 10 },
]
export const ScoreTask = z.strictObject({
  items: z.record(z.string(), z.number().int().min(0).max(100)),
  comment: text(LIMITS.text).default(''),
})
export const ScoreDto = z.object({
  taskId: Id,
  taskCode: z.string(),
  taskTitle: z.string(),
  leadDepartmentName: z.string(),
  items: z.record(z.string(), z.number()),
  total: z.number(),
  comment: z.string(),
  scoredAt: z.string(),
})
export const DepartmentScoreDto = z.object({
  departmentId: Id,
  departmentName: z.string(),
  tasks: z.number().int(),
  average: z.number(),
})
