import { v7 as uuidv7 } from 'uuid'
import { LIMITS } from '../../../common/limits'
import { ROLE_SCOPES, separationConflict, type Role, type ScopeType } from '../../../common/roles'
import type { RoleGrantDto, UserDto } from '../../../common/schemas'
import type { DB } from '../../db/database'
import { AppError, badRequest, conflict, forbidden, notFound } from '../../errors'
import type { Ctx } from '../access/context'
import {
  pathInScope,
  requireActor,
  requirePermission,
  requireUnitScope,
  unitPathsFor,
} from '../access/policy'
import * as audit from '../audit/audit.service'
import { hashPassword, passwordRuleFailures } from '../auth/password'
import * as sessions from '../auth/session.repository'
import * as departments from './department.repository'
import * as units from './unit.repository'
import * as repo from './user.repository'

type GrantRow = Awaited<ReturnType<typeof repo.grantsOf>>[number]

function presentGrant(g: GrantRow): RoleGrantDto {
  return {
    id: g.id,
    role: g.role as Role,
    scopeType: g.scopeType,
    scopeId: g.scopeId,
    scopeName: g.scopeName ?? null,
    grantedAt: g.createdAt,
  }
}

function present(u: NonNullable<repo.UserRow>, grants: GrantRow[]): UserDto {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    unitId: u.unitId,
    unitCode: u.unitCode,
    unitName: u.unitName,
    departmentId: u.departmentId,
    departmentName: u.departmentName ?? null,
    status: u.status,
    mustChangePassword: !!u.mustChangePassword,
    totpEnabled: !!u.totpEnabled,
    locked: !!u.lockedUntil && u.lockedUntil > new Date().toISOString(),
    roles: grants.filter((g) => g.userId === u.id).map(presentGrant),
    createdAt: u.createdAt,
  }
}

export async function presentOne(db: DB, id: string): Promise<UserDto> {
  const u = await repo.findById(db, id)
  if (!u) throw notFound('user')
  return present(u, await repo.grantsOf(db, [id]))
}

export async function list(
  db: DB,
  ctx: Ctx,
  query: {
    unitId?: string
    subtree: '0' | '1'
    q?: string
    role?: string
    status?: 'active' | 'disabled'
    sort: 'username' | 'displayName' | 'createdAt'
    order: 'asc' | 'desc'
    page: number
    pageSize: number
  },
) {
  const actor = requirePermission(ctx, 'user.read')
  const scope = unitPathsFor(actor, 'user.read')
  let unitPath: string | undefined
  let unitId: string | undefined
  if (query.unitId) {
    const unit = await units.findById(db, query.unitId)
    if (!unit) throw notFound('unit')
    if (query.subtree === '1') unitPath = unit.path
    else unitId = unit.id
  }
  const { items, total } = await repo.list(
    db,
    {
      scope,
      unitPath,
      unitId,
      q: query.q,
      role: query.role,
      status: query.status,
      sort: query.sort,
      order: query.order,
    },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  )
  const grants = await repo.grantsOf(
    db,
    items.map((u) => u.id),
  )
  return { items: items.map((u) => present(u, grants)), total, page: query.page, pageSize: query.pageSize }
}

/** Loads a user the actor may see under `permission`; another subtree's user is forbidden. */
async function userInScope(
  db: DB,
  ctx: Ctx,
  id: string,
  permission: 'user.read' | 'user.manage' | 'role.grant',
) {
  requirePermission(ctx, permission)
  const u = await repo.findById(db, id)
  if (!u) throw notFound('user')
  requireUnitScope(ctx, permission, u.unitPath)
  return u
}

/**
 * A people picker for business managers (staffing teams, naming owners): active users in
 * the subtrees where the actor manages inspections or users, minimal fields only.
 */
export async function lookup(db: DB, ctx: Ctx, query: { q?: string; unitId?: string; limit: number }) {
  const actor = requireActor(ctx)
  const scopes = (['inspection.manage', 'user.read'] as const).map((p) => unitPathsFor(actor, p))
  const scope = scopes.includes('all') ? 'all' : [...new Set(scopes.flat() as string[])]
  if (scope !== 'all' && scope.length === 0) throw forbidden()
  const { items } = await repo.list(
    db,
    { scope, unitId: query.unitId, q: query.q, status: 'active', sort: 'username', order: 'asc' },
    { limit: query.limit, offset: 0 },
  )
  return items.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    unitName: u.unitName,
    departmentName: u.departmentName ?? null,
  }))
}

export async function get(db: DB, ctx: Ctx, id: string) {
  const u = await userInScope(db, ctx, id, 'user.read')
  return present(u, await repo.grantsOf(db, [id]))
}

function checkPolicy(password: string, username: string) {
  const rules = passwordRuleFailures(password, username)
  if (rules.length)
    throw badRequest(
      'password_policy',
      '密码不符合要求：至少10位，包含大小写字母、数字、符号中的三类，且不含用户名',
      { rules },
    )
}

async function departmentOfUnit(db: DB, departmentId: string | null | undefined, unitId: string) {
  if (!departmentId) return null
  const d = await departments.findById(db, departmentId)
  if (!d || d.unitId !== unitId) throw badRequest('department_mismatch', '部门不属于该单位')
  return d.id
}

export async function create(
  db: DB,
  ctx: Ctx,
  input: {
    username: string
    displayName: string
    unitId: string
    departmentId?: string | null
    password: string
  },
  opts: { mustChangePassword?: boolean } = {},
) {
  const unit = await units.findById(db, input.unitId)
  if (!unit) throw notFound('unit')
  if (ctx.actor) requireUnitScope(ctx, 'user.manage', unit.path)
  checkPolicy(input.password, input.username)
  const passwordHash = await hashPassword(input.password)
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    if (await repo.usernameTaken(trx, input.username)) throw conflict('username_taken', '用户名已存在')
    const departmentId = await departmentOfUnit(trx, input.departmentId, unit.id)
    const now = new Date().toISOString()
    await repo.insert(trx, {
      id,
      username: input.username,
      displayName: input.displayName,
      unitId: unit.id,
      departmentId,
      passwordHash,
      mustChangePassword: opts.mustChangePassword === false ? 0 : 1,
      passwordChangedAt: now,
      failedLogins: 0,
      lockedUntil: null,
      totpSecret: null,
      totpPendingSecret: null,
      totpEnabled: 0,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    })
    await repo.addPasswordHistory(trx, { id: uuidv7(), userId: id, passwordHash, createdAt: now })
    await audit.record(trx, ctx, {
      action: 'user.create',
      objectType: 'user',
      objectId: id,
      details: { username: input.username, unitCode: unit.code },
    })
  })
  return presentOne(db, id)
}

export async function update(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { displayName?: string; departmentId?: string | null; status?: 'active' | 'disabled' },
) {
  const u = await userInScope(db, ctx, id, 'user.manage')
  if (input.status === 'disabled' && ctx.actor?.id === id)
    throw badRequest('cannot_disable_self', '不能停用自己的账户')
  await db.transaction().execute(async (trx) => {
    const departmentId =
      input.departmentId === undefined ? undefined : await departmentOfUnit(trx, input.departmentId, u.unitId)
    await repo.update(trx, id, {
      ...(input.displayName !== undefined && { displayName: input.displayName }),
      ...(departmentId !== undefined && { departmentId }),
      ...(input.status !== undefined && { status: input.status }),
      updatedAt: new Date().toISOString(),
    })
    if (input.status === 'disabled') await sessions.removeForUser(trx, id)
    await audit.record(trx, ctx, {
      action: 'user.update',
      objectType: 'user',
      objectId: id,
      details: { ...input },
    })
  })
  return presentOne(db, id)
}

export async function resetPassword(db: DB, ctx: Ctx, id: string, password: string) {
  const u = await userInScope(db, ctx, id, 'user.manage')
  checkPolicy(password, u.username)
  const passwordHash = await hashPassword(password)
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await repo.update(trx, id, {
      passwordHash,
      mustChangePassword: 1,
      passwordChangedAt: now,
      updatedAt: now,
    })
    await repo.addPasswordHistory(trx, { id: uuidv7(), userId: id, passwordHash, createdAt: now })
    await sessions.removeForUser(trx, id)
    await audit.record(trx, ctx, { action: 'user.reset_password', objectType: 'user', objectId: id })
  })
}

export async function unlock(db: DB, ctx: Ctx, id: string) {
  await userInScope(db, ctx, id, 'user.manage')
  await db.transaction().execute(async (trx) => {
    await repo.update(trx, id, { failedLogins: 0, lockedUntil: null, updatedAt: new Date().toISOString() })
    await audit.record(trx, ctx, { action: 'user.unlock', objectType: 'user', objectId: id })
  })
}

export async function rolesOf(db: DB, ctx: Ctx, id: string) {
  await userInScope(db, ctx, id, 'user.read')
  return (await repo.grantsOf(db, [id])).map(presentGrant)
}

/** Resolves a grant's scope to its id and, for units, its path; the grantor must cover it. */
async function resolveScope(db: DB, ctx: Ctx, scopeType: ScopeType, scopeId: string) {
  if (scopeType === 'unit') {
    const unit = await units.findById(db, scopeId)
    if (!unit) throw notFound('unit')
    requireUnitScope(ctx, 'role.grant', unit.path)
    return { scopeId: unit.id, scopePath: unit.path }
  }
  if (scopeType === 'department') {
    const d = await departments.findById(db, scopeId)
    if (!d) throw notFound('department')
    requireUnitScope(ctx, 'role.grant', d.unitPath)
    return { scopeId: d.id, scopePath: null }
  }
  throw badRequest('scope_not_supported', '该范围类型尚无可授予的对象')
}

export async function grantRole(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { role: Role; scopeType?: ScopeType; scopeId?: string },
  opts: { bootstrap?: boolean } = {},
) {
  const u = opts.bootstrap ? await repo.findById(db, id) : await userInScope(db, ctx, id, 'role.grant')
  if (!u) throw notFound('user')
  if (!opts.bootstrap && ctx.actor?.id === id) throw forbidden('不能为自己授予或撤销角色')
  const allowed = ROLE_SCOPES[input.role]
  const scopeType = input.scopeType ?? allowed[0]
  if (!allowed.includes(scopeType)) {
    throw badRequest('invalid_scope', `角色 ${input.role} 不能以 ${scopeType} 为范围`, { allowed })
  }
  const scopeIdInput = input.scopeId ?? (scopeType === 'unit' ? u.unitId : u.departmentId)
  if (!scopeIdInput) throw badRequest('invalid_scope', '请指定授权范围')
  const scope = opts.bootstrap
    ? await resolveScopeUnchecked(db, scopeType, scopeIdInput)
    : await resolveScope(db, ctx, scopeType, scopeIdInput)
  const grantId = uuidv7()
  await db.transaction().execute(async (trx) => {
    // every role the server acts on, team membership included
    const held = (await repo.actorGrants(trx, id)).map((g) => g.role)
    const clash = separationConflict(held, input.role)
    if (clash) {
      throw conflict(
        'separation_of_duties',
        '三员分立：系统管理员、安全保密管理员、安全审计员互相排斥，且不得兼任业务角色',
        { conflictingRole: clash, role: input.role },
      )
    }
    const existing = (await repo.grantsOf(trx, [id])).find(
      (g) => g.role === input.role && g.scopeType === scopeType && g.scopeId === scope.scopeId,
    )
    if (existing) throw conflict('role_already_granted', '该用户已拥有此角色与范围')
    await repo.insertGrant(trx, {
      id: grantId,
      userId: id,
      role: input.role,
      scopeType,
      scopeId: scope.scopeId,
      scopePath: scope.scopePath,
      grantedBy: ctx.actor?.id ?? null,
      createdAt: new Date().toISOString(),
    })
    await audit.record(trx, ctx, {
      action: 'role.grant',
      objectType: 'user',
      objectId: id,
      details: { role: input.role, scopeType, scopeId: scope.scopeId, username: u.username },
    })
  })
  const grant = (await repo.grantsOf(db, [id])).find((g) => g.id === grantId)
  if (!grant) throw new AppError(500, 'internal_error', 'grant vanished')
  return presentGrant(grant)
}

async function resolveScopeUnchecked(db: DB, scopeType: ScopeType, scopeId: string) {
  if (scopeType === 'unit') {
    const unit = (await units.findById(db, scopeId)) ?? (await units.findByCode(db, scopeId))
    if (!unit) throw notFound('unit')
    return { scopeId: unit.id, scopePath: unit.path }
  }
  const d = await departments.findById(db, scopeId)
  if (!d) throw notFound('department')
  return { scopeId: d.id, scopePath: null }
}

export async function revokeRole(db: DB, ctx: Ctx, id: string, grantId: string) {
  const u = await userInScope(db, ctx, id, 'role.grant')
  if (ctx.actor?.id === id) throw forbidden('不能为自己授予或撤销角色')
  const grant = await repo.findGrant(db, grantId)
  if (!grant || grant.userId !== id) throw notFound('role_grant')
  if (grant.scopePath && !pathInScope(unitPathsFor(ctx.actor!, 'role.grant'), grant.scopePath))
    throw forbidden()
  await db.transaction().execute(async (trx) => {
    await repo.removeGrant(trx, grantId)
    await audit.record(trx, ctx, {
      action: 'role.revoke',
      objectType: 'user',
      objectId: id,
      details: { role: grant.role, scopeType: grant.scopeType, scopeId: grant.scopeId, username: u.username },
    })
  })
}

export const PASSWORD_HISTORY = LIMITS.passwordHistory
