import { z } from 'zod'
import { LIMITS } from './limits'
import { REPORT_NAMES } from './reports'
import { Id, IsoDate, PageQuery, patchOf } from './schemas'

const text = (max: number) => z.string().trim().max(max)

export const MEETING_KINDS = ['party_group', 'procuratorial_committee', 'office', 'other'] as const
export const DIRECTIVE_STATUSES = ['proposed', 'kept', 'dropped'] as const
export const MEETING_TEXT_MAX = 200_000

export const TextFlag = z.object({
  kind: z.literal('damaged'),
  start: z.number(),
  end: z.number(),
  text: z.string(),
})
export const Span = z.object({ start: z.number().int(), end: z.number().int() })
export const DepartmentSuggestion = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
})

export const MeetingDto = z.object({
  id: Id,
  unitId: Id,
  unitName: z.string(),
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  heldOn: z.string(),
  location: z.string(),
  attendees: z.array(z.string()),
  agendaCount: z.number().int(),
  directiveCount: z.number().int(),
  taskCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type MeetingDto = z.infer<typeof MeetingDto>

export const MeetingDetailDto = MeetingDto.extend({
  sourceText: z.string(),
  text: z.string(),
  textFlags: z.array(TextFlag),
})
export type MeetingDetailDto = z.infer<typeof MeetingDetailDto>

export const MeetingQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  taskId: Id.optional(),
  sort: z.enum(['heldOn', '-heldOn', 'title']).default('-heldOn'),
})

export const CreateMeeting = z.strictObject({
  kind: z.enum(MEETING_KINDS).default('party_group'),
  title: z.string().trim().min(1).max(200),
  heldOn: IsoDate,
  location: text(LIMITS.name).default(''),
  attendees: z.array(z.string().trim().min(1).max(LIMITS.name)).max(100).default([]),
  text: z.string().max(MEETING_TEXT_MAX).default(''),
})
export const UpdateMeeting = patchOf(CreateMeeting)

export const AgendaItemDto = z.object({
  id: Id,
  meetingId: Id,
  seq: z.number().int(),
  title: z.string(),
  presenter: z.string(),
  notes: z.string(),
  reportName: z.string().nullable(),
  reportParams: z.record(z.string(), z.unknown()).nullable(),
  reportFileId: z.string().nullable(),
  reportAsOf: z.string().nullable(),
})
export type AgendaItemDto = z.infer<typeof AgendaItemDto>
export const CreateAgendaItem = z.strictObject({
  title: z.string().trim().min(1).max(200),
  presenter: text(LIMITS.name).default(''),
  notes: text(LIMITS.text).default(''),
})
export const UpdateAgendaItem = patchOf(CreateAgendaItem)
export const ReorderAgenda = z.strictObject({ ids: z.array(Id).min(1).max(100) })

export const DirectiveDto = z.object({
  id: Id,
  meetingId: Id,
  seq: z.number().int(),
  title: z.string(),
  text: z.string(),
  spans: z.array(Span),
  timeExpression: z.string().nullable(),
  suggestions: z.array(DepartmentSuggestion),
  leadDepartmentId: z.string().nullable(),
  leadDepartmentName: z.string().nullable(),
  status: z.enum(DIRECTIVE_STATUSES),
  taskId: z.string().nullable(),
  taskCode: z.string().nullable(),
})
export type DirectiveDto = z.infer<typeof DirectiveDto>
export const CreateDirective = z.strictObject({
  title: z.string().trim().min(1).max(200),
  text: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.text * 5),
  timeExpression: text(50).nullable().optional(),
  leadDepartmentId: Id.nullable().optional(),
})
export const UpdateDirective = patchOf(CreateDirective)
  .extend({ status: z.enum(DIRECTIVE_STATUSES).optional() })
  .strict()
export const MergeDirectives = z.strictObject({ ids: z.array(Id).min(2).max(20) })
export const DirectiveToTask = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/),
  title: z.string().trim().min(1).max(200).optional(),
  leaderName: z.string().trim().min(1).max(LIMITS.name),
  leadDepartmentId: Id,
  cooperatorIds: z.array(Id).max(30).default([]),
  deadline: IsoDate.optional(),
})

/** Generates one of the four reports and freezes it on an agenda item. */
export const AttachReport = z.strictObject({
  name: z.enum(REPORT_NAMES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
})
