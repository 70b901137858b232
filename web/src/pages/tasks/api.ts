// The key supervised tasks' API (重点督办任务): tasks, the light rule, import, sub-tasks,
// quarterly inputs and reports, campaigns and the ledger. Types come from common/tasks as
// types only, so zod stays out of the web bundle.
import type { z } from 'zod'
import type {
  CampaignDto as CampaignSchema,
  CreateCampaign,
  CreateSubtask,
  CreateTask,
  DepartmentScoreDto as DepartmentScoreSchema,
  InputDto as InputSchema,
  Light,
  LightRule,
  Milestone,
  NoticeDto,
  QuarterlyReportDto,
  ReportFields,
  Rubric,
  ScoreDto as ScoreSchema,
  ScoreTask,
  SubtaskDto as SubtaskSchema,
  TaskDto,
  UpdateCampaign,
  UpdateSubtask,
  UpdateTask,
  UrgeTask,
} from '../../../../common/tasks'
import type { QuarterlyStatus } from '../../../../common/workflows'
import { api, download, toQuery, type QueryParams } from '../../api/client'
import type { Page } from '../../api/endpoints'

export type { Light, LightRule, Milestone, NoticeDto, QuarterlyReportDto, QuarterlyStatus, Rubric, TaskDto }
export type RubricItem = Rubric[number]
export type UrgeInput = z.input<typeof UrgeTask>
export type ScoreInput = z.input<typeof ScoreTask>
export type ScoreDto = z.infer<typeof ScoreSchema>
export type DepartmentScoreDto = z.infer<typeof DepartmentScoreSchema>
export interface TaskScores {
  tasks: ScoreDto[]
  departments: DepartmentScoreDto[]
}
export type SubtaskDto = z.infer<typeof SubtaskSchema>
export type InputDto = z.infer<typeof InputSchema>
export type CampaignDto = z.infer<typeof CampaignSchema>
export type ReportFieldsInput = z.infer<typeof ReportFields>
export type CreateTaskInput = z.input<typeof CreateTask>
export type UpdateTaskInput = z.input<typeof UpdateTask>
export type CreateSubtaskInput = z.input<typeof CreateSubtask>
export type UpdateSubtaskInput = z.input<typeof UpdateSubtask>
export type CreateCampaignInput = z.input<typeof CreateCampaign>
export type UpdateCampaignInput = z.input<typeof UpdateCampaign>
export type ReportAction = 'submit' | 'accept' | 'return'
export type TaskSort = 'code' | 'deadline' | 'progress'

export interface TaskQueryParams extends QueryParams {
  year?: number
  departmentId?: string
  campaignId?: string
  light?: Light
  leader?: string
  mine?: 'lead' | 'cooperate'
  q?: string
  /** The day the lights are computed for (YYYY-MM-DD); the server's today when left out. */
  asOf?: string
  sort?: TaskSort
  order?: 'asc' | 'desc'
  page?: number
  pageSize?: number
}

export type TaskPage = Page<TaskDto> & { lights: Partial<Record<Light, number>> }

export interface ImportResult {
  rows: number
  errorCount: number
  errors: { row: number; column: string; code: string; message: string }[]
  sample: { code: string; title: string; leaderName: string }[]
  committed: number
}

export interface ReportQueryParams extends QueryParams {
  year?: number
  quarter?: number
  status?: QuarterlyStatus
  taskId?: string
  page?: number
  pageSize?: number
}

export interface TaskLedgerParams extends QueryParams {
  year?: number
  campaignId?: string
  departmentId?: string
}

const quarterPath = (id: string, quarter: number) => `/api/tasks/${id}/quarters/${quarter}`

export const tasksApi = {
  list: (query: TaskQueryParams, signal?: AbortSignal) => api.get<TaskPage>('/api/tasks', query, signal),
  get: (id: string) => api.get<TaskDto>(`/api/tasks/${id}`),
  create: (body: CreateTaskInput) => api.post<TaskDto>('/api/tasks', body),
  update: (id: string, body: UpdateTaskInput) => api.patch<TaskDto>(`/api/tasks/${id}`, body),

  lightRule: () => api.get<LightRule>('/api/tasks/light-rule'),
  setLightRule: (rule: LightRule) => api.put<LightRule>('/api/tasks/light-rule', rule),

  template: () => download('/api/tasks/import/template.xlsx', {}, 'tasks-template.xlsx'),
  /** Preview checks every row; commit imports all rows or none (409 import_invalid with the preview). */
  import: (year: number, mode: 'preview' | 'commit', file: File) => {
    const form = new FormData()
    form.append('file', file)
    return api.upload<ImportResult>(`/api/tasks/import${toQuery({ year, mode })}`, form)
  },
  /** The task ledger (.xlsx); the server filters it by year, campaign and department only. */
  ledger: (query: TaskLedgerParams) => download('/api/ledgers/tasks.xlsx', query, 'tasks-ledger.xlsx'),

  subtasks: (id: string) => api.get<SubtaskDto[]>(`/api/tasks/${id}/subtasks`),
  addSubtask: (id: string, body: CreateSubtaskInput) =>
    api.post<SubtaskDto>(`/api/tasks/${id}/subtasks`, body),
  updateSubtask: (id: string, body: UpdateSubtaskInput) => api.patch<SubtaskDto>(`/api/subtasks/${id}`, body),

  inputs: (id: string, quarter: number) => api.get<InputDto[]>(`${quarterPath(id, quarter)}/inputs`),
  putInput: (id: string, quarter: number, content: string) =>
    api.put<InputDto>(`${quarterPath(id, quarter)}/inputs`, { content }),
  report: (id: string, quarter: number) => api.get<QuarterlyReportDto>(`${quarterPath(id, quarter)}/report`),
  saveReport: (id: string, quarter: number, body: Partial<ReportFieldsInput>) =>
    api.put<QuarterlyReportDto>(`${quarterPath(id, quarter)}/report`, body),
  transition: (id: string, quarter: number, action: ReportAction, reason?: string) =>
    api.post<QuarterlyReportDto>(`${quarterPath(id, quarter)}/report/transition`, { action, reason }),
  reports: (query: ReportQueryParams) => api.get<Page<QuarterlyReportDto>>('/api/quarterly-reports', query),

  /** 催办: the office urges the lead department and a numbered supervision notice (督办单) is issued. */
  urge: (id: string, body: UrgeInput) => api.post<NoticeDto>(`/api/tasks/${id}/urge`, body),
  /** The notices the office and a task's lead department can read. */
  notices: (taskId?: string) => api.get<NoticeDto[]>('/api/supervision-notices', { taskId }),
  notice: (id: string) => api.get<NoticeDto>(`/api/supervision-notices/${id}`),

  /** The year-end scoring rubric (考评细则); its maxima sum to 100. */
  rubric: () => api.get<Rubric>('/api/tasks/rubric'),
  setRubric: (items: Rubric) => api.put<Rubric>('/api/tasks/rubric', items),
  score: (id: string, body: ScoreInput) => api.put<ScoreDto>(`/api/tasks/${id}/score`, body),
  scores: (year: number) => api.get<TaskScores>('/api/task-scores', { year }),

  campaigns: () => api.get<CampaignDto[]>('/api/campaigns'),
  createCampaign: (body: CreateCampaignInput) => api.post<CampaignDto>('/api/campaigns', body),
  updateCampaign: (id: string, body: UpdateCampaignInput) =>
    api.patch<CampaignDto>(`/api/campaigns/${id}`, body),
}
