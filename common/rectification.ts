import { z } from 'zod'
import { LIMITS } from './limits'
import { Id, PageQuery, IsoDate, patchOf } from './schemas'
import { EXTENSION_STATUSES, FINDING_STATUSES, PLAN_STATUSES } from './workflows'

const text = (max: number) => z.string().trim().max(max)
const date = IsoDate

export const MEASURE_KINDS = ['immediate', 'concentrated', 'long_term'] as const
export type MeasureKind = (typeof MEASURE_KINDS)[number]

export const MeasureDto = z.object({
  id: Id,
  planId: Id,
  findingId: Id,
  findingSeq: z.number().int(),
  findingTitle: z.string(),
  findingStatus: z.enum(FINDING_STATUSES),
  targetId: Id,
  unitName: z.string(),
  roundName: z.string(),
  content: z.string(),
  responsibleLeader: z.string(),
  departmentId: Id.nullable(),
  departmentName: z.string().nullable(),
  deadline: z.string(),
  kind: z.enum(MEASURE_KINDS),
  status: z.enum(['open', 'done']),
  progress: z.number().int(),
  doneAt: z.string().nullable(),
  overdueWorkingDays: z.number().int(),
  evidenceCount: z.number().int(),
  createdAt: z.string(),
})
export type MeasureDto = z.infer<typeof MeasureDto>

export const PlanDto = z.object({
  id: Id,
  targetId: Id,
  unitName: z.string(),
  roundName: z.string(),
  status: z.enum(PLAN_STATUSES),
  summary: z.string(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  measures: z.array(MeasureDto),
  actions: z.array(z.enum(['submit', 'accept', 'return'])),
  editable: z.boolean(),
})
export type PlanDto = z.infer<typeof PlanDto>

export const UpdatePlan = z.strictObject({ summary: text(LIMITS.text * 5) })
export const PlanTransitionBody = z.strictObject({
  action: z.enum(['submit', 'accept', 'return']),
  reason: text(LIMITS.text).optional(),
})

export const CreateMeasure = z.strictObject({
  findingId: Id,
  content: z.string().trim().min(1).max(5000),
  responsibleLeader: z.string().trim().min(1).max(LIMITS.name),
  departmentId: Id.nullable().optional(),
  deadline: date,
  kind: z.enum(MEASURE_KINDS),
})
export const UpdateMeasure = patchOf(CreateMeasure.omit({ findingId: true }))
export const MeasureQuery = PageQuery.extend({
  roundId: Id.optional(),
  targetId: Id.optional(),
  findingId: Id.optional(),
  departmentId: Id.optional(),
  kind: z.enum(MEASURE_KINDS).optional(),
  status: z.enum(['open', 'done']).optional(),
  overdue: z.enum(['1']).optional(),
  q: text(LIMITS.name).optional(),
  sort: z.enum(['deadline', 'createdAt', 'progress']).default('deadline'),
  order: z.enum(['asc', 'desc']).default('asc'),
})

export const ProgressDto = z.object({
  id: Id,
  measureId: Id,
  content: z.string(),
  progress: z.number().int(),
  marksDone: z.boolean(),
  postedByName: z.string().nullable(),
  createdAt: z.string(),
  evidence: z.array(
    z.object({ id: Id, name: z.string(), size: z.number(), sha256: z.string(), sm3: z.string() }),
  ),
})
export type ProgressDto = z.infer<typeof ProgressDto>
export const CreateProgress = z.strictObject({
  content: z.string().trim().min(1).max(5000),
  progress: z.number().int().min(0).max(100),
  done: z.boolean().default(false),
})

export const VerificationBody = z.strictObject({
  action: z.enum(['submit', 'close', 'return']),
  reason: text(LIMITS.text).optional(),
})
export const VerificationDto = z.object({
  id: Id,
  findingId: Id,
  action: z.string(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
})

export const ExtensionDto = z.object({
  id: Id,
  measureId: Id,
  measureContent: z.string(),
  unitName: z.string(),
  currentDeadline: z.string(),
  requestedDeadline: z.string(),
  reason: z.string(),
  status: z.enum(EXTENSION_STATUSES),
  requestedByName: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
})
export type ExtensionDto = z.infer<typeof ExtensionDto>
export const CreateExtension = z.strictObject({
  measureId: Id,
  requestedDeadline: date,
  reason: z.string().trim().min(1).max(LIMITS.text),
})
export const DecideExtension = z.strictObject({
  action: z.enum(['grant', 'refuse']),
  note: text(LIMITS.text).optional(),
})
export const ExtensionQuery = PageQuery.extend({
  status: z.enum(EXTENSION_STATUSES).optional(),
  targetId: Id.optional(),
  measureId: Id.optional(),
})

export const CalendarDay = z.object({ date, kind: z.enum(['holiday', 'workday']), name: z.string() })
export type CalendarDay = z.infer<typeof CalendarDay>
export const CalendarQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) })
export const PutCalendarDay = z.strictObject({
  kind: z.enum(['holiday', 'workday']),
  name: z.string().trim().min(1).max(50),
})
export const WorkingDaysQuery = z.strictObject({
  from: date,
  days: z.coerce.number().int().min(-3650).max(3650),
})

// ---- referrals (问题线索移交)
export const REFERRAL_BODIES = ['discipline_commission', 'organization_department'] as const
export const REFERRAL_STATUSES = ['referred', 'received', 'concluded'] as const
export const ReferralDto = z.object({
  id: Id,
  findingId: Id,
  findingTitle: z.string(),
  unitName: z.string(),
  roundName: z.string(),
  bodyKind: z.enum(REFERRAL_BODIES),
  bodyName: z.string(),
  note: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  referredAt: z.string(),
  receivedAt: z.string().nullable(),
  receiptNote: z.string().nullable(),
  outcome: z.string().nullable(),
  concludedAt: z.string().nullable(),
})
export type ReferralDto = z.infer<typeof ReferralDto>
export const ReferralQuery = PageQuery.extend({
  status: z.enum(REFERRAL_STATUSES).optional(),
  open: z.enum(['1']).optional(),
  roundId: Id.optional(),
  findingId: Id.optional(),
})
export const CreateReferral = z.strictObject({
  findingId: Id,
  bodyKind: z.enum(REFERRAL_BODIES),
  bodyName: z.string().trim().min(1).max(LIMITS.name),
  referredAt: date,
  note: text(LIMITS.text).optional(),
})
export const ReferralReceipt = z.strictObject({ receivedAt: date, note: text(LIMITS.text).optional() })
export const ReferralOutcome = z.strictObject({
  concludedAt: date,
  outcome: z.string().trim().min(1).max(LIMITS.text),
})

// ---- common problems (共性问题) and use of results (成果运用)
export const COMMON_PROBLEM_STATUSES = ['open', 'assigned', 'done'] as const
export const CommonProblemDto = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  departmentId: Id.nullable(),
  departmentName: z.string().nullable(),
  status: z.enum(COMMON_PROBLEM_STATUSES),
  findingCount: z.number().int(),
  unitCount: z.number().int(),
  createdAt: z.string(),
})
export type CommonProblemDto = z.infer<typeof CommonProblemDto>
export const CommonProblemDetailDto = CommonProblemDto.extend({
  findings: z.array(
    z.object({ id: Id, title: z.string(), unitName: z.string(), roundName: z.string(), status: z.string() }),
  ),
  actions: z.array(
    z.object({ id: Id, content: z.string(), postedByName: z.string().nullable(), createdAt: z.string() }),
  ),
  selfInspections: z.array(
    z.object({
      id: Id,
      unitId: Id,
      unitName: z.string(),
      dueDate: z.string(),
      status: z.enum(['pushed', 'reported']),
      report: z.string().nullable(),
      reportedAt: z.string().nullable(),
    }),
  ),
})
export type CommonProblemDetailDto = z.infer<typeof CommonProblemDetailDto>
export const CommonProblemQuery = PageQuery.extend({
  status: z.enum(COMMON_PROBLEM_STATUSES).optional(),
  q: text(LIMITS.name).optional(),
})
export const CreateCommonProblem = z.strictObject({
  title: z.string().trim().min(1).max(200),
  description: text(LIMITS.text * 5).optional(),
  departmentId: Id.nullable().optional(),
  findingIds: z.array(Id).min(1).max(500),
})
export const UpdateCommonProblem = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  description: text(LIMITS.text * 5).optional(),
  departmentId: Id.nullable().optional(),
  status: z.enum(COMMON_PROBLEM_STATUSES).optional(),
})
export const AddFindings = z.strictObject({ findingIds: z.array(Id).min(1).max(500) })
export const CreateAction = z.strictObject({
  content: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.text * 5),
})
export const PushSelfInspection = z.strictObject({ unitIds: z.array(Id).min(1).max(500), dueDate: date })
export const SelfInspectionReport = z.strictObject({
  report: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.text * 5),
})
export const SelfInspectionDto = z.object({
  id: Id,
  commonProblemId: Id,
  title: z.string(),
  description: z.string(),
  unitName: z.string(),
  dueDate: z.string(),
  status: z.enum(['pushed', 'reported']),
  report: z.string().nullable(),
  reportedAt: z.string().nullable(),
})
