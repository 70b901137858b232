import { z } from 'zod'
import { LIMITS } from './limits'
import { ROLES, SCOPE_TYPES } from './roles'

export const Id = z.string().uuid()

/** A calendar date YYYY-MM-DD that exists (no 2024-13-45, no 2026-02-30). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
  }, 'not a calendar date')
const name = z.string().trim().min(1).max(LIMITS.name)
const unitCode = z.string().regex(/^\d{6}(\d{3})?$/, 'six-digit GB/T 2260 code (or nine digits for a branch)')

export const UNIT_LEVELS = ['supreme', 'provincial', 'municipal', 'county'] as const
export type UnitLevel = (typeof UNIT_LEVELS)[number]

export const ErrorEnvelope = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
})

export const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
})
export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
}
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number }

// ---- auth
export const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(LIMITS.username),
  password: z.string().min(1).max(LIMITS.password),
  otp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
})
export const RoleGrantDto = z.object({
  id: Id,
  role: z.enum(ROLES),
  scopeType: z.enum(SCOPE_TYPES),
  scopeId: z.string(),
  scopeName: z.string().nullable(),
  grantedAt: z.string(),
})
export type RoleGrantDto = z.infer<typeof RoleGrantDto>
export const UserDto = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  unitId: Id,
  unitCode: z.string(),
  unitName: z.string(),
  departmentId: Id.nullable(),
  departmentName: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  locked: z.boolean(),
  roles: z.array(RoleGrantDto),
  createdAt: z.string(),
})
export type UserDto = z.infer<typeof UserDto>
export const MeDto = z.object({ user: UserDto, csrfToken: z.string(), permissions: z.array(z.string()) })
export type MeDto = z.infer<typeof MeDto>
export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(LIMITS.password),
  newPassword: z.string().min(1).max(LIMITS.password),
})
export const TotpSetupDto = z.object({ secret: z.string(), uri: z.string() })
export const TotpEnableBody = z.strictObject({ otp: z.string().regex(/^\d{6}$/) })
export const TotpDisableBody = z.strictObject({ password: z.string().min(1).max(LIMITS.password) })

// ---- units and departments
export const UnitDto = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  level: z.enum(UNIT_LEVELS),
  parentId: Id.nullable(),
  regionCode: z.string(),
  childCount: z.number().int(),
})
export type UnitDto = z.infer<typeof UnitDto>
export const UnitQuery = PageQuery.extend({
  parentId: Id.optional(),
  level: z.enum(UNIT_LEVELS).optional(),
  q: z.string().trim().max(LIMITS.name).optional(),
  sort: z.enum(['code', 'name']).default('code'),
})
export const CreateUnit = z.strictObject({
  code: unitCode,
  name,
  shortName: name.optional(),
  parentId: Id,
  regionCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
})
export const UpdateUnit = z.strictObject({ name: name.optional(), shortName: name.nullable().optional() })

export const DepartmentDto = z.object({
  id: Id,
  unitId: Id,
  unitName: z.string(),
  name: z.string(),
  description: z.string(),
  userCount: z.number().int(),
})
export type DepartmentDto = z.infer<typeof DepartmentDto>
export const DepartmentQuery = PageQuery.extend({
  unitId: Id.optional(),
  q: z.string().trim().max(LIMITS.name).optional(),
})
export const CreateDepartment = z.strictObject({
  unitId: Id,
  name,
  description: z.string().max(LIMITS.text).default(''),
})
export const UpdateDepartment = z.strictObject({
  name: name.optional(),
  description: z.string().max(LIMITS.text).optional(),
})

// ---- users and roles
export const UserQuery = PageQuery.extend({
  unitId: Id.optional(),
  subtree: z.enum(['0', '1']).default('1'),
  q: z.string().trim().max(LIMITS.name).optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  sort: z.enum(['username', 'displayName', 'createdAt']).default('username'),
  order: z.enum(['asc', 'desc']).default('asc'),
})
export const UserLookupQuery = z.strictObject({
  q: z.string().trim().max(LIMITS.name).optional(),
  unitId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})
export const UserLookupDto = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  unitName: z.string(),
  departmentName: z.string().nullable(),
})
export type UserLookupDto = z.infer<typeof UserLookupDto>
export const CreateUser = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,32}$/, '3–32 letters, digits, _ . -'),
  displayName: name,
  unitId: Id,
  departmentId: Id.nullable().optional(),
  password: z.string().min(1).max(LIMITS.password),
})
export const UpdateUser = z.strictObject({
  displayName: name.optional(),
  departmentId: Id.nullable().optional(),
  status: z.enum(['active', 'disabled']).optional(),
})
export const ResetPasswordBody = z.strictObject({ password: z.string().min(1).max(LIMITS.password) })
export const GrantRoleBody = z.strictObject({
  role: z.enum(ROLES),
  scopeType: z.enum(SCOPE_TYPES).optional(),
  scopeId: z.string().min(1).max(64).optional(),
})

// ---- audit
export const AuditEventDto = z.object({
  id: Id,
  seq: z.number().int(),
  occurredAt: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  unitId: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'failure']),
  ip: z.string().nullable(),
  details: z.unknown(),
  hash: z.string(),
})
export type AuditEventDto = z.infer<typeof AuditEventDto>
export const AuditQuery = PageQuery.extend({
  q: z.string().trim().max(LIMITS.name).optional(),
  action: z.string().max(64).optional(),
  actor: z.string().max(LIMITS.username).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
})
export const AuditVerifyDto = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  algorithm: z.string(),
  firstBadSeq: z.number().int().nullable(),
  firstBadId: z.string().nullable(),
  reason: z.enum(['edited', 'deleted', 'reordered', 'truncated']).nullable(),
})
export type AuditVerifyDto = z.infer<typeof AuditVerifyDto>

type Patched<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I> ? I : S[K]>
}

/**
 * The body of a PATCH: every field optional, and no defaults. (zod's `.partial()` keeps a
 * field's `.default()`, so a PATCH naming only the title would reset every defaulted field.)
 */
export function patchOf<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
): z.ZodObject<Patched<S>, z.core.$strict> {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, field] of Object.entries(schema.shape)) {
    const bare = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)
    shape[key] = bare.optional()
  }
  return z.strictObject(shape) as unknown as z.ZodObject<Patched<S>, z.core.$strict>
}
