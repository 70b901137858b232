// Who sees which rounds, targets and findings, as SQL, and which roles a person plays
// towards one finding. Drafts never reach the inspected unit; a unit sees only its own.
import type { ExpressionBuilder, Expression, SqlBool } from 'kysely'
import type { Role } from '../../../common/roles'
import type { Database } from '../../db/schema'
import { startsWith } from '../../db/dialect'
import type { Actor } from '../access/context'
import { pathInScope, perGrants, rolePaths, teamsOf, type UnitScope } from '../access/policy'

const UNIT_ROLES: readonly Role[] = ['unit_leader', 'unit_liaison']

export type Scopes = {
  office: UnitScope
  teams: string[]
  unit: UnitScope
  leader: UnitScope
}

/**
 * The keys of `Scopes` whose value, when it is 'all', changes a query's shape: for `shaped`
 * (server/db/prepared.ts), which passes every other value as a parameter.
 */
export const SCOPE_SHAPE = ['office', 'unit', 'leader'] as const

/**
 * Whether the scopes reach the whole system: the office's, a leader's or a unit role's 'all' (a
 * leader and a unit see no draft, a unit only what was handed over).
 */
export const seesAll = (s: Scopes) => s.office === 'all' || s.leader === 'all' || s.unit === 'all'

/** The actor's scopes: worked out once per session's grants list and shared, frozen. */
export function scopesOf(actor: Actor): Scopes {
  return scopesOfGrants(actor.grants)
}
const scopesOfGrants = perGrants((grants): Scopes => {
  const actor = { grants }
  return Object.freeze({
    office: Object.freeze(rolePaths(actor, ['inspection_office'])),
    teams: Object.freeze(teamsOf(actor)),
    unit: Object.freeze(rolePaths(actor, UNIT_ROLES)),
    leader: Object.freeze(rolePaths(actor, ['leader'])),
  }) as Scopes
})

export function anyPath(
  eb: ExpressionBuilder<any, any>,
  column: string,
  scope: UnitScope,
): Expression<SqlBool> | null {
  if (scope === 'all') return eb.lit(true)
  if (scope.length === 0) return null
  return eb.or(scope.map((p) => startsWith(eb.ref(column), p)))
}

/**
 * Visibility of rows carrying a team, an inspected unit and a fed-back time. Columns are
 * passed in so findings and targets share the rule: organizer unit path, team id,
 * inspected unit path, fed-back time, and (for findings) the status.
 */
export function visibleWhere(
  eb: ExpressionBuilder<Database, any>,
  s: Scopes,
  cols: VisibilityColumns,
): Expression<SqlBool> {
  const ors = visibleTerms(eb, s, cols)
  return ors.length ? eb.or(ors) : eb.lit(false)
}

type VisibilityColumns = {
  organizerPath: string
  teamId: string
  unitPath: string
  fedBackAt: string
  status?: string
}

/**
 * The conditions of `visibleWhere`, any one of which makes a row visible (none: nothing is),
 * for a caller that adds conditions of its own: a lone `false or` kept SQLite from using an
 * index for the condition after it.
 */
export function visibleTerms(
  eb: ExpressionBuilder<Database, any>,
  s: Scopes,
  cols: VisibilityColumns,
): Expression<SqlBool>[] {
  const ors: Expression<SqlBool>[] = []
  const office = anyPath(eb, cols.organizerPath, s.office)
  if (office) ors.push(office)
  if (s.teams.length) ors.push(eb(eb.ref(cols.teamId), 'in', s.teams))
  const handedOver = eb(eb.ref(cols.fedBackAt), 'is not', null)
  const unit = anyPath(eb, cols.unitPath, s.unit)
  if (unit) ors.push(eb.and([handedOver, unit]))
  if (s.leader === 'all') {
    // Leadership at the top reads everything the teams have confirmed.
    ors.push(cols.status ? eb(eb.ref(cols.status), '!=', 'draft') : eb.lit(true))
  } else {
    const leader = anyPath(eb, cols.unitPath, s.leader)
    if (leader) ors.push(eb.and([handedOver, leader]))
  }
  return ors
}

/**
 * A finding's columns for `visibleWhere`, with its round's organizer joined as `ou` and its
 * inspected unit as `fu`.
 */
export const JOINED_FINDING_COLUMNS = {
  organizerPath: 'ou.path',
  teamId: 'finding.teamId',
  unitPath: 'fu.path',
  fedBackAt: 'finding.fedBackAt',
  status: 'finding.status',
}

/**
 * A target's columns for `visibleWhere`, with its round's organizer joined as `ou` and its
 * inspected unit as `tu`.
 */
export const JOINED_TARGET_COLUMNS = {
  organizerPath: 'ou.path',
  teamId: 'target.teamId',
  unitPath: 'tu.path',
  fedBackAt: 'target.fedBackAt',
}

/** A target's own columns, for `visibleByIds` over the target table. */
export const TARGET_ID_COLUMNS = {
  roundId: 'target.roundId',
  teamId: 'target.teamId',
  unitId: 'target.unitId',
  fedBackAt: 'target.fedBackAt',
}

/** A finding's own columns, for `visibleByIds` over the finding table. */
export const FINDING_ID_COLUMNS = {
  roundId: 'finding.roundId',
  teamId: 'finding.teamId',
  unitId: 'finding.unitId',
  fedBackAt: 'finding.fedBackAt',
  status: 'finding.status',
}

/**
 * The same rule as `visibleWhere` over a finding's own id columns, for counting without the
 * joins to its round and units: a path scope becomes the ids of the rounds or units under
 * it. `null` when the actor sees every row (nothing to test, nothing to join).
 */
export function visibleByIds(
  eb: ExpressionBuilder<Database, any>,
  s: Scopes,
  cols: { roundId: string; teamId: string; unitId: string; fedBackAt: string; status?: string },
): Expression<SqlBool> | null {
  if (s.office === 'all') return null
  const units = (scope: UnitScope) =>
    scope === 'all'
      ? eb.lit(true)
      : eb(
          eb.ref(cols.unitId),
          'in',
          eb
            .selectFrom('unit')
            .select('unit.id')
            .where((w) => anyPath(w, 'unit.path', scope)!),
        )
  const ors: Expression<SqlBool>[] = []
  if (s.office.length)
    ors.push(
      eb(
        eb.ref(cols.roundId),
        'in',
        eb
          .selectFrom('round')
          .innerJoin('unit', 'unit.id', 'round.organizerUnitId')
          .select('round.id')
          .where((w) => anyPath(w, 'unit.path', s.office)!),
      ),
    )
  if (s.teams.length) ors.push(eb(eb.ref(cols.teamId), 'in', s.teams))
  const handedOver = eb(eb.ref(cols.fedBackAt), 'is not', null)
  if (s.unit === 'all' || s.unit.length) ors.push(eb.and([handedOver, units(s.unit)]))
  // leadership at the top reads every confirmed finding, and every target
  if (s.leader === 'all') ors.push(cols.status ? eb(eb.ref(cols.status), '!=', 'draft') : eb.lit(true))
  else if (s.leader.length) ors.push(eb.and([handedOver, units(s.leader)]))
  return ors.length ? eb.or(ors) : eb.lit(false)
}

/** Roles the actor plays towards one finding or target, for workflow and edit checks. */
export function rolesToward(
  actor: Actor,
  row: { organizerPath: string; teamId: string; unitPath: string; fedBackAt: string | null },
): Role[] {
  const s = scopesOf(actor)
  const roles: Role[] = []
  if (pathInScope(s.office, row.organizerPath)) roles.push('inspection_office')
  if (teamsOf(actor, 'leader').includes(row.teamId)) roles.push('team_leader')
  if (s.teams.includes(row.teamId)) roles.push('team_member')
  if (row.fedBackAt) {
    for (const r of UNIT_ROLES) if (pathInScope(rolePaths(actor, [r]), row.unitPath)) roles.push(r)
    if (pathInScope(s.leader, row.unitPath)) roles.push('leader')
  } else if (s.leader === 'all') {
    roles.push('leader')
  }
  return roles
}
