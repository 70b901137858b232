import type { z } from 'zod'
import type {
  AuditEventDto,
  AuditVerifyDto,
  CreateDepartment,
  CreateUnit,
  CreateUser,
  DepartmentDto,
  GrantRoleBody,
  MeDto,
  Page,
  RoleGrantDto,
  UnitDto,
  UnitLevel,
  UpdateDepartment,
  UpdateUnit,
  UpdateUser,
  UserDto,
} from '../../../common/schemas'
import type {
  CategoryDto,
  CreateCategory,
  CreateFinding,
  CreateReportRevision,
  CreateRound,
  CreateTarget,
  CreateTeam,
  FindingDto,
  FindingHistoryDto,
  ImportJobDto,
  ReportCompareDto,
  ReportRevisionDto,
  RoundDto,
  Severity,
  TargetDto,
  TeamDto,
  UpdateCategory,
  UpdateFinding,
  UpdateRound,
  UpdateTarget,
  UpdateTeam,
  TargetProgressDto,
} from '../../../common/inspections'
import type {
  AddFindings,
  CalendarDay,
  CommonProblemDetailDto,
  CommonProblemDto,
  CreateAction,
  CreateCommonProblem,
  CreateReferral,
  PushSelfInspection,
  ReferralDto,
  ReferralOutcome,
  ReferralReceipt,
  SelfInspectionDto,
  UpdateCommonProblem,
  CreateExtension,
  CreateMeasure,
  CreateProgress,
  ExtensionDto,
  MeasureDto,
  MeasureKind,
  PlanDto,
  ProgressDto,
  UpdateMeasure,
  VerificationDto,
} from '../../../common/rectification'
import type {
  ExtensionStatus,
  FindingAction,
  FindingStatus,
  RoundAction,
  RoundPhase,
} from '../../../common/workflows'
import { api, download, toQuery, type QueryParams } from './client'

export type {
  AuditEventDto,
  AuditVerifyDto,
  DepartmentDto,
  MeDto,
  Page,
  RoleGrantDto,
  UnitDto,
  UnitLevel,
  UserDto,
}
export type CreateUnitInput = z.input<typeof CreateUnit>
export type UpdateUnitInput = z.input<typeof UpdateUnit>
export type CreateDepartmentInput = z.input<typeof CreateDepartment>
export type UpdateDepartmentInput = z.input<typeof UpdateDepartment>
export type CreateUserInput = z.input<typeof CreateUser>
export type UpdateUserInput = z.input<typeof UpdateUser>
export type GrantRoleInput = z.input<typeof GrantRoleBody>
export type TotpSetup = { secret: string; uri: string }

export interface LoginInput {
  username: string
  password: string
  otp?: string
}

export const authApi = {
  login: (body: LoginInput) => api.post<MeDto>('/api/auth/login', body),
  logout: () => api.post<void>('/api/auth/logout'),
  me: () => api.get<MeDto>('/api/auth/me'),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/auth/password', { currentPassword, newPassword }),
  totpSetup: () => api.post<TotpSetup>('/api/auth/totp/setup'),
  totpEnable: (otp: string) => api.post<void>('/api/auth/totp/enable', { otp }),
  totpDisable: (password: string) => api.post<void>('/api/auth/totp/disable', { password }),
}

export interface UnitQueryParams extends QueryParams {
  parentId?: string
  level?: UnitLevel
  q?: string
  sort?: 'code' | 'name'
  page?: number
  pageSize?: number
}

export const unitsApi = {
  list: (query: UnitQueryParams, signal?: AbortSignal) => api.get<Page<UnitDto>>('/api/units', query, signal),
  get: (id: string) => api.get<UnitDto>(`/api/units/${id}`),
  create: (body: CreateUnitInput) => api.post<UnitDto>('/api/units', body),
  update: (id: string, body: UpdateUnitInput) => api.patch<UnitDto>(`/api/units/${id}`, body),
  remove: (id: string) => api.delete(`/api/units/${id}`),
}

export interface DepartmentQueryParams extends QueryParams {
  unitId?: string
  q?: string
  page?: number
  pageSize?: number
}

export const departmentsApi = {
  list: (query: DepartmentQueryParams) => api.get<Page<DepartmentDto>>('/api/departments', query),
  create: (body: CreateDepartmentInput) => api.post<DepartmentDto>('/api/departments', body),
  update: (id: string, body: UpdateDepartmentInput) =>
    api.patch<DepartmentDto>(`/api/departments/${id}`, body),
  remove: (id: string) => api.delete(`/api/departments/${id}`),
}

export interface UserQueryParams extends QueryParams {
  unitId?: string
  subtree?: '0' | '1'
  q?: string
  role?: string
  status?: 'active' | 'disabled'
  sort?: 'username' | 'displayName' | 'createdAt'
  order?: 'asc' | 'desc'
  page?: number
  pageSize?: number
}

export const usersApi = {
  list: (query: UserQueryParams) => api.get<Page<UserDto>>('/api/users', query),
  get: (id: string) => api.get<UserDto>(`/api/users/${id}`),
  create: (body: CreateUserInput) => api.post<UserDto>('/api/users', body),
  update: (id: string, body: UpdateUserInput) => api.patch<UserDto>(`/api/users/${id}`, body),
  resetPassword: (id: string, password: string) =>
    api.post<void>(`/api/users/${id}/reset-password`, { password }),
  unlock: (id: string) => api.post<void>(`/api/users/${id}/unlock`),
  roles: (id: string) => api.get<RoleGrantDto[]>(`/api/users/${id}/roles`),
  grant: (id: string, body: GrantRoleInput) => api.post<RoleGrantDto>(`/api/users/${id}/roles`, body),
  revoke: (id: string, grantId: string) => api.delete(`/api/users/${id}/roles/${grantId}`),
}

export interface AuditQueryParams extends QueryParams {
  q?: string
  action?: string
  actor?: string
  outcome?: 'success' | 'denied' | 'failure'
  from?: string
  to?: string
  page?: number
  pageSize?: number
}

export const auditApi = {
  events: (query: AuditQueryParams) => api.get<Page<AuditEventDto>>('/api/audit/events', query),
  verify: () => api.get<AuditVerifyDto>('/api/audit/verify'),
  exportCsv: (query: AuditQueryParams) =>
    download(
      '/api/audit/events/export',
      { ...query, page: undefined, pageSize: undefined },
      'audit-events.csv',
    ),
}

// ---- inspections
export type {
  CategoryDto,
  FindingDto,
  ReportRevisionDto,
  RoundDto,
  TargetDto,
  TeamDto,
} from '../../../common/inspections'
export type FindingHistoryDto = z.infer<typeof FindingHistoryDto>
export type ReportCompareDto = z.infer<typeof ReportCompareDto>
export type CreateRoundInput = z.input<typeof CreateRound>
export type UpdateRoundInput = z.input<typeof UpdateRound>
export type CreateTeamInput = z.input<typeof CreateTeam>
export type UpdateTeamInput = z.input<typeof UpdateTeam>
export type CreateTargetInput = z.input<typeof CreateTarget>
export type UpdateTargetInput = z.input<typeof UpdateTarget>
export type CreateFindingInput = z.input<typeof CreateFinding>
export type UpdateFindingInput = z.input<typeof UpdateFinding>
export type CreateCategoryInput = z.input<typeof CreateCategory>
export type UpdateCategoryInput = z.input<typeof UpdateCategory>
export type CreateReportInput = z.input<typeof CreateReportRevision>
export type RoundSummaryRow = {
  targetId: string
  byStatus: Record<string, number>
  byCategory: Record<string, number>
  total: number
}

export interface RoundQueryParams extends QueryParams {
  year?: number
  phase?: RoundPhase
  q?: string
  page?: number
  pageSize?: number
}

export const roundsApi = {
  list: (query: RoundQueryParams, signal?: AbortSignal) =>
    api.get<Page<RoundDto>>('/api/rounds', query, signal),
  get: (id: string) => api.get<RoundDto>(`/api/rounds/${id}`),
  create: (body: CreateRoundInput) => api.post<RoundDto>('/api/rounds', body),
  update: (id: string, body: UpdateRoundInput) => api.patch<RoundDto>(`/api/rounds/${id}`, body),
  transition: (id: string, action: RoundAction, reason?: string) =>
    api.post<RoundDto>(`/api/rounds/${id}/transition`, { action, reason }),
  summary: (id: string) => api.get<RoundSummaryRow[]>(`/api/rounds/${id}/summary`),
  teams: (id: string) => api.get<TeamDto[]>(`/api/rounds/${id}/teams`),
  createTeam: (id: string, body: CreateTeamInput) => api.post<TeamDto>(`/api/rounds/${id}/teams`, body),
}

export const teamsApi = {
  update: (id: string, body: UpdateTeamInput) => api.patch<TeamDto>(`/api/teams/${id}`, body),
  remove: (id: string) => api.delete(`/api/teams/${id}`),
}

export interface TargetQueryParams extends QueryParams {
  roundId?: string
  teamId?: string
  unitId?: string
  q?: string
  page?: number
  pageSize?: number
}

export const targetsApi = {
  list: (query: TargetQueryParams) => api.get<Page<TargetDto>>('/api/targets', query),
  get: (id: string) => api.get<TargetDto>(`/api/targets/${id}`),
  create: (body: CreateTargetInput) => api.post<TargetDto>('/api/targets', body),
  update: (id: string, body: UpdateTargetInput) => api.patch<TargetDto>(`/api/targets/${id}`, body),
  remove: (id: string) => api.delete(`/api/targets/${id}`),
  feedback: (id: string) => api.post<TargetDto>(`/api/targets/${id}/feedback`, {}),
  /** Findings by status, measures open / done / overdue, the overdue measures and a weekly burn-down. */
  progress: (id: string) => api.get<TargetProgressDto>(`/api/targets/${id}/progress`),
}
export type { TargetProgressDto }

export const reportsApi = {
  list: (targetId: string) => api.get<ReportRevisionDto[]>(`/api/targets/${targetId}/reports`),
  get: (targetId: string, version: number) =>
    api.get<ReportRevisionDto>(`/api/targets/${targetId}/reports/${version}`),
  create: (targetId: string, body: CreateReportInput) =>
    api.post<ReportRevisionDto>(`/api/targets/${targetId}/reports`, body),
  compose: (targetId: string) =>
    api.get<{ title: string; body: string }>(`/api/targets/${targetId}/reports/compose`),
  compare: (targetId: string, a: number, b: number) =>
    api.get<ReportCompareDto>(`/api/targets/${targetId}/reports/compare`, { a, b }),
  markFinal: (targetId: string, version: number) =>
    api.post<ReportRevisionDto>(`/api/targets/${targetId}/reports/${version}/final`),
}

export type FindingSort = 'seq' | 'createdAt' | 'updatedAt' | 'severity' | 'status' | 'title'

export interface FindingQueryParams extends QueryParams {
  roundId?: string
  targetId?: string
  teamId?: string
  unitId?: string
  categoryId?: string
  severity?: Severity
  status?: FindingStatus
  q?: string
  sort?: FindingSort
  order?: 'asc' | 'desc'
  page?: number
  pageSize?: number
}

export const findingsApi = {
  list: (query: FindingQueryParams) => api.get<Page<FindingDto>>('/api/findings', query),
  get: (id: string) => api.get<FindingDto>(`/api/findings/${id}`),
  create: (body: CreateFindingInput) => api.post<FindingDto>('/api/findings', body),
  update: (id: string, body: UpdateFindingInput) => api.patch<FindingDto>(`/api/findings/${id}`, body),
  transition: (id: string, action: FindingAction, reason?: string) =>
    api.post<FindingDto>(`/api/findings/${id}/transition`, { action, reason }),
  history: (id: string) => api.get<FindingHistoryDto[]>(`/api/findings/${id}/history`),
}

export const taxonomyApi = {
  list: () => api.get<CategoryDto[]>('/api/taxonomy'),
  create: (body: CreateCategoryInput) => api.post<CategoryDto>('/api/taxonomy', body),
  update: (id: string, body: UpdateCategoryInput) => api.patch<CategoryDto>(`/api/taxonomy/${id}`, body),
}

/** A findings import: an .xlsx ledger checked row by row, then committed all rows or none. */
export type ImportJob = ImportJobDto
export type ImportStatus = ImportJob['status']

export const findingImportApi = {
  start: (targetId: string, file: File) => {
    // targetId goes first: the server reads the fields in order and streams the file.
    const form = new FormData()
    form.append('targetId', targetId)
    form.append('file', file)
    return api.upload<ImportJob>('/api/findings/import', form)
  },
  get: (id: string) => api.get<ImportJob>(`/api/findings/import/${id}`),
  commit: (id: string) => api.post<ImportJob>(`/api/findings/import/${id}/commit`),
  template: () => download('/api/findings/import/template.xlsx', {}, 'findings-template.xlsx'),
}

/** A person as the people picker shows them (GET /api/users/lookup). */
export interface UserLookup {
  id: string
  username: string
  displayName: string
  unitName: string
  departmentName?: string | null
}

export const peopleApi = {
  lookup: (q: string, signal?: AbortSignal) =>
    api.get<UserLookup[]>('/api/users/lookup', { q: q || undefined, limit: 20 }, signal),
}

// ---- rectification
export type {
  CalendarDay,
  ExtensionDto,
  MeasureDto,
  MeasureKind,
  PlanDto,
  ProgressDto,
} from '../../../common/rectification'
export type CreateMeasureInput = z.input<typeof CreateMeasure>
export type UpdateMeasureInput = z.input<typeof UpdateMeasure>
export type CreateProgressInput = z.input<typeof CreateProgress>
export type CreateExtensionInput = z.input<typeof CreateExtension>
export type VerificationDto = z.infer<typeof VerificationDto>
export type PlanAction = PlanDto['actions'][number]
export type VerificationAction = 'submit' | 'close' | 'return'

export const plansApi = {
  get: (targetId: string) => api.get<PlanDto>(`/api/targets/${targetId}/plan`),
  update: (targetId: string, summary: string) =>
    api.patch<PlanDto>(`/api/targets/${targetId}/plan`, { summary }),
  transition: (targetId: string, action: PlanAction, reason?: string) =>
    api.post<PlanDto>(`/api/targets/${targetId}/plan/transition`, { action, reason }),
}

export type MeasureSort = 'deadline' | 'createdAt' | 'progress'

export interface MeasureQueryParams extends QueryParams {
  roundId?: string
  targetId?: string
  findingId?: string
  departmentId?: string
  kind?: MeasureKind
  status?: 'open' | 'done'
  overdue?: '1'
  q?: string
  sort?: MeasureSort
  order?: 'asc' | 'desc'
  page?: number
  pageSize?: number
}

export const measuresApi = {
  list: (query: MeasureQueryParams) => api.get<Page<MeasureDto>>('/api/measures', query),
  get: (id: string) => api.get<MeasureDto>(`/api/measures/${id}`),
  create: (body: CreateMeasureInput) => api.post<MeasureDto>('/api/measures', body),
  update: (id: string, body: UpdateMeasureInput) => api.patch<MeasureDto>(`/api/measures/${id}`, body),
  remove: (id: string) => api.delete(`/api/measures/${id}`),
  progress: (id: string) => api.get<ProgressDto[]>(`/api/measures/${id}/progress`),
  postProgress: (id: string, body: CreateProgressInput) =>
    api.post<ProgressDto>(`/api/measures/${id}/progress`, body),
  /** 催办: notifies the unit's leader and liaison and the responsible department's owner. */
  urge: (id: string, message?: string) =>
    api.post<{ recipients: number }>(`/api/measures/${id}/urge`, { message: message || undefined }),
}

/** A stored file (an attachment of a finding, the evidence of a progress post). */
export interface StoredFile {
  id: string
  ownerType: string
  ownerId: string
  name: string
  mime: string
  size: number
  sha256: string
  sm3: string
  createdAt: string
  uploadedByName: string | null
}
export type FileOwner = 'finding' | 'progress'

export const filesApi = {
  list: (ownerType: FileOwner, ownerId: string) =>
    api.get<StoredFile[]>('/api/files', { ownerType, ownerId }),
  upload: (ownerType: FileOwner, ownerId: string, file: File) => {
    const form = new FormData()
    form.append('file', file)
    return api.upload<StoredFile>(`/api/files${toQuery({ ownerType, ownerId })}`, form)
  },
  downloadUrl: (id: string) => `/api/files/${id}/download`,
}

export const verificationApi = {
  history: (findingId: string) => api.get<VerificationDto[]>(`/api/findings/${findingId}/verification`),
  run: (findingId: string, action: VerificationAction, reason?: string) =>
    api.post<VerificationDto[]>(`/api/findings/${findingId}/verification`, { action, reason }),
}

export interface ExtensionQueryParams extends QueryParams {
  status?: ExtensionStatus
  targetId?: string
  page?: number
  pageSize?: number
}

export const extensionsApi = {
  list: (query: ExtensionQueryParams) => api.get<Page<ExtensionDto>>('/api/extensions', query),
  create: (body: CreateExtensionInput) => api.post<ExtensionDto>('/api/extensions', body),
  decide: (id: string, action: 'grant' | 'refuse', note?: string) =>
    api.post<ExtensionDto>(`/api/extensions/${id}/decision`, { action, note }),
}

export const calendarApi = {
  year: (year: number) => api.get<CalendarDay[]>('/api/calendar', { year }),
  put: (date: string, body: { kind: CalendarDay['kind']; name: string }) =>
    api.put<CalendarDay>(`/api/calendar/${date}`, body),
  remove: (date: string) => api.delete(`/api/calendar/${date}`),
  workingDays: (from: string, days: number) =>
    api.get<{ from: string; days: number; date: string }>('/api/calendar/working-days', { from, days }),
}

export interface LedgerQueryParams extends QueryParams {
  roundId?: string
  targetId?: string
  status?: 'open' | 'done'
}

export const ledgerApi = {
  /** The rectification ledger (.xlsx) over the same round / target / status filters as the list. */
  rectification: (query: LedgerQueryParams) =>
    download('/api/ledgers/rectification.xlsx', query, 'rectification-ledger.xlsx'),
}

// ---- referrals (问题线索移交)
export type { CommonProblemDetailDto, CommonProblemDto, ReferralDto }
export type SelfInspectionDto = z.infer<typeof SelfInspectionDto>
export type CreateReferralInput = z.input<typeof CreateReferral>
export type ReferralReceiptInput = z.input<typeof ReferralReceipt>
export type ReferralOutcomeInput = z.input<typeof ReferralOutcome>
export type ReferralStatus = ReferralDto['status']
export type ReferralBody = ReferralDto['bodyKind']

export interface ReferralQueryParams extends QueryParams {
  status?: ReferralStatus
  open?: '1'
  roundId?: string
  findingId?: string
  page?: number
  pageSize?: number
}

export const referralsApi = {
  list: (query: ReferralQueryParams) => api.get<Page<ReferralDto>>('/api/referrals', query),
  create: (body: CreateReferralInput) => api.post<ReferralDto>('/api/referrals', body),
  receipt: (id: string, body: ReferralReceiptInput) =>
    api.post<ReferralDto>(`/api/referrals/${id}/receipt`, body),
  outcome: (id: string, body: ReferralOutcomeInput) =>
    api.post<ReferralDto>(`/api/referrals/${id}/outcome`, body),
}

// ---- common problems (共性问题), use of results (成果运用) and self-inspections (自查)
export type CommonProblemStatus = CommonProblemDto['status']
export type CreateCommonProblemInput = z.input<typeof CreateCommonProblem>
export type UpdateCommonProblemInput = z.input<typeof UpdateCommonProblem>
export type PushSelfInspectionInput = z.input<typeof PushSelfInspection>

export interface CommonProblemQueryParams extends QueryParams {
  status?: CommonProblemStatus
  q?: string
  page?: number
  pageSize?: number
}

export const commonProblemsApi = {
  list: (query: CommonProblemQueryParams) => api.get<Page<CommonProblemDto>>('/api/common-problems', query),
  get: (id: string) => api.get<CommonProblemDetailDto>(`/api/common-problems/${id}`),
  create: (body: CreateCommonProblemInput) => api.post<CommonProblemDetailDto>('/api/common-problems', body),
  update: (id: string, body: UpdateCommonProblemInput) =>
    api.patch<CommonProblemDetailDto>(`/api/common-problems/${id}`, body),
  addFindings: (id: string, findingIds: z.input<typeof AddFindings>['findingIds']) =>
    api.post<CommonProblemDetailDto>(`/api/common-problems/${id}/findings`, { findingIds }),
  removeFinding: (id: string, findingId: string) =>
    api.delete<CommonProblemDetailDto>(`/api/common-problems/${id}/findings/${findingId}`),
  addAction: (id: string, content: z.input<typeof CreateAction>['content']) =>
    api.post<CommonProblemDetailDto>(`/api/common-problems/${id}/actions`, { content }),
  push: (id: string, body: PushSelfInspectionInput) =>
    api.post<CommonProblemDetailDto>(`/api/common-problems/${id}/self-inspections`, body),
}

export const selfInspectionsApi = {
  mine: () => api.get<SelfInspectionDto[]>('/api/self-inspections'),
  report: (id: string, report: string) =>
    api.post<SelfInspectionDto>(`/api/self-inspections/${id}/report`, { report }),
}

// ---- notifications
export type NotificationKind = 'reminder.before' | 'reminder.due' | 'reminder.overdue' | 'urge'
export interface NotificationDto {
  id: string
  /** One of NotificationKind; kept a string so a newer server's kinds still show. */
  kind: string
  title: string
  body: string
  link: string | null
  readAt: string | null
  createdAt: string
}
export interface NotificationPage {
  items: NotificationDto[]
  total: number
  unread: number
  page: number
  pageSize: number
}

export const notificationsApi = {
  list: (query: { unread?: '1'; page?: number; pageSize?: number }) =>
    api.get<NotificationPage>('/api/notifications', query),
  read: (id: string) => api.post<void>(`/api/notifications/${id}/read`),
  readAll: () => api.post<void>('/api/notifications/read-all'),
}
