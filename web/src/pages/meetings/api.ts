// The meetings' API (党组会 and other meetings): the meeting and its text, the agenda, and the
// directives read from the text, each of which may become a key supervised task. Types come
// from common/meetings as types only, so zod stays out of the web bundle.
import type { z } from 'zod'
import type {
  AgendaItemDto,
  CreateAgendaItem,
  CreateDirective,
  CreateMeeting,
  DirectiveDto,
  DirectiveToTask,
  MeetingDetailDto,
  MeetingDto,
  UpdateAgendaItem,
  UpdateDirective,
  UpdateMeeting,
} from '../../../../common/meetings'
import type { TaskDto } from '../../../../common/tasks'
import { api, type QueryParams } from '../../api/client'
import type { Page } from '../../api/endpoints'

export type { AgendaItemDto, DirectiveDto, MeetingDetailDto, MeetingDto }
export type MeetingKind = MeetingDto['kind']
export type DirectiveStatus = DirectiveDto['status']
export type TextFlag = MeetingDetailDto['textFlags'][number]
export type Span = DirectiveDto['spans'][number]
export type Suggestion = DirectiveDto['suggestions'][number]
export type CreateMeetingInput = z.input<typeof CreateMeeting>
export type UpdateMeetingInput = z.input<typeof UpdateMeeting>
export type CreateAgendaItemInput = z.input<typeof CreateAgendaItem>
export type UpdateAgendaItemInput = z.input<typeof UpdateAgendaItem>
export type CreateDirectiveInput = z.input<typeof CreateDirective>
export type UpdateDirectiveInput = z.input<typeof UpdateDirective>
export type DirectiveToTaskInput = z.input<typeof DirectiveToTask>
export type MeetingSort = 'heldOn' | '-heldOn' | 'title'

export interface MeetingQueryParams extends QueryParams {
  q?: string
  year?: number
  taskId?: string
  sort?: MeetingSort
  page?: number
  pageSize?: number
}

const base = (id: string) => `/api/meetings/${id}`

/**
 * A meeting update with every field filled from `meeting`: the server's update schema is the
 * create schema made partial, which fills fields left out with their defaults (an empty text,
 * no attendees) rather than keeping them.
 */
export function meetingPatch(meeting: MeetingDetailDto, changes: UpdateMeetingInput): UpdateMeetingInput {
  return {
    kind: meeting.kind,
    title: meeting.title,
    heldOn: meeting.heldOn,
    location: meeting.location,
    attendees: meeting.attendees,
    text: meeting.sourceText,
    ...changes,
  }
}

export const meetingsApi = {
  list: (query: MeetingQueryParams, signal?: AbortSignal) =>
    api.get<Page<MeetingDto>>('/api/meetings', query, signal),
  get: (id: string) => api.get<MeetingDetailDto>(base(id)),
  create: (body: CreateMeetingInput) => api.post<MeetingDetailDto>('/api/meetings', body),
  update: (id: string, body: UpdateMeetingInput) => api.patch<MeetingDetailDto>(base(id), body),
  /** Refused with 409 meeting_has_tasks once a directive became a task. */
  remove: (id: string) => api.delete(base(id)),
  /** A .txt or .docx file whose text replaces the meeting's (and its undecided directives). */
  uploadText: (id: string, file: File) => {
    const form = new FormData()
    form.append('file', file)
    return api.upload<MeetingDetailDto>(`${base(id)}/text`, form)
  },

  agenda: (id: string) => api.get<AgendaItemDto[]>(`${base(id)}/agenda`),
  addAgendaItem: (id: string, body: CreateAgendaItemInput) =>
    api.post<AgendaItemDto[]>(`${base(id)}/agenda`, body),
  updateAgendaItem: (id: string, itemId: string, body: UpdateAgendaItemInput) =>
    api.patch<AgendaItemDto[]>(`${base(id)}/agenda/${itemId}`, body),
  removeAgendaItem: (id: string, itemId: string) =>
    api.delete<AgendaItemDto[]>(`${base(id)}/agenda/${itemId}`),
  /** Generates a report and freezes it on the agenda item (only reports the person may generate). */
  attachReport: (
    id: string,
    itemId: string,
    body: { name: string; params: Record<string, string | number> },
  ) => api.post<AgendaItemDto[]>(`${base(id)}/agenda/${itemId}/report`, body),
  /** The new order of every agenda item of the meeting. */
  reorderAgenda: (id: string, ids: string[]) => api.put<AgendaItemDto[]>(`${base(id)}/agenda/order`, { ids }),

  directives: (id: string) => api.get<DirectiveDto[]>(`${base(id)}/directives`),
  addDirective: (id: string, body: CreateDirectiveInput) =>
    api.post<DirectiveDto[]>(`${base(id)}/directives`, body),
  /** Reads the text again: proposals and dropped ones are replaced, kept ones stay. */
  propose: (id: string) => api.post<DirectiveDto[]>(`${base(id)}/directives/propose`),
  merge: (id: string, ids: string[]) => api.post<DirectiveDto[]>(`${base(id)}/directives/merge`, { ids }),
  updateDirective: (id: string, directiveId: string, body: UpdateDirectiveInput) =>
    api.patch<DirectiveDto[]>(`${base(id)}/directives/${directiveId}`, body),
  removeDirective: (id: string, directiveId: string) =>
    api.delete<DirectiveDto[]>(`${base(id)}/directives/${directiveId}`),
  toTask: (id: string, directiveId: string, body: DirectiveToTaskInput) =>
    api.post<TaskDto>(`${base(id)}/directives/${directiveId}/task`, body),
}
