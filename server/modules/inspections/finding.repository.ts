import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely'
import type { DB } from '../../db/database'
import { clearGrams, containsText, FINDING_GRAMS, indexEvery, indexGrams, withGrams } from '../../db/dialect'
import { pageAndTotal, queryGrams, textGrams, WALK_ABOVE } from '../../db/grams'
import { pageOf, prepared, rowsOfPage, shaped } from '../../db/prepared'
import type { Database, FindingCategoryTable, FindingHistoryTable, FindingTable } from '../../db/schema'
import {
  FINDING_ID_COLUMNS,
  JOINED_FINDING_COLUMNS,
  SCOPE_SHAPE,
  type Scopes,
  seesAll,
  visibleByIds,
  visibleWhere,
} from './inspection.policy'

function base(db: DB) {
  return withJoins(db.selectFrom('finding'))
}

function withJoins(q: SelectQueryBuilder<Database, 'finding', object>) {
  return q
    .innerJoin('round', 'round.id', 'finding.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .innerJoin('team', 'team.id', 'finding.teamId')
    .innerJoin('unit as fu', 'fu.id', 'finding.unitId')
    .innerJoin('findingCategory as cat', 'cat.id', 'finding.categoryId')
    .leftJoin('findingCategory as pcat', 'pcat.id', 'cat.parentId')
    .leftJoin('appUser as creator', 'creator.id', 'finding.createdBy')
}

const columns = [
  'finding.id',
  'finding.targetId',
  'finding.roundId',
  'round.name as roundName',
  'finding.teamId',
  'team.name as teamName',
  'finding.unitId',
  'fu.name as unitName',
  'fu.path as unitPath',
  'ou.path as organizerPath',
  'finding.seq',
  'finding.title',
  'finding.description',
  'finding.personsMatters',
  'finding.categoryId',
  'cat.name as categoryName',
  'pcat.name as parentCategoryName',
  'finding.severity',
  'finding.source',
  'finding.status',
  'finding.createdBy',
  'creator.displayName as createdByName',
  'finding.confirmedAt',
  'finding.fedBackAt',
  'finding.recurrenceOfId',
  'finding.createdAt',
  'finding.updatedAt',
] as const

export type FindingRow = NonNullable<Awaited<ReturnType<typeof findById>>>

const byId = prepared((db: DB, id: string) => base(db).select(columns).where('finding.id', '=', id))

export async function findById(db: DB, id: string) {
  return (await byId(db, id))[0]
}

export type FindingFilter = {
  roundId?: string
  targetId?: string
  teamId?: string
  unitId?: string
  categoryId?: string
  severity?: string
  status?: string
  q?: string
  sort: 'seq' | 'createdAt' | 'updatedAt' | 'severity' | 'status' | 'title'
  order: 'asc' | 'desc'
}

const SORT = {
  seq: 'finding.seq',
  createdAt: 'finding.createdAt',
  updatedAt: 'finding.updatedAt',
  severity: 'finding.severity',
  status: 'finding.status',
  title: 'finding.title',
} as const

/** The findings the scopes may see, with the joins the list's columns need. */
export function visible(db: DB, s: Scopes) {
  return base(db).where((eb) => visibleWhere(eb, s, JOINED_FINDING_COLUMNS))
}

/** The list's filters, over the finding's own columns so the count needs no join. */
function matching(db: DB, f: Filter) {
  return (eb: ExpressionBuilder<Database, 'finding'>) => {
    const and: Expression<SqlBool>[] = []
    if (f.roundId) and.push(eb('finding.roundId', '=', f.roundId))
    if (f.targetId) and.push(eb('finding.targetId', '=', f.targetId))
    if (f.teamId) and.push(eb('finding.teamId', '=', f.teamId))
    if (f.unitId) and.push(eb('finding.unitId', '=', f.unitId))
    if (f.categoryId) {
      const id = f.categoryId
      and.push(
        eb(
          'finding.categoryId',
          'in',
          eb
            .selectFrom('findingCategory as c')
            .select('c.id')
            .where((c) => c.or([c('c.id', '=', id), c('c.parentId', '=', id)])),
        ),
      )
    }
    if (f.severity) and.push(eb('finding.severity', '=', f.severity))
    if (f.status) and.push(eb('finding.status', '=', f.status))
    if (f.q) {
      const text = f.q
      // the findings holding the query's character pairs, read from their index; then those
      // that contain it (a query of one character has no pair: every finding is tested)
      if (f.grams) and.push(eb('finding.id', 'in', withGrams(db, FINDING_GRAMS, f.grams)))
      and.push(
        eb.or([
          containsText(db, eb.ref('finding.title'), text),
          containsText(db, eb.ref('finding.description'), text),
          containsText(db, eb.ref('finding.personsMatters'), text),
        ]),
      )
    }
    return eb.and(and)
  }
}

/** The filter's fields, and the text query's character pairs (`queryGrams`; empty: none). */
type Filter = Omit<FindingFilter, 'sort' | 'order'> & { grams?: string }

/**
 * The filter's own fields, so that nothing else the caller carries reaches a query's shape,
 * and the text query's pairs, read from their index, when the scope is the whole system and no
 * round, target, team or unit narrows them. Otherwise the findings are read by those and each
 * is tested: a liaison's search for 线索 at national scale took 7 ms so, against 108 ms
 * through the 16,685 findings that hold its pair. Whether there are pairs chooses the shape.
 */
function filterOf(f: Filter, s: Scopes): Filter {
  const { roundId, targetId, teamId, unitId, categoryId, severity, status, q } = f
  const narrowed = !!(roundId || targetId || teamId || unitId)
  const grams = q && seesAll(s) && !narrowed ? queryGrams(q) : undefined
  return { roundId, targetId, teamId, unitId, categoryId, severity, status, q, grams }
}

// The scopes' 'all' and the sort choose the query's shape; every other value is a parameter.
const SHAPE_KEYS = [...SCOPE_SHAPE, 'sort', 'order']

const counted = shaped(
  (db: DB, a: { s: Scopes; f: Filter }) =>
    db
      .selectFrom('finding')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => visibleByIds(eb, a.s, FINDING_ID_COLUMNS) ?? eb.lit(true))
      .where(matching(db, a.f)),
  SHAPE_KEYS,
)

/**
 * How many findings `list` returns, from the finding rows alone: its joins are one row each
 * by foreign key, and the scope's paths become id lists (592 severe findings in
 * rectification among 120,000: 3.6 ms with the joins, 0.1 ms without).
 */
export async function count(db: DB, s: Scopes, f: Filter) {
  return totalOf(db, s, filterOf(f, s))
}

/** `count` of a filter already made by `filterOf`. */
async function totalOf(db: DB, s: Scopes, filter: Filter) {
  const [r] = await counted(db, { s, f: filter })
  return Number(r!.n)
}

/**
 * One page: its ids first, chosen and ordered from the finding rows alone as `count` counts
 * them, then only those joined for their columns. Joining every visible finding before the
 * sort cost a member of 292 teams (44,742 findings) 90-280 ms a page at national scale.
 */
const page = shaped(
  (db: DB, a: { s: Scopes; f: FindingFilter; limit: number; offset: number }) => {
    // ties by id the same way, so an index on (column, id) gives either order (migration 0031)
    const ids = db
      .selectFrom('finding')
      .select('finding.id')
      .where((eb) => visibleByIds(eb, a.s, FINDING_ID_COLUMNS) ?? eb.lit(true))
      .where(matching(db, a.f))
      .orderBy(SORT[a.f.sort], a.f.order)
      .orderBy('finding.id', a.f.order)
      .$call((q) => pageOf(q, a))
    return withJoins(rowsOfPage(db, ids, 'finding', 'finding'))
      .select(columns)
      .orderBy(SORT[a.f.sort], a.f.order)
      .orderBy('finding.id', a.f.order)
  },
  [...SHAPE_KEYS, 'limit'],
)

/** One page of the findings `count` counts, and their total (`pageAndTotal`). */
export function list(
  db: DB,
  s: Scopes,
  f: FindingFilter,
  at: { limit: number; offset: number },
  walkAbove = WALK_ABOVE,
) {
  const sorted = { sort: f.sort, order: f.order }
  return pageAndTotal(
    filterOf(f, s),
    {
      page: (filter) => page(db, { s, f: { ...filter, ...sorted }, ...at }),
      total: (filter) => totalOf(db, s, filter),
    },
    walkAbove,
  )
}

const board = shaped(
  (db: DB, a: { s: Scopes; targetId: string }) =>
    visible(db, a.s)
      .where('finding.targetId', '=', a.targetId)
      .select(['finding.id', 'finding.status', 'finding.fedBackAt']),
  SHAPE_KEYS,
)

const closings = shaped((db: DB, a: { ids: string[] }) =>
  db
    .selectFrom('findingHistory')
    .select(['findingId', 'action', 'createdAt'])
    .where('findingId', 'in', a.ids)
    .where('action', 'in', ['close', 'reopen'])
    .orderBy('createdAt'),
)

/** The findings' closings and reopenings, oldest first (a board's burndown replays them). */
export function closingsOf(db: DB, ids: string[]) {
  return closings(db, { ids })
}

/** A target's visible findings as its board counts them: status and feedback time only. */
export function boardFindings(db: DB, s: Scopes, targetId: string) {
  return board(db, { s, targetId })
}

type Texts = Pick<FindingTable, 'id' | 'title' | 'description' | 'personsMatters'>
const gramsOf = (f: Texts) => ({ id: f.id, grams: textGrams(f.title, f.description, f.personsMatters) })

/** A finding, and its texts' pairs for the search (in the caller's transaction). */
export async function insert(db: DB, row: FindingTable) {
  await db.insertInto('finding').values(row).execute()
  await indexGrams(db, FINDING_GRAMS, [gramsOf(row)])
}

export async function insertMany(db: DB, rows: FindingTable[]) {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('finding')
      .values(rows.slice(i, i + 200))
      .execute()
  await indexGrams(db, FINDING_GRAMS, rows.map(gramsOf))
}

const TEXT_FIELDS = ['title', 'description', 'personsMatters'] as const

/** Changes a finding; a change of its texts indexes their pairs afresh (in the caller's transaction). */
export async function update(db: DB, id: string, patch: Partial<FindingTable>) {
  await db.updateTable('finding').set(patch).where('id', '=', id).execute()
  if (!TEXT_FIELDS.some((k) => patch[k] !== undefined)) return
  const texts = await db
    .selectFrom('finding')
    .select(['id', ...TEXT_FIELDS])
    .where('id', '=', id)
    .executeTakeFirst()
  if (texts) await indexGrams(db, FINDING_GRAMS, [gramsOf(texts)])
}

/**
 * The pair index made anew from every finding, a thousand at a time in id order, in the caller's
 * transaction (after findings were written by hand in SQL): how many findings it holds.
 */
export async function reindexAll(db: DB, onRows?: (done: number) => void): Promise<number> {
  await clearGrams(db, FINDING_GRAMS)
  return indexEvery(db, FINDING_GRAMS, 'finding', [...TEXT_FIELDS], gramsOf, onRows)
}

export async function addHistory(db: DB, row: FindingHistoryTable) {
  await db.insertInto('findingHistory').values(row).execute()
}

export async function history(db: DB, findingId: string) {
  return db
    .selectFrom('findingHistory')
    .leftJoin('appUser', 'appUser.id', 'findingHistory.actorId')
    .selectAll('findingHistory')
    .select('appUser.displayName as actorName')
    .where('findingId', '=', findingId)
    .orderBy('findingHistory.createdAt')
    .orderBy('findingHistory.id')
    .execute()
}

// ---- taxonomy
export async function categories(db: DB) {
  return db.selectFrom('findingCategory').selectAll().orderBy('sortOrder').orderBy('code').execute()
}

export async function findCategory(db: DB, id: string) {
  return db.selectFrom('findingCategory').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findCategoryByCode(db: DB, code: string) {
  return db.selectFrom('findingCategory').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function insertCategory(db: DB, row: FindingCategoryTable) {
  await db.insertInto('findingCategory').values(row).execute()
}

export async function updateCategory(db: DB, id: string, patch: Partial<FindingCategoryTable>) {
  await db.updateTable('findingCategory').set(patch).where('id', '=', id).execute()
}
