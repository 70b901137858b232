import type {
  Expression,
  ExpressionBuilder,
  Insertable,
  SelectQueryBuilder,
  SqlBool,
  Updateable,
} from 'kysely'
import type { DB } from '../../db/database'
import { pageOf, prepared, rowsOfPage, shaped } from '../../db/prepared'
import {
  clearGrams,
  containsText,
  FINDING_GRAMS,
  forUpdate,
  gramShare,
  indexEvery,
  indexGrams,
  MEASURE_GRAMS,
  unindexGrams,
  withGrams,
} from '../../db/dialect'
import { pageAndTotal, queryGrams, textGrams, WALK_ABOVE } from '../../db/grams'
import type {
  Database,
  ExtensionRequestTable,
  MeasureProgressTable,
  MeasureTallyTable,
  RectificationMeasureTable,
  RectificationPlanTable,
} from '../../db/schema'
import {
  anyPath,
  JOINED_FINDING_COLUMNS,
  SCOPE_SHAPE,
  type Scopes,
  seesAll,
  visibleTerms,
} from '../inspections/inspection.policy'

// ---- plans
export async function planOfTarget(db: DB, targetId: string) {
  return db.selectFrom('rectificationPlan').selectAll().where('targetId', '=', targetId).executeTakeFirst()
}

export async function insertPlan(db: DB, row: RectificationPlanTable) {
  await db.insertInto('rectificationPlan').values(row).execute()
}

export async function updatePlan(db: DB, id: string, patch: Partial<RectificationPlanTable>) {
  await db.updateTable('rectificationPlan').set(patch).where('id', '=', id).execute()
}

// ---- measures
function measures(db: DB) {
  return withJoins(db.selectFrom('rectificationMeasure as m'))
}

function withJoins(q: SelectQueryBuilder<Database & { m: Database['rectificationMeasure'] }, 'm', object>) {
  return q
    .innerJoin('finding', 'finding.id', 'm.findingId')
    .innerJoin('round', 'round.id', 'finding.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .innerJoin('unit as fu', 'fu.id', 'finding.unitId')
    .leftJoin('department as d', 'd.id', 'm.departmentId')
}

const measureColumns = [
  'm.id',
  'm.planId',
  'm.findingId',
  'm.targetId',
  'm.unitId',
  'm.content',
  'm.responsibleLeader',
  'm.departmentId',
  'd.name as departmentName',
  'm.deadline',
  'm.kind',
  'm.status',
  'm.progress',
  'm.doneAt',
  'm.doneBy',
  'm.evidenceCount',
  'm.createdAt',
  'finding.seq as findingSeq',
  'finding.title as findingTitle',
  'finding.status as findingStatus',
  'finding.teamId',
  'finding.fedBackAt',
  'fu.name as unitName',
  'fu.path as unitPath',
  'ou.path as organizerPath',
  'round.name as roundName',
  'round.id as roundId',
] as const

export type MeasureRow = NonNullable<Awaited<ReturnType<typeof findMeasure>>>

const measureById = prepared((db: DB, id: string) =>
  measures(db).select(measureColumns).where('m.id', '=', id),
)

export async function findMeasure(db: DB, id: string) {
  return (await measureById(db, id))[0]
}

export type MeasureFilter = {
  roundId?: string
  targetId?: string
  findingId?: string
  departmentId?: string
  kind?: string
  status?: 'open' | 'done'
  overdueBefore?: string
  q?: string
  sort: 'deadline' | 'createdAt' | 'progress'
  order: 'asc' | 'desc'
}

type MeasureScopes = Scopes & { departments: string[] }

/** The filter's fields, and the text query's character pairs (`queryGrams`; empty: none). */
type Filter = Omit<MeasureFilter, 'sort' | 'order'> & { grams?: string }

/** The filter's own fields, so that nothing else the caller carries reaches a query's shape. */
function fieldsOf(f: Filter): Filter {
  const { roundId, targetId, findingId, departmentId, kind, status, overdueBefore, q } = f
  return { roundId, targetId, findingId, departmentId, kind, status, overdueBefore, q }
}

/**
 * Past this share of the measures holding the query's rarest pair (`gramShare`), testing every
 * measure is the cheaper way: on PostgreSQL at scale 0.1, 机制 (23,317 of 60,006 measures) took
 * 204 ms through the index and 长效机制 (19,906) 192 ms, against 114 ms testing each measure.
 */
const TEST_EVERY_ABOVE = 0.2

/**
 * The filter's own fields, and the text query's pairs, read from their indexes, when the scope
 * is the whole system, no round, target or finding narrows the measures (as the findings list
 * does) and the pairs are not too common. Whether there are pairs chooses the shape.
 */
async function filterOf(db: DB, f: Filter, s: MeasureScopes): Promise<Filter> {
  const fields = fieldsOf(f)
  const narrowed = !!(fields.roundId || fields.targetId || fields.findingId)
  const grams =
    fields.q && seesAll(s) && !s.departments.length && !narrowed ? queryGrams(fields.q) : undefined
  if (grams && (await gramShare(db, MEASURE_GRAMS, grams)) > TEST_EVERY_ABOVE) return fields
  return { ...fields, grams }
}

/**
 * The text search on a measure joined to its finding: its content or its finding's title holds
 * `q`. With pairs, only the measures that may hold it are tested: those whose content holds the
 * pairs (the measures' index), and those of the findings whose title holds `q` (the findings'
 * index, then the title tested), one list for `m.id in (…)`.
 */
function textMatch(db: DB, eb: ExpressionBuilder<any, any>, f: Filter): Expression<SqlBool> {
  const q = f.q!
  const holds = eb.or([
    containsText(db, eb.ref('m.content'), q),
    containsText(db, eb.ref('finding.title'), q),
  ])
  if (!f.grams) return holds
  const ofFindings = db
    .selectFrom('rectificationMeasure as mf')
    .select('mf.id')
    .where('mf.findingId', 'in', (w) =>
      w
        .selectFrom('finding as tf')
        .select('tf.id')
        .where('tf.id', 'in', withGrams(db, FINDING_GRAMS, f.grams!))
        .where((t) => containsText(db, t.ref('tf.title'), q)),
    )
  const candidates = withGrams(db, MEASURE_GRAMS, f.grams).unionAll(ofFindings)
  return eb.and([eb('m.id', 'in', candidates), holds])
}

// The scopes' 'all' and the sort choose the query's shape; every other value is a parameter.
const SHAPE_KEYS = [...SCOPE_SHAPE, 'sort', 'order']
const MEASURE_SORT = { deadline: 'm.deadline', createdAt: 'm.createdAt', progress: 'm.progress' } as const

function filtered(db: DB, s: MeasureScopes, f: Filter) {
  let q = measures(db).where((eb) => {
    const ors = visibleTerms(eb, s, JOINED_FINDING_COLUMNS)
    if (s.departments.length) ors.push(eb('m.departmentId', 'in', s.departments))
    return ors.length ? eb.or(ors) : eb.lit(false)
  })
  if (f.roundId) q = q.where('finding.roundId', '=', f.roundId)
  if (f.targetId) q = q.where('m.targetId', '=', f.targetId)
  if (f.findingId) q = q.where('m.findingId', '=', f.findingId)
  if (f.departmentId) q = q.where('m.departmentId', '=', f.departmentId)
  if (f.kind) q = q.where('m.kind', '=', f.kind)
  if (f.status) q = q.where('m.status', '=', f.status)
  if (f.overdueBefore) q = q.where('m.status', '=', 'open').where('m.deadline', '<', f.overdueBefore)
  if (f.q) q = q.where((eb) => textMatch(db, eb, f))
  return q
}

/**
 * A scope's terms on a measure's target (`target`: its column), or-ed by the caller: the
 * targets of the rounds the office organizes, of the person's teams, and, through `inUnits`,
 * of the units under a unit's or a leader's paths. A department's is the caller's own.
 */
function scopeTerms(
  eb: ExpressionBuilder<any, any>,
  s: Scopes,
  target: string,
  inUnits: (units: SelectQueryBuilder<Database, 'unit', { id: string }>) => Expression<SqlBool>,
): Expression<SqlBool>[] {
  const units = (paths: string[]) =>
    inUnits(
      eb
        .selectFrom('unit')
        .select('unit.id')
        .where((w) => anyPath(w, 'unit.path', paths)!) as SelectQueryBuilder<
        Database,
        'unit',
        { id: string }
      >,
    )
  const ors: Expression<SqlBool>[] = []
  if (s.office.length)
    ors.push(
      eb(
        eb.ref(target),
        'in',
        eb
          .selectFrom('target')
          .innerJoin('round', 'round.id', 'target.roundId')
          .innerJoin('unit', 'unit.id', 'round.organizerUnitId')
          .select('target.id')
          .where((w) => anyPath(w, 'unit.path', s.office)!),
      ),
    )
  if (s.teams.length)
    ors.push(
      eb(
        eb.ref(target),
        'in',
        eb.selectFrom('target').select('target.id').where('target.teamId', 'in', s.teams),
      ),
    )
  if (s.unit.length) ors.push(units(s.unit as string[]))
  if (s.leader.length) ors.push(units(s.leader as string[]))
  return ors
}

/**
 * How many measures `filtered` returns, counted from the measure rows (and their index) alone
 * where it can be. It rests on what holds for every measure: its finding was fed back (measures
 * are made only then, and a fed-back finding never returns to draft), and the measure's target
 * and unit are its finding's, whose round and team are the target's. So the scope is tested on
 * the measure's target and unit, and the finding is joined only for the round filter and the
 * text search. At scale 0.1 (110,000 measures) the whole-system office's open ledger counts in
 * 2 ms instead of 165 ms through four joins per row; a province's in 7 ms instead of 71.
 */
function countFiltered(db: DB, s: MeasureScopes, f: Filter) {
  const withFinding = db
    .selectFrom('rectificationMeasure as m')
    .innerJoin('finding', 'finding.id', 'm.findingId')
  // Typed as joined either way: without the join no condition below names the finding.
  const q =
    f.roundId || f.q
      ? withFinding
      : (db.selectFrom('rectificationMeasure as m') as unknown as typeof withFinding)
  return q
    .$if(!seesAll(s), (qb) =>
      qb.where((eb) => {
        const ors = scopeTerms(eb, s, 'm.targetId', (units) => eb('m.unitId', 'in', units))
        if (s.departments.length) ors.push(eb('m.departmentId', 'in', s.departments))
        return eb.or(ors)
      }),
    )
    .$if(!!f.roundId, (qb) => qb.where('finding.roundId', '=', f.roundId!))
    .$if(!!f.q, (qb) => qb.where((eb) => textMatch(db, eb, f)))
    .$if(!!f.targetId, (qb) => qb.where('m.targetId', '=', f.targetId!))
    .$if(!!f.findingId, (qb) => qb.where('m.findingId', '=', f.findingId!))
    .$if(!!f.departmentId, (qb) => qb.where('m.departmentId', '=', f.departmentId!))
    .$if(!!f.kind, (qb) => qb.where('m.kind', '=', f.kind!))
    .$if(!!f.status, (qb) => qb.where('m.status', '=', f.status!))
    .$if(!!f.overdueBefore, (qb) =>
      qb.where('m.status', '=', 'open').where('m.deadline', '<', f.overdueBefore!),
    )
}

const board = shaped(
  (db: DB, a: { s: MeasureScopes; targetId: string }) =>
    filtered(db, a.s, { targetId: a.targetId })
      .select(['m.id', 'm.content', 'm.deadline', 'm.status', 'd.name as departmentName'])
      .orderBy('m.deadline')
      .orderBy('m.id'),
  SHAPE_KEYS,
)

/** A target's visible measures as its board counts them, in deadline order: no page, no total. */
export function boardMeasures(db: DB, s: MeasureScopes, targetId: string) {
  return board(db, { s, targetId })
}

export async function countMeasures(db: DB, s: MeasureScopes, f: Omit<MeasureFilter, 'sort' | 'order'>) {
  return totalOf(db, s, await filterOf(db, f, s))
}

/** `countMeasures` of a filter already made by `filterOf`. */
async function totalOf(db: DB, s: MeasureScopes, filter: Filter) {
  const [r] = await (fromTally(s, filter)
    ? tallyCount(db, { s, f: filter })
    : measureCount(db, { s, f: filter }))
  return Number(r!.n)
}

/** The filter's fields a tally row stands for: a target (and so its round) and a status. */
const TALLIED_FIELDS = new Set(['roundId', 'targetId', 'status'])

/**
 * Whether `countFiltered`'s total can be read from the tally (migration 0036): when the scope
 * and the filter name only what a tally row stands for, a target (its round, team, organizer
 * and unit; a measure's unit is its target's) and a status. A department's scope, and any
 * other field (a measure's own: kind, department, overdue, text; and any field added later),
 * count the measures.
 */
function fromTally(s: MeasureScopes, f: Filter) {
  return (
    !s.departments.length &&
    Object.entries(f).every(([field, value]) => value === undefined || TALLIED_FIELDS.has(field))
  )
}

/** `countFiltered`'s total as the sum of the tally rows of the targets it would count. */
const tallyCount = shaped(
  (db: DB, { s, f }: { s: MeasureScopes; f: Filter }) =>
    db
      .selectFrom('measureTally as t')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('t.n'), eb.lit(0)).as('n'))
      .$if(!seesAll(s), (qb) =>
        qb.where((eb) =>
          eb.or(
            scopeTerms(eb, s, 't.targetId', (units) =>
              eb(
                't.targetId',
                'in',
                eb.selectFrom('target').select('target.id').where('target.unitId', 'in', units),
              ),
            ),
          ),
        ),
      )
      .$if(!!f.roundId, (qb) =>
        qb.where('t.targetId', 'in', (eb) =>
          eb.selectFrom('target').select('target.id').where('target.roundId', '=', f.roundId!),
        ),
      )
      .$if(!!f.targetId, (qb) => qb.where('t.targetId', '=', f.targetId!))
      .$if(!!f.status, (qb) => qb.where('t.status', '=', f.status!)),
  SHAPE_KEYS,
)

/**
 * One page: its ids first, chosen and ordered from the measure rows as `countFiltered` counts
 * them, then only those joined for their columns. Joining every visible measure to its
 * finding, round and units before the sort cost a member of 292 teams 375 ms a page.
 */
const measurePage = shaped(
  (
    db: DB,
    a: { s: MeasureScopes; f: Filter & Pick<MeasureFilter, 'sort' | 'order'>; limit: number; offset: number },
  ) => {
    // ties by id the same way, so an index on (column, id) gives either order (migration 0031)
    const ids = pageOf(
      countFiltered(db, a.s, a.f)
        .select('m.id')
        .orderBy(MEASURE_SORT[a.f.sort], a.f.order)
        .orderBy('m.id', a.f.order),
      a,
    )
    return withJoins(rowsOfPage(db, ids, 'rectificationMeasure', 'm'))
      .select(measureColumns)
      .orderBy(MEASURE_SORT[a.f.sort], a.f.order)
      .orderBy('m.id', a.f.order)
  },
  [...SHAPE_KEYS, 'limit'],
)

const measureCount = shaped(
  (db: DB, a: { s: MeasureScopes; f: Filter }) =>
    countFiltered(db, a.s, a.f).select((eb) => eb.fn.countAll<number>().as('n')),
  SHAPE_KEYS,
)

/** One page of the measures `countMeasures` counts, and their total (`pageAndTotal`). */
export async function listMeasures(
  db: DB,
  s: MeasureScopes,
  f: MeasureFilter,
  page: { limit: number; offset: number },
  walkAbove = WALK_ABOVE,
) {
  const sorted = { sort: f.sort, order: f.order }
  return pageAndTotal(
    await filterOf(db, f, s),
    {
      page: (filter) => measurePage(db, { s, f: { ...filter, ...sorted }, ...page }),
      total: (filter) => totalOf(db, s, filter),
    },
    walkAbove,
  )
}

/** Keyset pages in id order, for streaming a ledger of any size. */
export async function measuresAfter(
  db: DB,
  s: MeasureScopes,
  f: Omit<MeasureFilter, 'sort' | 'order'>,
  afterId: string | null,
  size: number,
) {
  // each measure tested, without the pair indexes: a page read through them would read every
  // candidate again, and a common word's are a large part of the measures
  let q = filtered(db, s, fieldsOf(f))
    .innerJoin('findingCategory as cat', 'cat.id', 'finding.categoryId')
    .select(measureColumns)
    .select(['cat.name as categoryName', 'finding.severity'])
  if (afterId) q = q.where('m.id', '>', afterId)
  return q.orderBy('m.id').limit(size).execute()
}

export async function measuresOfPlan(db: DB, planId: string) {
  return measures(db)
    .select(measureColumns)
    .where('m.planId', '=', planId)
    .orderBy('finding.seq')
    .orderBy('m.createdAt')
    .execute()
}

export async function measuresOfFinding(db: DB, findingId: string) {
  return db.selectFrom('rectificationMeasure').selectAll().where('findingId', '=', findingId).execute()
}

type TallyChange = { targetId: string; status: MeasureTallyTable['status']; by: number }
const tallyKey = (c: { targetId: string; status: string }) => `${c.targetId} ${c.status}`

/**
 * Moves how many measures of a target are in a status (`measure_tally`). Every write of a
 * measure's target or status calls it in the write's own transaction, so the tally and the
 * measures commit together or not at all. Rows are written in one order (target, then
 * status), so two transactions moving the same rows wait for each other on PostgreSQL rather
 * than deadlock.
 */
async function moveTally(db: DB, changes: TallyChange[]) {
  if (!db.isTransaction) throw new Error('a measure is written in a transaction, with its tally')
  const sorted = changes.filter((c) => c.by !== 0).sort((a, b) => (tallyKey(a) < tallyKey(b) ? -1 : 1))
  for (const { targetId, status, by } of sorted)
    await db
      .insertInto('measureTally')
      .values({ targetId, status, n: by })
      .onConflict((oc) =>
        oc
          .columns(['targetId', 'status'])
          .doUpdateSet((eb) => ({ n: eb('measureTally.n', '+', eb.ref('excluded.n')) })),
      )
      .execute()
}

/** How many measures each target has in each status, counted: what the tally must equal. */
function measureCounts(db: DB) {
  return db
    .selectFrom('rectificationMeasure')
    .select(['targetId', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['targetId', 'status'])
}

export type TallyDrift = { targetId: string; status: string; tally: number; counted: number }

/**
 * Where the tally and a count of the measures differ, by target and status: none when they
 * agree. Only a measure written or deleted outside Duban (by hand in SQL) makes them differ.
 */
export async function tallyDrift(db: DB): Promise<{ rows: number; drift: TallyDrift[] }> {
  const tally = await db.selectFrom('measureTally').select(['targetId', 'status', 'n']).execute()
  const counted = await measureCounts(db).execute()
  const by = new Map<string, TallyDrift>()
  const entry = (r: { targetId: string; status: string }) => {
    const key = tallyKey(r)
    return (
      by.get(key) ?? by.set(key, { targetId: r.targetId, status: r.status, tally: 0, counted: 0 }).get(key)!
    )
  }
  for (const r of tally) entry(r).tally += Number(r.n)
  for (const r of counted) entry(r).counted += Number(r.n)
  const drift = [...by.values()]
    .filter((d) => d.tally !== d.counted)
    .sort((a, b) => (tallyKey(a) < tallyKey(b) ? -1 : 1))
  return { rows: counted.length, drift }
}

/** The tally made anew from the measures, in the caller's transaction; the rows it now has. */
export async function rebuildTally(db: DB): Promise<number> {
  if (!db.isTransaction) throw new Error('the tally is rebuilt in one transaction')
  await db.deleteFrom('measureTally').execute()
  const r = await db
    .insertInto('measureTally')
    .columns(['targetId', 'status', 'n'])
    .expression(measureCounts(db))
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0)
}

export async function insertMeasure(db: DB, row: Insertable<RectificationMeasureTable>) {
  await insertMeasures(db, [row])
}

const gramsOf = (m: { id: string; content: string }) => ({ id: m.id, grams: textGrams(m.content) })

/**
 * Measures in bulk (imports), in statements of at most 100 rows, with their tallies and their
 * contents' pairs for the search.
 */
export async function insertMeasures(db: DB, rows: Insertable<RectificationMeasureTable>[]) {
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('rectificationMeasure')
      .values(rows.slice(i, i + 100))
      .execute()
  const counts = new Map<string, TallyChange>()
  for (const r of rows) {
    const key = tallyKey(r)
    const c = counts.get(key) ?? counts.set(key, { targetId: r.targetId, status: r.status, by: 0 }).get(key)!
    c.by++
  }
  await moveTally(db, [...counts.values()])
  await indexGrams(db, MEASURE_GRAMS, rows.map(gramsOf))
}

export async function updateMeasure(db: DB, id: string, patch: Updateable<RectificationMeasureTable>) {
  // the row as it stands, locked until the transaction ends, when the tally may move
  const before =
    patch.status !== undefined || patch.targetId !== undefined
      ? await forUpdate(
          db,
          db.selectFrom('rectificationMeasure').select(['targetId', 'status']).where('id', '=', id),
        ).executeTakeFirst()
      : undefined
  const updated = await db
    .updateTable('rectificationMeasure')
    .set(patch)
    .where('id', '=', id)
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0) return
  if (typeof patch.content === 'string')
    await indexGrams(db, MEASURE_GRAMS, [gramsOf({ id, content: patch.content })])
  if (!before) return
  const after = {
    targetId: (patch.targetId as string) ?? before.targetId,
    status: patch.status ?? before.status,
  }
  if (after.targetId === before.targetId && after.status === before.status) return
  await moveTally(db, [
    { ...before, by: -1 },
    { ...after, by: 1 },
  ])
}

export async function deleteMeasure(db: DB, id: string) {
  await unindexGrams(db, MEASURE_GRAMS, [id])
  const gone = await db
    .deleteFrom('rectificationMeasure')
    .where('id', '=', id)
    .returning(['targetId', 'status'])
    .executeTakeFirst()
  if (gone) await moveTally(db, [{ ...gone, by: -1 }])
}

/**
 * The pair index made anew from every measure, a thousand at a time in id order, in the caller's
 * transaction (after measures were written by hand in SQL): how many measures it holds.
 */
export async function reindexMeasures(db: DB, onRows?: (done: number) => void): Promise<number> {
  await clearGrams(db, MEASURE_GRAMS)
  return indexEvery(db, MEASURE_GRAMS, 'rectificationMeasure', ['content'], gramsOf, onRows)
}

// ---- progress
export async function insertProgress(db: DB, row: MeasureProgressTable) {
  await db.insertInto('measureProgress').values(row).execute()
}

export async function progressOf(db: DB, measureId: string) {
  return db
    .selectFrom('measureProgress')
    .leftJoin('appUser', 'appUser.id', 'measureProgress.postedBy')
    .selectAll('measureProgress')
    .select('appUser.displayName as postedByName')
    .where('measureId', '=', measureId)
    .orderBy('measureProgress.createdAt')
    .orderBy('measureProgress.id')
    .execute()
}

export async function findProgress(db: DB, id: string) {
  return db.selectFrom('measureProgress').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function evidenceOf(db: DB, progressIds: string[]) {
  if (progressIds.length === 0) return []
  return db
    .selectFrom('storedFile')
    .select(['id', 'ownerId', 'name', 'size', 'sha256', 'sm3'])
    .where('ownerType', '=', 'progress')
    .where('ownerId', 'in', progressIds)
    .orderBy('createdAt')
    .execute()
}

/** Counts a file just stored on a progress post toward its measure (in the storing transaction). */
export async function countEvidence(db: DB, progressId: string) {
  await db
    .updateTable('rectificationMeasure')
    .set((eb) => ({ evidenceCount: eb('evidenceCount', '+', 1) }))
    .where('id', '=', (eb) =>
      eb.selectFrom('measureProgress').select('measureId').where('id', '=', progressId),
    )
    .execute()
}

export async function evidenceCountOfFinding(db: DB, findingId: string) {
  const r = await db
    .selectFrom('storedFile as sf')
    .innerJoin('measureProgress as p', 'p.id', 'sf.ownerId')
    .innerJoin('rectificationMeasure as m', 'm.id', 'p.measureId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sf.ownerType', '=', 'progress')
    .where('m.findingId', '=', findingId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

// ---- extensions
export async function insertExtension(db: DB, row: ExtensionRequestTable) {
  await db.insertInto('extensionRequest').values(row).execute()
}

export async function findExtension(db: DB, id: string) {
  return db.selectFrom('extensionRequest').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function pendingExtension(db: DB, measureId: string) {
  return db
    .selectFrom('extensionRequest')
    .select('id')
    .where('measureId', '=', measureId)
    .where('status', '=', 'pending')
    .executeTakeFirst()
}

export async function listExtensions(
  db: DB,
  s: Scopes & { departments: string[] },
  f: { status?: string; targetId?: string; measureId?: string; id?: string },
  page: { limit: number; offset: number },
) {
  let q = filtered(db, s, { targetId: f.targetId })
    .innerJoin('extensionRequest as x', 'x.measureId', 'm.id')
    .leftJoin('appUser as rq', 'rq.id', 'x.requestedBy')
    .leftJoin('appUser as dc', 'dc.id', 'x.decidedBy')
  if (f.status) q = q.where('x.status', '=', f.status)
  if (f.measureId) q = q.where('x.measureId', '=', f.measureId)
  if (f.id) q = q.where('x.id', '=', f.id)
  const [items, count] = await Promise.all([
    q
      .select([
        'x.id',
        'x.measureId',
        'm.content as measureContent',
        'fu.name as unitName',
        'x.currentDeadline',
        'x.requestedDeadline',
        'x.reason',
        'x.status',
        'rq.displayName as requestedByName',
        'dc.displayName as decidedByName',
        'x.decisionNote',
        'x.createdAt',
        'x.decidedAt',
      ])
      .orderBy('x.createdAt', 'desc')
      .orderBy('x.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}
