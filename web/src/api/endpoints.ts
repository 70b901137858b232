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
import { api, download, type QueryParams } from './client'

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
