import { PERMISSIONS, type Permission, type Role } from '../../../common/roles'
import { AppError, forbidden, unauthenticated } from '../../errors'
import { keptWith } from '../../bounded'
import type { Actor, Ctx } from './context'

/** Every permission key the actor holds through any grant. */
export function permissionsOf(actor: Pick<Actor, 'grants'>): Permission[] {
  return [...held(actor.grants)]
}

/**
 * What `compute` makes of a grants list, worked out once per list where the list is frozen: a
 * session's grants are one frozen list, shared by its requests until the actors change. A list
 * that is not frozen (built for one call) is computed afresh each time.
 */
export function perGrants<T>(compute: (grants: Actor['grants']) => T): (grants: Actor['grants']) => T {
  const once = keptWith(compute)
  return (grants) => (Object.isFrozen(grants) ? once(grants) : compute(grants))
}

const held = perGrants((grants): ReadonlySet<Permission> => {
  const roles = new Set(grants.map((g) => g.role))
  return new Set(
    (Object.keys(PERMISSIONS) as Permission[]).filter((p) =>
      (PERMISSIONS[p] as readonly string[]).some((r) => roles.has(r as never)),
    ),
  )
})

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw unauthenticated()
  return ctx.actor
}

export function requirePermission(ctx: Ctx, permission: Permission): Actor {
  const actor = requireActor(ctx)
  if (!held(actor.grants).has(permission)) throw forbidden()
  return actor
}

export type UnitScope = 'all' | string[]

/** The unit subtrees (as path prefixes) in which the actor holds `permission`. */
export function unitPathsFor(actor: Actor, permission: Permission): UnitScope {
  return rolePaths(actor, PERMISSIONS[permission])
}

/** The unit subtrees in which the actor holds one of `roles`; the root unit's subtree is 'all'. */
export function rolePaths(actor: Pick<Actor, 'grants'>, roles: readonly Role[]): UnitScope {
  const paths = actor.grants
    .filter((g) => roles.includes(g.role) && g.scopeType === 'unit' && g.scopePath)
    .map((g) => g.scopePath as string)
  if (paths.some((p) => p.split('/').filter(Boolean).length === 1)) return 'all'
  return paths
}

/** Departments whose owner the actor is (department_owner held with a department scope). */
export function departmentsOf(actor: Actor): string[] {
  return actor.grants
    .filter((g) => g.role === 'department_owner' && g.scopeType === 'department')
    .map((g) => g.scopeId)
}

/** Teams the actor belongs to, as leader or (leader or member). */
export function teamsOf(actor: Pick<Actor, 'grants'>, position: 'leader' | 'any' = 'any'): string[] {
  const roles: readonly Role[] = position === 'leader' ? ['team_leader'] : ['team_leader', 'team_member']
  return actor.grants.filter((g) => g.scopeType === 'team' && roles.includes(g.role)).map((g) => g.scopeId)
}

/** For settings that bind every unit (the holiday calendar, the light rule): the permission held at the top. */
export function requireTopLevel(ctx: Ctx, permission: Permission): Actor {
  const actor = requirePermission(ctx, permission)
  if (unitPathsFor(actor, permission) !== 'all') throw forbidden('该设置影响全系统，只能由最高检相关部门维护')
  return actor
}

export function pathInScope(scope: UnitScope, unitPath: string): boolean {
  return scope === 'all' || scope.some((p) => unitPath.startsWith(p))
}

/** Throws `forbidden` unless `unitPath` lies inside a subtree where the actor holds `permission`. */
export function requireUnitScope(ctx: Ctx, permission: Permission, unitPath: string): Actor {
  const actor = requirePermission(ctx, permission)
  if (!pathInScope(unitPathsFor(actor, permission), unitPath)) {
    throw new AppError(403, 'forbidden', '该单位不在您的管理范围内')
  }
  return actor
}
