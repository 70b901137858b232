import { z } from 'zod'
import { LIMITS } from './limits'
import { Id, PageQuery, IsoDate, patchOf } from './schemas'
import { FINDING_ACTIONS, FINDING_STATUSES, ROUND_PHASES } from './workflows'

const text = (max: number) => z.string().trim().max(max)
const name = z.string().trim().min(1).max(LIMITS.name)
const date = IsoDate

export const SEVERITIES = ['minor', 'major', 'severe'] as const
export type Severity = (typeof SEVERITIES)[number]
export const FINDING_SOURCES = ['talk', 'document_review', 'petition', 'spot_check', 'other'] as const
export type FindingSource = (typeof FINDING_SOURCES)[number]

// ---- rounds
export const RoundDto = z.object({
  id: Id,
  organizerUnitId: Id,
  organizerUnitName: z.string(),
  name: z.string(),
  year: z.number().int(),
  ordinal: z.number().int(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  phase: z.enum(ROUND_PHASES),
  description: z.string(),
  teamCount: z.number().int(),
  targetCount: z.number().int(),
  findingCount: z.number().int(),
  createdAt: z.string(),
})
export type RoundDto = z.infer<typeof RoundDto>
export const RoundQuery = PageQuery.extend({
  year: z.coerce.number().int().optional(),
  phase: z.enum(ROUND_PHASES).optional(),
  q: text(LIMITS.name).optional(),
})
export const CreateRound = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  ordinal: z.number().int().min(1).max(99),
  name: name.optional(),
  startDate: date.nullable().optional(),
  endDate: date.nullable().optional(),
  description: text(LIMITS.text).optional(),
  organizerUnitId: Id.optional(),
})
export const UpdateRound = z.strictObject({
  name: name.optional(),
  startDate: date.nullable().optional(),
  endDate: date.nullable().optional(),
  description: text(LIMITS.text).optional(),
})
export const RoundTransitionBody = z.strictObject({
  action: z.enum(['advance', 'revert']),
  reason: text(LIMITS.text).optional(),
})

// ---- teams
export const TeamMemberDto = z.object({
  userId: Id,
  username: z.string(),
  displayName: z.string(),
  unitName: z.string(),
  position: z.enum(['leader', 'member']),
})
export const TeamDto = z.object({
  id: Id,
  roundId: Id,
  name: z.string(),
  members: z.array(TeamMemberDto),
  targetCount: z.number().int(),
})
export type TeamDto = z.infer<typeof TeamDto>
export const CreateTeam = z.strictObject({
  name,
  leaderId: Id,
  memberIds: z.array(Id).max(50).default([]),
})
export const UpdateTeam = z.strictObject({
  name: name.optional(),
  leaderId: Id.optional(),
  memberIds: z.array(Id).max(50).optional(),
})

// ---- targets
export const StatusCounts = z.record(z.string(), z.number().int())
export const TargetDto = z.object({
  id: Id,
  roundId: Id,
  roundName: z.string(),
  teamId: Id,
  teamName: z.string(),
  unitId: Id,
  unitCode: z.string(),
  unitName: z.string(),
  onsiteStart: z.string().nullable(),
  onsiteEnd: z.string().nullable(),
  feedbackDate: z.string().nullable(),
  rectificationDeadline: z.string().nullable(),
  fedBackAt: z.string().nullable(),
  finalReportId: Id.nullable(),
  findingCounts: StatusCounts,
})
export type TargetDto = z.infer<typeof TargetDto>
export const TargetQuery = PageQuery.extend({
  roundId: Id.optional(),
  teamId: Id.optional(),
  unitId: Id.optional(),
  q: text(LIMITS.name).optional(),
})
export const CreateTarget = z.strictObject({
  roundId: Id,
  teamId: Id,
  unitId: Id,
  onsiteStart: date.nullable().optional(),
  onsiteEnd: date.nullable().optional(),
  feedbackDate: date.nullable().optional(),
  rectificationDeadline: date.nullable().optional(),
})
export const UpdateTarget = z.strictObject({
  teamId: Id.optional(),
  onsiteStart: date.nullable().optional(),
  onsiteEnd: date.nullable().optional(),
  feedbackDate: date.nullable().optional(),
  rectificationDeadline: date.nullable().optional(),
})
export const FeedbackBody = z.strictObject({ note: text(LIMITS.text).optional() })

// ---- taxonomy
export const CategoryDto = z.object({
  id: Id,
  parentId: Id.nullable(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
})
export type CategoryDto = z.infer<typeof CategoryDto>
export const CreateCategory = z.strictObject({
  parentId: Id.nullable().optional(),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]{1,16}$/),
  name,
  description: text(LIMITS.text).optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
})
export const UpdateCategory = z.strictObject({
  name: name.optional(),
  description: text(LIMITS.text).optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  active: z.boolean().optional(),
})

// ---- findings
export const FindingDto = z.object({
  id: Id,
  targetId: Id,
  roundId: Id,
  roundName: z.string(),
  teamId: Id,
  teamName: z.string(),
  unitId: Id,
  unitName: z.string(),
  seq: z.number().int(),
  title: z.string(),
  description: z.string(),
  personsMatters: z.string(),
  categoryId: Id,
  categoryName: z.string(),
  parentCategoryName: z.string().nullable(),
  severity: z.enum(SEVERITIES),
  source: z.enum(FINDING_SOURCES),
  status: z.enum(FINDING_STATUSES),
  createdByName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  fedBackAt: z.string().nullable(),
  recurrenceOfId: Id.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.array(z.enum(FINDING_ACTIONS)),
})
export type FindingDto = z.infer<typeof FindingDto>
export const FindingQuery = PageQuery.extend({
  roundId: Id.optional(),
  targetId: Id.optional(),
  teamId: Id.optional(),
  unitId: Id.optional(),
  categoryId: Id.optional(),
  severity: z.enum(SEVERITIES).optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  q: text(LIMITS.name).optional(),
  sort: z.enum(['seq', 'createdAt', 'updatedAt', 'severity', 'status', 'title']).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
})
export const CreateFinding = z.strictObject({
  targetId: Id,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(20_000),
  personsMatters: text(20_000).default(''),
  categoryId: Id,
  severity: z.enum(SEVERITIES),
  source: z.enum(FINDING_SOURCES),
  /** A closed finding of the same unit from an earlier round that this one finds again. */
  recurrenceOfId: Id.nullable().optional(),
})
export const UpdateFinding = patchOf(CreateFinding.omit({ targetId: true, recurrenceOfId: true }))
export const FindingTransitionBody = z.strictObject({
  action: z.enum(FINDING_ACTIONS),
  reason: text(LIMITS.text).optional(),
})
export const FindingHistoryDto = z.object({
  id: Id,
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
})

// ---- reports
export const TargetProgressDto = z.object({
  byStatus: z.record(z.string(), z.number().int()),
  measures: z.object({ open: z.number().int(), done: z.number().int(), overdue: z.number().int() }),
  overdueMeasures: z.array(
    z.object({
      id: Id,
      content: z.string(),
      deadline: z.string(),
      overdueWorkingDays: z.number().int(),
      departmentName: z.string().nullable(),
    }),
  ),
  burndown: z.array(z.object({ date: z.string(), open: z.number().int() })),
})
export type TargetProgressDto = z.infer<typeof TargetProgressDto>

export const ReportRevisionDto = z.object({
  id: Id,
  targetId: Id,
  version: z.number().int(),
  title: z.string(),
  note: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  isFinal: z.boolean(),
  body: z.string().optional(),
})
export type ReportRevisionDto = z.infer<typeof ReportRevisionDto>
export const CreateReportRevision = z.strictObject({
  title: z.string().trim().min(1).max(200),
  body: z.string().min(1).max(500_000),
  note: text(400).optional(),
})
export const ReportCompareQuery = z.strictObject({
  a: z.coerce.number().int().min(1),
  b: z.coerce.number().int().min(1),
})
export const DiffPart = z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() })
export const ReportCompareDto = z.object({
  a: ReportRevisionDto,
  b: ReportRevisionDto,
  parts: z.array(DiffPart),
})

// ---- import
export const IMPORT_STATUSES = [
  'validating',
  'valid',
  'invalid',
  'committing',
  'committed',
  'failed',
] as const
export const ImportJobDto = z.object({
  id: Id,
  targetId: Id,
  status: z.enum(IMPORT_STATUSES),
  rowCount: z.number().int().nullable(),
  processed: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(
    z.object({ row: z.number().int(), column: z.string(), code: z.string(), message: z.string() }),
  ),
  sample: z.array(
    z.object({
      row: z.number().int(),
      title: z.string(),
      category: z.string(),
      severity: z.string(),
      source: z.string(),
    }),
  ),
  committedCount: z.number().int(),
  message: z.string().nullable(),
})
export type ImportJobDto = z.infer<typeof ImportJobDto>
