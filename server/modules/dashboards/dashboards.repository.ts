// The few rows the dashboards read besides what the reports and module services already give,
// and the round's numbers counted in SQL by the rules of the rectification progress report.
import { sql, type Expression, type ExpressionBuilder } from 'kysely'
import type { DB } from '../../db/database'
import type { Database, FindingTable } from '../../db/schema'
import { dayNumber, utcDay } from '../../db/dialect'
import { shaped } from '../../db/prepared'
import { listTargets, roundChoices } from '../inspections/inspection.repository'
import { SCOPE_SHAPE, TARGET_ID_COLUMNS, visibleByIds, type Scopes } from '../inspections/inspection.policy'

export async function unitName(db: DB, unitId: string) {
  const u = await db.selectFrom('unit').select(['id', 'name']).where('id', '=', unitId).executeTakeFirst()
  return u ?? null
}

/** Targets the person sees through their unit roles only (their own unit's, once handed over). */
export async function ownUnitTargets(db: DB, s: Scopes) {
  const { items } = await listTargets(
    db,
    { office: [], teams: [], leader: [], unit: s.unit },
    {},
    { limit: 500, offset: 0 },
  )
  return items
}

/**
 * Published cases counted as the case statistics count "issued" (published, and published or
 * submitted in the year), by kind. Published cases are open to everyone who reads cases.
 */
export async function publishedCases(db: DB, year: number) {
  // A range, not LIKE: the columns are timestamptz on PostgreSQL.
  const from = `${year}-01-01T00:00:00.000Z`
  const to = `${year + 1}-01-01T00:00:00.000Z`
  return db
    .selectFrom('legalCase as c')
    .innerJoin('unit as u', 'u.id', 'c.sourceUnitId')
    .where('c.status', '=', 'published')
    .where((eb) =>
      eb.or([
        eb.and([eb('c.publishedAt', '>=', from), eb('c.publishedAt', '<', to)]),
        eb.and([eb('c.submittedAt', '>=', from), eb('c.submittedAt', '<', to)]),
      ]),
    )
    .select('c.kind')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('c.kind')
    .execute()
}

/** The newest round the person sees (none when they see none). */
export async function newestRound(db: DB, s: Scopes) {
  return (await roundChoices(db, s, 1))[0]
}

/**
 * The findings of a round (or of several) the person sees, once handed over (the report's
 * `findingRows` with fedBackOnly).
 */
function fedBackFindings(db: DB, roundIds: string | string[], s: Scopes) {
  return confirmedFindings(db, roundIds, s).where('f.fedBackAt', 'is not', null)
}

/** The confirmed (not draft) findings of a round, or of several, the person sees. */
function confirmedFindings(db: DB, roundIds: string | string[], s: Scopes) {
  return db
    .selectFrom('finding as f')
    .where('f.roundId', Array.isArray(roundIds) ? 'in' : '=', roundIds)
    .where(
      (eb) =>
        visibleByIds(eb, s, {
          roundId: 'f.roundId',
          teamId: 'f.teamId',
          unitId: 'f.unitId',
          fedBackAt: 'f.fedBackAt',
          status: 'f.status',
        }) ?? eb.lit(true),
    )
    .where('f.status', '!=', 'draft')
}

type FindingEb = ExpressionBuilder<Database & { f: FindingTable }, 'f'>

/** A finding's (`f`) status at the end of a day: its last status change by then, else its status now. */
function statusBy(eb: FindingEb, until: string) {
  return eb.fn.coalesce(
    eb
      .selectFrom('findingHistory as h')
      .select('h.toStatus')
      .whereRef('h.findingId', '=', 'f.id')
      .where('h.createdAt', '<=', until)
      .orderBy('h.createdAt', 'desc')
      .orderBy('h.id', 'desc')
      .limit(1),
    'f.status',
  )
}

/** 1 when the finding (`f`) was returned at verification by then, else 0. */
function returnedBy(eb: FindingEb, until: string) {
  return eb
    .case()
    .when(
      eb.exists(
        eb
          .selectFrom('findingHistory as r')
          .select('r.id')
          .whereRef('r.findingId', '=', 'f.id')
          .where('r.createdAt', '<=', until)
          .where('r.action', '=', 'return'),
      ),
    )
    .then(1)
    .else(0)
    .end()
}

/** Null without a measure of the finding (`f`) created by then; 1 when one of them is overdue, else 0. */
function measuresOverdueBy(eb: FindingEb, asOf: string, until: string) {
  return eb
    .selectFrom('rectificationMeasure as m')
    .select(
      sql<number | null>`max(case
        when m.status = 'done' and m.done_at is not null and m.done_at <= ${until} then 0
        when m.deadline < ${asOf} then 1 else 0 end)`.as('overdue'),
    )
    .whereRef('m.findingId', '=', 'f.id')
    .where('m.createdAt', '<=', until)
}

/**
 * The findings handed over by `until`, counted by target, heading (a category's parent, or
 * itself), status on the day (the last status change by then, else the current one), whether
 * returned at verification by then, and whether they had measures created by then and one
 * of those overdue (deadline before `asOf`, not done by `until`).
 */
export async function findingCounts(db: DB, roundId: string, s: Scopes, asOf: string, until: string) {
  return findingCountsQuery(db, { roundId, s, asOf, until })
}

const findingCountsQuery = shaped((db: DB, { roundId, s, asOf, until }: Counted) => {
  // Each a seek in a covering index per finding (migration 0024), rather than joining the
  // round's history and measures grouped per finding, whose join SQLite may plan as a scan.
  const perFinding = fedBackFindings(db, roundId, s)
    .where('f.fedBackAt', '<=', until)
    .innerJoin('findingCategory as cat', 'cat.id', 'f.categoryId')
    .leftJoin('findingCategory as pcat', 'pcat.id', 'cat.parentId')
    .select((eb) => [
      'f.targetId',
      eb.fn.coalesce('pcat.id', 'cat.id').as('categoryId'),
      eb.fn.coalesce('pcat.name', 'cat.name').as('categoryName'),
      eb.fn.coalesce('pcat.code', 'cat.code').as('categoryCode'),
      statusBy(eb, until).as('status'),
      returnedBy(eb, until).as('returned'),
      measuresOverdueBy(eb, asOf, until).as('measures'),
      'f.fedBackAt',
    ])
  const keys = [
    'x.targetId',
    'x.categoryId',
    'x.categoryName',
    'x.categoryCode',
    'x.status',
    'x.returned',
    'x.measures',
  ] as const
  return db
    .selectFrom(perFinding.as('x'))
    .select([
      ...keys,
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.min('x.fedBackAt').as('firstFedBackAt'),
    ])
    .groupBy([...keys])
}, SCOPE_SHAPE)

type Counted = { roundId: string; s: Scopes; asOf: string; until: string }

/**
 * The measures of the round's handed-over findings the person sees, counted by target and by
 * how many whole weeks before `asOf` (week k is the day 7k days before it) each began to
 * stand (its finding handed over and itself created), fell behind its deadline (the day
 * after it) and was done: a measure stands on week k when `standing >= k`, and is overdue
 * on it when it stands, `late >= k`, and it was not done, `done` null or `done <= k`.
 */
export async function measureWeeks(db: DB, roundId: string, s: Scopes, asOf: string) {
  return measureWeeksQuery(db, { roundId, s, asOf })
}

const measureWeeksQuery = shaped((db: DB, { roundId, s, asOf }: Omit<Counted, 'until'>) => {
  const today = dayNumber(db, sql.val(asOf))
  // floor((asOf - day) / 7) for any day within centuries: the engines round a negative quotient differently.
  const weeksBack = (day: Expression<any>) => sql<number>`((${today} - ${day} + 700000) / 7 - 100000)`
  const fedBack = utcDay(db, sql.ref('f.fedBackAt'))
  const created = utcDay(db, sql.ref('m.createdAt'))
  const perMeasure = fedBackFindings(db, roundId, s)
    .innerJoin('rectificationMeasure as m', 'm.findingId', 'f.id')
    .select([
      'm.targetId',
      weeksBack(
        dayNumber(db, sql`(case when ${fedBack} > ${created} then ${fedBack} else ${created} end)`),
      ).as('standing'),
      weeksBack(sql`(${dayNumber(db, sql.ref('m.deadline'))} + 1)`).as('late'),
      sql<number | null>`(case when m.status = 'done' and m.done_at is not null
        then ${weeksBack(dayNumber(db, utcDay(db, sql.ref('m.doneAt'))))} end)`.as('done'),
    ])
  const keys = ['w.targetId', 'w.standing', 'w.late', 'w.done'] as const
  return db
    .selectFrom(perMeasure.as('w'))
    .select([...keys, (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy([...keys])
}, SCOPE_SHAPE)

/**
 * The leadership dashboard's numbers for a year's rounds, by the same rules as `findingCounts`
 * but without headings: the handed-over findings counted by round, target, status on the day,
 * returned by then, and their measures' standing (null: none, 1: one overdue, 0: none overdue).
 */
export async function roundsFindingCounts(
  db: DB,
  roundIds: string[],
  s: Scopes,
  asOf: string,
  until: string,
) {
  if (roundIds.length === 0) return []
  const perFinding = fedBackFindings(db, roundIds, s)
    .where('f.fedBackAt', '<=', until)
    .select((eb) => [
      'f.roundId',
      'f.targetId',
      statusBy(eb, until).as('status'),
      returnedBy(eb, until).as('returned'),
      measuresOverdueBy(eb, asOf, until).as('measures'),
    ])
  const keys = ['x.roundId', 'x.targetId', 'x.status', 'x.returned', 'x.measures'] as const
  return db
    .selectFrom(perFinding.as('x'))
    .select([...keys, (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy([...keys])
    .execute()
}

/**
 * The measures of those findings created by then, by round: how many, done by then, and
 * overdue (deadline before `asOf`, not done by then), as the progress report counts them.
 */
export async function roundsMeasureCounts(
  db: DB,
  roundIds: string[],
  s: Scopes,
  asOf: string,
  until: string,
) {
  if (roundIds.length === 0) return []
  return fedBackFindings(db, roundIds, s)
    .where('f.fedBackAt', '<=', until)
    .innerJoin('rectificationMeasure as m', 'm.findingId', 'f.id')
    .where('m.createdAt', '<=', until)
    .select([
      'f.roundId',
      (eb) => eb.fn.countAll<number>().as('measures'),
      sql<number>`sum(case when m.status = 'done' and m.done_at is not null and m.done_at <= ${until} then 1 else 0 end)`.as(
        'done',
      ),
      sql<number>`sum(case when m.status = 'done' and m.done_at is not null and m.done_at <= ${until} then 0
        when m.deadline < ${asOf} then 1 else 0 end)`.as('overdue'),
    ])
    .groupBy('f.roundId')
    .execute()
}

/** The confirmed findings of a year's rounds the person sees, by target (the round report's count). */
export async function roundsFindingsByTarget(db: DB, roundIds: string[], s: Scopes) {
  if (roundIds.length === 0) return []
  return confirmedFindings(db, roundIds, s)
    .select(['f.targetId', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('f.targetId')
    .execute()
}

/** The targets of a year's rounds the person sees (the reports' `targets`), with their deadlines. */
export async function roundsTargets(db: DB, roundIds: string[], s: Scopes) {
  if (roundIds.length === 0) return []
  return db
    .selectFrom('target')
    .where('target.roundId', 'in', roundIds)
    .where((eb) => visibleByIds(eb, s, TARGET_ID_COLUMNS) ?? eb.lit(true))
    .select(['target.id', 'target.roundId', 'target.rectificationDeadline'])
    .execute()
}
