import type { SelectQueryBuilder } from 'kysely'
import type { DB } from '../../db/database'
import { containsText } from '../../db/dialect'
import { pageOf, prepared, rowsOfPage, shaped } from '../../db/prepared'
import type { Database, RoundTable, TargetTable, TeamTable } from '../../db/schema'
import {
  anyPath,
  FINDING_ID_COLUMNS,
  JOINED_FINDING_COLUMNS,
  SCOPE_SHAPE,
  TARGET_ID_COLUMNS,
  type Scopes,
  visibleByIds,
  visibleWhere,
} from './inspection.policy'
import { touchActors } from '../auth/session.repository'

// ---- rounds
function roundsBase(db: DB) {
  return db.selectFrom('round').innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
}

const roundColumns = [
  'round.id',
  'round.organizerUnitId',
  'ou.name as organizerUnitName',
  'ou.path as organizerPath',
  'round.name',
  'round.year',
  'round.ordinal',
  'round.startDate',
  'round.endDate',
  'round.phase',
  'round.description',
  'round.createdAt',
] as const

/** The rounds a person sees: those their unit organizes, all for leaders, and those with a target they see. */
function visibleRounds(db: DB, s: Scopes) {
  return roundsBase(db).where((eb) =>
    eb.or([
      anyPath(eb, 'ou.path', s.office) ?? eb.lit(false),
      eb.lit(s.leader === 'all'),
      eb.exists(
        eb
          .selectFrom('target as t')
          .innerJoin('unit as tu', 'tu.id', 't.unitId')
          .select('t.id')
          .whereRef('t.roundId', '=', 'round.id')
          .where((e2) =>
            visibleWhere(e2, s, {
              organizerPath: 'ou.path',
              teamId: 't.teamId',
              unitPath: 'tu.path',
              fedBackAt: 't.fedBackAt',
            }),
          ),
      ),
    ]),
  )
}

type RoundFilter = { year?: number; phase?: string; q?: string }

function roundsMatching(db: DB, s: Scopes, f: RoundFilter) {
  let q = visibleRounds(db, s)
  if (f.year) q = q.where('round.year', '=', f.year)
  if (f.phase) q = q.where('round.phase', '=', f.phase)
  if (f.q) {
    const text = f.q
    // by the round's name or its organizer's: each procuratorate names its own rounds alike
    q = q.where((eb) =>
      eb.or([containsText(db, eb.ref('round.name'), text), containsText(db, eb.ref('ou.name'), text)]),
    )
  }
  return q
}

const roundPage = shaped(
  (db: DB, a: { s: Scopes; f: RoundFilter; limit: number; offset: number }) =>
    roundsMatching(db, a.s, a.f)
      .select(roundColumns)
      .select((eb) => [
        eb
          .selectFrom('team')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('team.roundId', '=', 'round.id')
          .as('teamCount'),
        eb
          .selectFrom('target')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('target.roundId', '=', 'round.id')
          .as('targetCount'),
      ])
      .orderBy('round.year', 'desc')
      .orderBy('round.ordinal', 'desc')
      .$call((q) => pageOf(q, a)),
  [...SCOPE_SHAPE, 'limit'],
)

const roundCount = shaped(
  (db: DB, a: { s: Scopes; f: RoundFilter }) =>
    roundsMatching(db, a.s, a.f).select((eb) => eb.fn.countAll<number>().as('n')),
  SCOPE_SHAPE,
)

export async function listRounds(db: DB, s: Scopes, f: RoundFilter, page: { limit: number; offset: number }) {
  const filter = { year: f.year, phase: f.phase, q: f.q }
  const [items, [count]] = await Promise.all([
    roundPage(db, { s, f: filter, ...page }),
    roundCount(db, { s, f: filter }),
  ])
  return { items, total: Number(count!.n) }
}

/** The latest rounds a person sees, for choosing one: names only, without the counts of a list page. */
export async function roundChoices(db: DB, s: Scopes, limit: number) {
  return choices(db, { s, limit })
}

const choices = shaped(
  (db: DB, { s, limit }: { s: Scopes; limit: number }) =>
    visibleRounds(db, s)
      .select(['round.id', 'round.name', 'round.year'])
      .orderBy('round.year', 'desc')
      .orderBy('round.ordinal', 'desc')
      .limit(limit),
  SCOPE_SHAPE,
)

const roundById = prepared((db: DB, id: string) =>
  roundsBase(db)
    .select(roundColumns)
    .select((eb) => [
      eb
        .selectFrom('team')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('team.roundId', '=', 'round.id')
        .as('teamCount'),
      eb
        .selectFrom('target')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('target.roundId', '=', 'round.id')
        .as('targetCount'),
    ])
    .where('round.id', '=', id),
)

export async function findRound(db: DB, id: string) {
  return (await roundById(db, id))[0]
}

export async function roundExists(db: DB, organizerUnitId: string, year: number, ordinal: number) {
  return !!(await db
    .selectFrom('round')
    .select('id')
    .where('organizerUnitId', '=', organizerUnitId)
    .where('year', '=', year)
    .where('ordinal', '=', ordinal)
    .executeTakeFirst())
}

export async function insertRound(db: DB, row: RoundTable) {
  await db.insertInto('round').values(row).execute()
}

export async function updateRound(db: DB, id: string, patch: Partial<RoundTable>) {
  await db.updateTable('round').set(patch).where('id', '=', id).execute()
}

/** How many findings of each round the scopes may see, counted from the finding rows alone. */
const totalsByRound = shaped(
  (db: DB, a: { roundIds: string[]; visible: Scopes }) =>
    db
      .selectFrom('finding')
      .select('finding.roundId')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('finding.roundId', 'in', a.roundIds)
      .where((eb) => visibleByIds(eb, a.visible, FINDING_ID_COLUMNS) ?? eb.lit(true))
      .groupBy('finding.roundId'),
  SCOPE_SHAPE,
)

export async function findingTotalsByRound(db: DB, roundIds: string[], visible: Scopes) {
  if (roundIds.length === 0) return []
  return totalsByRound(db, { roundIds, visible })
}

/** Finding counts of the given rounds, by status and by category. */
export async function findingCountsByRound(db: DB, roundIds: string[], visible?: Scopes) {
  if (roundIds.length === 0) return []
  let q = db
    .selectFrom('finding')
    .innerJoin('round', 'round.id', 'finding.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .innerJoin('unit as fu', 'fu.id', 'finding.unitId')
    .where('finding.roundId', 'in', roundIds)
  if (visible) {
    q = q.where((eb) => visibleWhere(eb, visible, JOINED_FINDING_COLUMNS))
  }
  return q
    .select(['finding.roundId', 'finding.targetId', 'finding.status', 'finding.categoryId'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['finding.roundId', 'finding.targetId', 'finding.status', 'finding.categoryId'])
    .execute()
}

// ---- teams
export async function teamsOfRound(db: DB, roundId: string) {
  return db
    .selectFrom('team')
    .selectAll('team')
    .select((eb) =>
      eb
        .selectFrom('target')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('target.teamId', '=', 'team.id')
        .as('targetCount'),
    )
    .where('roundId', '=', roundId)
    .orderBy('sortOrder')
    .orderBy('name')
    .execute()
}

export async function membersOf(db: DB, teamIds: string[]) {
  if (teamIds.length === 0) return []
  return db
    .selectFrom('teamMember')
    .innerJoin('appUser', 'appUser.id', 'teamMember.userId')
    .innerJoin('unit', 'unit.id', 'appUser.unitId')
    .select([
      'teamMember.teamId',
      'teamMember.userId',
      'teamMember.position',
      'appUser.username',
      'appUser.displayName',
      'unit.name as unitName',
    ])
    .where('teamMember.teamId', 'in', teamIds)
    .orderBy('teamMember.position')
    .orderBy('appUser.username')
    .execute()
}

export async function findTeam(db: DB, id: string) {
  return db
    .selectFrom('team')
    .innerJoin('round', 'round.id', 'team.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .selectAll('team')
    .select(['ou.path as organizerPath', 'round.phase'])
    .where('team.id', '=', id)
    .executeTakeFirst()
}

export async function teamNameTaken(db: DB, roundId: string, name: string, exceptId?: string) {
  let q = db.selectFrom('team').select('id').where('roundId', '=', roundId).where('name', '=', name)
  if (exceptId) q = q.where('id', '!=', exceptId)
  return !!(await q.executeTakeFirst())
}

export async function insertTeam(db: DB, row: TeamTable) {
  await db.insertInto('team').values(row).execute()
}

export async function updateTeam(db: DB, id: string, patch: Partial<TeamTable>) {
  await db.updateTable('team').set(patch).where('id', '=', id).execute()
}

export async function deleteTeam(db: DB, id: string) {
  await db.deleteFrom('teamMember').where('teamId', '=', id).execute()
  await db.deleteFrom('team').where('id', '=', id).execute()
  await touchActors(db)
}

export async function replaceMembers(
  db: DB,
  teamId: string,
  members: { userId: string; position: 'leader' | 'member' }[],
) {
  await db.deleteFrom('teamMember').where('teamId', '=', teamId).execute()
  if (members.length > 0) {
    const now = new Date().toISOString()
    await db
      .insertInto('teamMember')
      .values(members.map((m) => ({ teamId, userId: m.userId, position: m.position, createdAt: now })))
      .execute()
  }
  // a team's members hold its roles (session.repository)
  await touchActors(db)
}

// ---- targets
function targetsBase(db: DB) {
  return targetJoins(db.selectFrom('target'))
}

function targetJoins(q: SelectQueryBuilder<Database, 'target', object>) {
  return q
    .innerJoin('round', 'round.id', 'target.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .innerJoin('team', 'team.id', 'target.teamId')
    .innerJoin('unit as tu', 'tu.id', 'target.unitId')
}

const targetColumns = [
  'target.id',
  'target.roundId',
  'round.name as roundName',
  'round.phase as roundPhase',
  'target.teamId',
  'team.name as teamName',
  'target.unitId',
  'tu.code as unitCode',
  'tu.name as unitName',
  'tu.path as unitPath',
  'ou.path as organizerPath',
  'target.onsiteStart',
  'target.onsiteEnd',
  'target.feedbackDate',
  'target.rectificationDeadline',
  'target.fedBackAt',
  'target.finalReportId',
] as const

export type TargetRow = NonNullable<Awaited<ReturnType<typeof findTarget>>>

const targetById = prepared((db: DB, id: string) =>
  targetsBase(db).select(targetColumns).where('target.id', '=', id),
)

export async function findTarget(db: DB, id: string) {
  return (await targetById(db, id))[0]
}

type TargetFilter = { roundId?: string; teamId?: string; unitId?: string; q?: string }

/**
 * The visible targets matching the filter, from the target's own columns (a unit scope becomes
 * the ids of the units under it), with its unit joined only to search its name. The list's
 * joins are one row each by foreign key: its count needs none of them, and its page joins
 * only the ids it chose (9,850 targets at national scale: 100 ms a page for the office,
 * through all the joins, and 76 ms the count).
 */
function targetsMatching(db: DB, s: Scopes, f: TargetFilter, forPage: boolean) {
  let q = db
    .selectFrom('target')
    .$if(forPage || !!f.q, (qb) => qb.innerJoin('unit as tu', 'tu.id', 'target.unitId'))
    .$if(forPage, (qb) => qb.innerJoin('round', 'round.id', 'target.roundId'))
    .where((eb) => visibleByIds(eb, s, TARGET_ID_COLUMNS) ?? eb.lit(true))
  if (f.roundId) q = q.where('target.roundId', '=', f.roundId)
  if (f.teamId) q = q.where('target.teamId', '=', f.teamId)
  if (f.unitId) q = q.where('target.unitId', '=', f.unitId)
  if (f.q) {
    const text = f.q
    q = q.where((eb) => containsText(db, eb.ref('tu.name' as never), text))
  }
  return q
}

const targetPage = shaped(
  (db: DB, a: { s: Scopes; f: TargetFilter; limit: number; offset: number }) => {
    const ids = (targetsMatching(db, a.s, a.f, true) as unknown as ReturnType<typeof targetsBase>)
      .select('target.id')
      .orderBy('round.year', 'desc')
      .orderBy('round.ordinal', 'desc')
      .orderBy('tu.code')
      .orderBy('target.id')
      .$call((q) => pageOf(q, a))
    return targetJoins(rowsOfPage(db, ids, 'target', 'target'))
      .select(targetColumns)
      .orderBy('round.year', 'desc')
      .orderBy('round.ordinal', 'desc')
      .orderBy('tu.code')
      .orderBy('target.id')
  },
  [...SCOPE_SHAPE, 'limit'],
)

const targetCount = shaped(
  (db: DB, a: { s: Scopes; f: TargetFilter }) =>
    targetsMatching(db, a.s, a.f, false).select((eb) => eb.fn.countAll<number>().as('n')),
  SCOPE_SHAPE,
)

export async function listTargets(
  db: DB,
  s: Scopes,
  f: TargetFilter,
  page: { limit: number; offset: number },
) {
  const filter = { roundId: f.roundId, teamId: f.teamId, unitId: f.unitId, q: f.q }
  const [items, [count]] = await Promise.all([
    targetPage(db, { s, f: filter, ...page }),
    targetCount(db, { s, f: filter }),
  ])
  return { items, total: Number(count!.n) }
}

export async function targetExists(db: DB, roundId: string, unitId: string) {
  return !!(await db
    .selectFrom('target')
    .select('id')
    .where('roundId', '=', roundId)
    .where('unitId', '=', unitId)
    .executeTakeFirst())
}

export async function insertTarget(db: DB, row: TargetTable) {
  await db.insertInto('target').values(row).execute()
}

export async function updateTarget(db: DB, id: string, patch: Partial<TargetTable>) {
  await db.updateTable('target').set(patch).where('id', '=', id).execute()
}

export async function deleteTarget(db: DB, id: string) {
  await db.deleteFrom('target').where('id', '=', id).execute()
}

/** Finding counts by status for the given targets, limited to what the actor may see. */
export async function statusCounts(db: DB, targetIds: string[], s: Scopes) {
  if (targetIds.length === 0) return []
  return db
    .selectFrom('finding')
    .innerJoin('round', 'round.id', 'finding.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .innerJoin('unit as fu', 'fu.id', 'finding.unitId')
    .where('finding.targetId', 'in', targetIds)
    .where((eb) => visibleWhere(eb, s, JOINED_FINDING_COLUMNS))
    .select(['finding.targetId', 'finding.status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['finding.targetId', 'finding.status'])
    .execute()
}

export async function findingsOfTarget(db: DB, targetId: string, statuses?: string[]) {
  let q = db.selectFrom('finding').selectAll().where('targetId', '=', targetId)
  if (statuses) q = q.where('status', 'in', statuses)
  return q.orderBy('seq').execute()
}

export async function countFindings(db: DB, where: { targetId?: string; teamId?: string }) {
  let q = db.selectFrom('finding').select((eb) => eb.fn.countAll<number>().as('n'))
  if (where.targetId) q = q.where('targetId', '=', where.targetId)
  if (where.teamId) q = q.where('teamId', '=', where.teamId)
  return Number((await q.executeTakeFirstOrThrow()).n)
}
