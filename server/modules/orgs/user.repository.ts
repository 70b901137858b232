import { sql } from 'kysely'
import type { DB } from '../../db/database'
import { prepared } from '../../db/prepared'
import { containsText, startsWith } from '../../db/dialect'
import type { AppUserTable, RoleGrantTable } from '../../db/schema'
import type { UnitScope } from '../access/policy'
import { touchActors } from '../auth/session.repository'

const userColumns = [
  'appUser.id',
  'appUser.username',
  'appUser.displayName',
  'appUser.unitId',
  'appUser.departmentId',
  'appUser.status',
  'appUser.mustChangePassword',
  'appUser.totpEnabled',
  'appUser.lockedUntil',
  'appUser.createdAt',
  'unit.code as unitCode',
  'unit.name as unitName',
  'unit.path as unitPath',
  'department.name as departmentName',
] as const

function withUnit(db: DB) {
  return db
    .selectFrom('appUser')
    .innerJoin('unit', 'unit.id', 'appUser.unitId')
    .leftJoin('department', 'department.id', 'appUser.departmentId')
}

export type UserRow = Awaited<ReturnType<typeof findById>> & {}

export async function findById(db: DB, id: string) {
  return withUnit(db).select(userColumns).where('appUser.id', '=', id).executeTakeFirst()
}

export async function findCredentials(db: DB, username: string) {
  return db
    .selectFrom('appUser')
    .select([
      'id',
      'username',
      'unitId',
      'passwordHash',
      'failedLogins',
      'lockedUntil',
      'status',
      'totpEnabled',
      'totpSecret',
      'totpPendingSecret',
    ])
    .where('username', '=', username)
    .executeTakeFirst()
}

export async function findCredentialsById(db: DB, id: string) {
  return db
    .selectFrom('appUser')
    .select(['id', 'username', 'passwordHash', 'totpSecret', 'totpPendingSecret', 'totpEnabled'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function usernameTaken(db: DB, username: string) {
  const r = await db
    .selectFrom('appUser')
    .select('id')
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst()
  return !!r
}

export async function insert(db: DB, row: AppUserTable) {
  await db.insertInto('appUser').values(row).execute()
}

// what a resolved session holds of its user (auth.service resolveSession)
const SESSION_FIELDS = ['username', 'displayName', 'unitId', 'status', 'mustChangePassword'] as const

export async function update(db: DB, id: string, patch: Partial<AppUserTable>) {
  await db.updateTable('appUser').set(patch).where('id', '=', id).execute()
  if (SESSION_FIELDS.some((k) => k in patch)) await touchActors(db)
}

/** Adds one to the failure count and returns the new count. */
export async function incrementFailures(db: DB, id: string) {
  const r = await db
    .updateTable('appUser')
    .set({ failedLogins: sql`failed_logins + 1` })
    .where('id', '=', id)
    .returning('failedLogins')
    .executeTakeFirstOrThrow()
  return Number(r.failedLogins)
}

export async function recentPasswordHashes(db: DB, userId: string, n: number) {
  const rows = await db
    .selectFrom('passwordHistory')
    .select('passwordHash')
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(n)
    .execute()
  return rows.map((r) => r.passwordHash)
}

export async function addPasswordHistory(
  db: DB,
  row: { id: string; userId: string; passwordHash: string; createdAt: string },
) {
  await db.insertInto('passwordHistory').values(row).execute()
}

export async function grantsOf(db: DB, userIds: string[]) {
  if (userIds.length === 0) return []
  return db
    .selectFrom('roleGrant')
    .leftJoin('unit', (j) =>
      j.onRef('unit.id', '=', 'roleGrant.scopeId').on('roleGrant.scopeType', '=', 'unit'),
    )
    .leftJoin('department', (j) =>
      j.onRef('department.id', '=', 'roleGrant.scopeId').on('roleGrant.scopeType', '=', 'department'),
    )
    .selectAll('roleGrant')
    .select((eb) => eb.fn.coalesce('unit.name', 'department.name').as('scopeName'))
    .where('roleGrant.userId', 'in', userIds)
    .orderBy('roleGrant.createdAt')
    .orderBy('roleGrant.id')
    .execute()
}

export async function findGrant(db: DB, id: string) {
  return db.selectFrom('roleGrant').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertGrant(db: DB, row: RoleGrantTable) {
  await db.insertInto('roleGrant').values(row).execute()
  await touchActors(db)
}

export async function removeGrant(db: DB, id: string) {
  await db.deleteFrom('roleGrant').where('id', '=', id).execute()
  await touchActors(db)
}

export type UserListFilter = {
  scope: UnitScope
  unitPath?: string
  unitId?: string
  q?: string
  role?: string
  status?: 'active' | 'disabled'
  sort: 'username' | 'displayName' | 'createdAt'
  order: 'asc' | 'desc'
}

export async function list(db: DB, f: UserListFilter, page: { limit: number; offset: number }) {
  let q = withUnit(db)
  const scope = f.scope
  if (scope !== 'all') {
    q = q.where((eb) =>
      scope.length ? eb.or(scope.map((p) => startsWith(eb.ref('unit.path'), p))) : eb.lit(false),
    )
  }
  if (f.unitPath) q = q.where((eb) => startsWith(eb.ref('unit.path'), f.unitPath as string))
  if (f.unitId) q = q.where('appUser.unitId', '=', f.unitId)
  if (f.status) q = q.where('appUser.status', '=', f.status)
  if (f.q) {
    const text = f.q
    q = q.where((eb) =>
      eb.or([
        containsText(db, eb.ref('appUser.username'), text),
        containsText(db, eb.ref('appUser.displayName'), text),
      ]),
    )
  }
  if (f.role) {
    const role = f.role
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('roleGrant')
          .select('roleGrant.id')
          .whereRef('roleGrant.userId', '=', 'appUser.id')
          .where('roleGrant.role', '=', role),
      ),
    )
  }
  const sortColumn = {
    username: 'appUser.username',
    displayName: 'appUser.displayName',
    createdAt: 'appUser.createdAt',
  } as const
  const [items, count] = await Promise.all([
    q
      .select(userColumns)
      .orderBy(sortColumn[f.sort], f.order)
      .orderBy('appUser.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}

/**
 * Everything needed to build the Actor of a session: granted roles, plus the team roles
 * that membership of an inspection team carries (the office staffs teams, not the
 * security administrator).
 */
// One query for both kinds, compiled once (it runs on every request): granted roles, and
// team positions as the team's roles.
const rolesAndPositions = prepared((db: DB, userId: string) =>
  db
    .selectFrom('roleGrant')
    .select(['role', 'scopeType', 'scopeId', 'scopePath'])
    .where('userId', '=', userId)
    .unionAll(
      db
        .selectFrom('teamMember')
        .select([
          sql<string>`case when ${sql.ref('position')} = 'leader' then 'team_leader' else 'team_member' end`.as(
            'role',
          ),
          sql<'team'>`'team'`.as('scopeType'),
          'teamId as scopeId',
          sql<string | null>`null`.as('scopePath'),
        ])
        .where('userId', '=', userId),
    ),
)

export async function actorGrants(db: DB, userId: string) {
  return rolesAndPositions(db, userId)
}
