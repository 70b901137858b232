import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely'
import type { Light, Milestone } from '../../../common/tasks'
import type { DB } from '../../db/database'
import { containsText, forUpdate, startsWith } from '../../db/dialect'
import { pageOf, shaped } from '../../db/prepared'
import { versioned, type Versions } from '../../db/versioned'
import type { Database, QuarterlyReportTable, TaskTable } from '../../db/schema'
import type { UnitScope } from '../access/policy'
import { lightColumns, reportsThrough, type LightColumns, type LightCutoffs } from './task-light'
import { keep } from '../../bounded'

/** Who sees which tasks: the office and leadership by unit subtree, departments by lead or cooperation. */
export type TaskScope = { office: UnitScope; leader: UnitScope; departments: string[] }

/** The joins a task row's columns need. */
function withColumns(q: SelectQueryBuilder<Database, 'task', object>) {
  return q
    .innerJoin('department as ld', 'ld.id', 'task.leadDepartmentId')
    .innerJoin('unit as lu', 'lu.id', 'ld.unitId')
    .leftJoin('campaign', 'campaign.id', 'task.campaignId')
}

/**
 * Tasks whose lead department belongs to a unit in the scope, tested on the task's own column
 * so that counting needs no join: the departments under the scope's paths are an id list.
 */
function inScope(eb: any, scope: UnitScope) {
  if (scope === 'all') return eb.lit(true)
  if (scope.length === 0) return eb.lit(false)
  return eb(
    'task.leadDepartmentId',
    'in',
    eb
      .selectFrom('department as sd')
      .innerJoin('unit as su', 'su.id', 'sd.unitId')
      .select('sd.id')
      .where((w: any) => w.or(scope.map((p) => startsWith(w.ref('su.path'), p)))),
  )
}

const columns = [
  'task.id',
  'task.year',
  'task.code',
  'task.title',
  'task.description',
  'task.leaderName',
  'task.leadDepartmentId',
  'ld.name as leadDepartmentName',
  'lu.path as unitPath',
  'task.campaignId',
  'campaign.name as campaignName',
  'task.deadline',
  'task.status',
  'task.milestones',
  'task.progress',
  'task.createdAt',
] as const

/** The report statuses that count as reported for the light. */
const REPORTED = ['submitted', 'accepted']

export type TaskRow = NonNullable<Awaited<ReturnType<typeof findById>>>

export type TaskFilter = {
  year?: number
  departmentId?: string
  campaignId?: string
  leader?: string
  mine?: 'lead' | 'cooperate'
  q?: string
}

/**
 * The visible tasks matching the filter, from the task rows alone (joins are the caller's).
 * A scope over every unit adds no condition, one over none adds no term: a `false or` or an
 * `or true` kept SQLite from reading by an index. A department's tasks are two id sets (led,
 * cooperated on), each an index, not a test of every task.
 */
function filtered(db: DB, s: TaskScope, f: TaskFilter) {
  let q = db.selectFrom('task')
  if (s.office !== 'all' && s.leader !== 'all') {
    q = q.where((eb) => {
      const ors = [s.office, s.leader].filter((p) => p.length).map((p) => inScope(eb, p))
      if (s.departments.length)
        ors.push(
          eb('task.leadDepartmentId', 'in', s.departments),
          eb(
            'task.id',
            'in',
            eb
              .selectFrom('taskCooperator as tc')
              .select('tc.taskId')
              .where('tc.departmentId', 'in', s.departments),
          ),
        )
      return ors.length ? eb.or(ors) : eb.lit(false)
    })
  }
  if (f.year) q = q.where('task.year', '=', f.year)
  if (f.departmentId) {
    const d = f.departmentId
    q = q.where((eb) =>
      eb.or([
        eb('task.leadDepartmentId', '=', d),
        eb.exists(
          eb
            .selectFrom('taskCooperator as tc2')
            .select('tc2.taskId')
            .whereRef('tc2.taskId', '=', 'task.id')
            .where('tc2.departmentId', '=', d),
        ),
      ]),
    )
  }
  if (f.mine === 'lead')
    q = q.where('task.leadDepartmentId', 'in', s.departments.length ? s.departments : ['-'])
  if (f.mine === 'cooperate') {
    const ds = s.departments.length ? s.departments : ['-']
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('taskCooperator as tc3')
          .select('tc3.taskId')
          .whereRef('tc3.taskId', '=', 'task.id')
          .where('tc3.departmentId', 'in', ds),
      ),
    )
  }
  if (f.campaignId) q = q.where('task.campaignId', '=', f.campaignId)
  if (f.leader) {
    const text = f.leader
    q = q.where((eb) => containsText(db, eb.ref('task.leaderName'), text))
  }
  if (f.q) {
    const text = f.q
    q = q.where((eb) =>
      eb.or([containsText(db, eb.ref('task.title'), text), containsText(db, eb.ref('task.code'), text)]),
    )
  }
  return q
}

/**
 * A task's light on the cut-offs' day in SQL, the same rule as `taskLight` (task-light.ts):
 * done; red when past the deadline or a report due by now is neither submitted nor accepted;
 * yellow when behind the expected progress by more than the tolerance, or due soon; green.
 * It compares the light's inputs stored in the task row (task-light.ts `lightColumns`), which
 * this file's writes keep, instead of deriving dates from the year and counting reports per row.
 */
export function lightOf(c: LightCutoffs): RawBuilder<Light> {
  const today = c.todayDay
  const progress = sql.ref('task.progress')
  const day = (i: number) => sql.ref(`task.knotDay${i}`)
  const pct = (i: number) => (i === 0 ? sql.lit(0) : sql.ref(`task.knotPct${i}`))
  // Behind when progress < round(expected) - tolerance, expected linear between knots i - 1 and
  // i (p0 + (p1 - p0)·(today - d0)/(d1 - d0), rounded half up): for whole numbers that is
  // progress + tolerance + ½ <= expected, multiplied out by 2·(d1 - d0), which is positive where
  // today falls in (d0, d1]. A knot after the last is null: its comparison is never true, and
  // past the last knot its progress holds.
  const behindBetween = (i: number) =>
    sql`(2 * (${progress} + ${c.behindTolerance} - ${pct(i - 1)}) + 1) * (${day(i)} - ${day(i - 1)})
      <= 2 * (${pct(i)} - ${pct(i - 1)}) * (${today} - ${day(i - 1)})`
  const behind = sql`(case when ${today} <= ${day(0)} then false ${sql.join(
    [1, 2, 3, 4].map((i) => sql`when ${today} <= ${day(i)} then ${behindBetween(i)}`),
    sql` `,
  )} else ${progress} + ${c.behindTolerance} < coalesce(${sql.join([4, 3, 2, 1].map(pct))}) end)`

  return sql<Light>`(case
    when ${sql.ref('task.status')} = 'done' then 'done'
    when ${sql.ref('task.deadline')} < ${c.today} then 'red'
    when ${sql.ref('task.missingReportDay')} <= ${c.reportsDueThrough} then 'red'
    when ${behind} then 'yellow'
    when ${sql.ref('task.deadline')} < ${c.dueSoonBefore} then 'yellow'
    else 'green' end)`
}

// The tasks' version, moved on first by every transaction writing tasks, their cooperators or
// their quarterly reports (writeTasks). The light counts over a year's tasks (18 ms at scale 1,
// the rest of a ledger page under 1 ms) are kept per process under it, for the same query.
type Counts = { light: Light; n: number }[]
const tasksKept = versioned('tasks', () => new Map<string, Counts>())
const KEPT_COUNTS = 500

/**
 * Runs a transaction that writes tasks, moving the tasks' version on first, so that every such
 * transaction takes the counter's row lock before any task's (PostgreSQL: no deadlock between them).
 */
export function writeTasks<T>(db: DB, fn: (trx: DB) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await tasksKept.touch(trx)
    return fn(trx)
  })
}

// The scopes' 'all', the sort and what "mine" means choose the queries' shape; every other
// value is a parameter.
const SHAPE_KEYS = ['office', 'leader', 'mine', 'sort', 'order']

/**
 * The filter's own fields, so that nothing else the caller carries reaches a query; the
 * leader's name goes under a key of its own, apart from the scope's `leader`.
 */
type Filter = Omit<TaskFilter, 'leader'> & { leaderName?: string }
function filterOf(f: TaskFilter): Filter {
  const { year, departmentId, campaignId, leader, mine, q } = f
  return { year, departmentId, campaignId, leaderName: leader, mine, q }
}
const taskFilter = ({ leaderName, ...f }: Filter): TaskFilter => ({ ...f, leader: leaderName })

const lightCountsQuery = shaped(
  (db: DB, { s, f, c }: { s: TaskScope; f: Filter; c: LightCutoffs }) =>
    db
      .selectFrom(filtered(db, s, taskFilter(f)).select(lightOf(c).as('light')).as('l'))
      .select(['l.light', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('l.light'),
  SHAPE_KEYS,
)

/** How many visible tasks matching the filter have each light. */
export async function lightCounts(
  db: DB,
  s: TaskScope,
  f: TaskFilter,
  c: LightCutoffs,
  seen?: Versions,
): Promise<Counts> {
  const args = { s, f: filterOf(f), c }
  if (db.isTransaction) return lightCountsQuery(db, args)
  const version = await tasksKept.version(db, seen)
  // The query is made from these values alone, so they key its answer.
  const key = JSON.stringify(args)
  const hit = tasksKept.at(db, version)?.get(key)
  if (hit) return hit
  const counts = await lightCountsQuery(db, args)
  const kept = tasksKept.at(db, version)
  if (kept) keep(kept, KEPT_COUNTS, key, counts)
  return counts
}

/** One page of the visible tasks matching the filter, and the light if one is asked for. */
type Page = {
  light?: Light
  sort: 'code' | 'deadline' | 'progress'
  order: 'asc' | 'desc'
  limit: number
  offset: number
}

const page = shaped(
  (db: DB, { s, f, c, p }: { s: TaskScope; f: Filter; c: LightCutoffs; p: Page }) => {
    const col = { code: 'task.code', deadline: 'task.deadline', progress: 'task.progress' } as const
    let q = withColumns(filtered(db, s, taskFilter(f)))
    if (p.light) {
      const light = p.light
      q = q.where((eb) => eb(lightOf(c), '=', light))
    }
    return pageOf(q.select(columns).orderBy(col[p.sort], p.order).orderBy('task.id', p.order), p)
  },
  [...SHAPE_KEYS, 'limit'],
)

export async function list(db: DB, s: TaskScope, f: TaskFilter, c: LightCutoffs, p: Page) {
  return page(db, { s, f: filterOf(f), c, p })
}

/** Ids of the visible tasks matching the filter, by code. */
export type ReportFilter = { year?: number; quarter?: number; status?: string; taskId?: string }

/**
 * The quarterly reports of visible tasks, in the database: the visible tasks are a subquery
 * (none at all for a scope over every unit with no year), not a list of ids, which at national
 * scale outgrew SQLite's limit on a statement's values (200,000 tasks, 780,000 reports).
 */
function reportsOf(db: DB, s: TaskScope, f: ReportFilter) {
  const everything = (s.office === 'all' || s.leader === 'all') && !f.year
  let q = db.selectFrom('quarterlyReport as qr')
  if (!everything) q = q.where('qr.taskId', 'in', filtered(db, s, { year: f.year }).select('task.id'))
  if (f.taskId) q = q.where('qr.taskId', '=', f.taskId)
  if (f.quarter) q = q.where('qr.quarter', '=', f.quarter)
  if (f.status) q = q.where('qr.status', '=', f.status)
  return q
}

/** One page of visible reports (task and quarter), by quarter then task, and how many there are. */
export async function reportPage(
  db: DB,
  s: TaskScope,
  f: ReportFilter,
  p: { limit: number; offset: number },
) {
  const [rows, [total]] = await Promise.all([
    reportsOf(db, s, f)
      .selectAll('qr')
      .orderBy('qr.quarter')
      .orderBy('qr.taskId')
      .limit(p.limit)
      .offset(p.offset)
      .execute(),
    reportsOf(db, s, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute(),
  ])
  return { rows, total: Number(total!.n) }
}

/** Visible tasks per campaign, and their progress summed. */
export async function campaignTotals(db: DB, s: TaskScope) {
  return filtered(db, s, {})
    .where('task.campaignId', 'is not', null)
    .select([
      'task.campaignId',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>('task.progress').as('progress'),
    ])
    .groupBy('task.campaignId')
    .execute()
}

const byIds = shaped((db: DB, { ids }: { ids: string[] }) =>
  withColumns(db.selectFrom('task')).select(columns).where('task.id', 'in', ids),
)

/** The tasks with these ids, in no order. */
export async function findByIds(db: DB, ids: string[]) {
  if (ids.length === 0) return []
  return byIds(db, { ids })
}

export async function findById(db: DB, id: string) {
  return (await findByIds(db, [id]))[0]
}

const cooperatorsOf = shaped((db: DB, { ids }: { ids: string[] }) =>
  db
    .selectFrom('taskCooperator as tc')
    .innerJoin('department as d', 'd.id', 'tc.departmentId')
    .select(['tc.taskId', 'd.id', 'd.name'])
    .where('tc.taskId', 'in', ids)
    .orderBy('d.sortOrder'),
)

export async function cooperators(db: DB, taskIds: string[]) {
  if (taskIds.length === 0) return []
  return cooperatorsOf(db, { ids: taskIds })
}

const reportedOf = shaped((db: DB, { ids }: { ids: string[] }) =>
  db
    .selectFrom('quarterlyReport')
    .select(['taskId', 'quarter'])
    .where('taskId', 'in', ids)
    .where('status', 'in', REPORTED),
)

export async function reportedQuarters(db: DB, taskIds: string[]) {
  if (taskIds.length === 0) return []
  return reportedOf(db, { ids: taskIds })
}

export type NewTaskRow = Omit<TaskTable, keyof LightColumns>

/** The stored light inputs of a task row (task-light.ts `lightColumns`). */
function lightColumnsOf(row: Pick<TaskTable, 'year' | 'deadline' | 'milestones'>, through: number) {
  return lightColumns(
    { year: row.year, deadline: row.deadline, milestones: JSON.parse(row.milestones) as Milestone[] },
    through,
  )
}

/**
 * Writes a task's light inputs again from its row and its reports. Callers run it in the
 * transaction of the write that changed them; the task row is locked first, so that on
 * PostgreSQL the reports read include those of a concurrent writer that locked it before.
 */
async function refreshLight(db: DB, taskId: string) {
  const row = await forUpdate(
    db,
    db.selectFrom('task').select(['year', 'deadline', 'milestones']).where('id', '=', taskId),
  ).executeTakeFirstOrThrow()
  const reported = await db
    .selectFrom('quarterlyReport')
    .select('quarter')
    .where('taskId', '=', taskId)
    .where('status', 'in', REPORTED)
    .execute()
  await db
    .updateTable('task')
    .set(lightColumnsOf(row, reportsThrough(reported.map((r) => r.quarter))))
    .where('id', '=', taskId)
    .execute()
}

export async function insert(db: DB, row: NewTaskRow, cooperatorIds: string[]) {
  await db
    .insertInto('task')
    .values({ ...row, ...lightColumnsOf(row, 0) })
    .execute()
  if (cooperatorIds.length)
    await db
      .insertInto('taskCooperator')
      .values(cooperatorIds.map((departmentId) => ({ taskId: row.id, departmentId })))
      .execute()
}

export async function update(db: DB, id: string, patch: Partial<NewTaskRow>, cooperatorIds?: string[]) {
  await db.updateTable('task').set(patch).where('id', '=', id).execute()
  if (patch.year !== undefined || patch.deadline !== undefined || patch.milestones !== undefined)
    await refreshLight(db, id)
  if (cooperatorIds) {
    await db.deleteFrom('taskCooperator').where('taskId', '=', id).execute()
    if (cooperatorIds.length)
      await db
        .insertInto('taskCooperator')
        .values(cooperatorIds.map((departmentId) => ({ taskId: id, departmentId })))
        .execute()
  }
}

export async function codeTaken(db: DB, year: number, code: string) {
  return !!(await db
    .selectFrom('task')
    .select('id')
    .where('year', '=', year)
    .where('code', '=', code)
    .executeTakeFirst())
}

export async function report(db: DB, taskId: string, quarter: number) {
  return db
    .selectFrom('quarterlyReport')
    .selectAll()
    .where('taskId', '=', taskId)
    .where('quarter', '=', quarter)
    .executeTakeFirst()
}

export async function insertReport(db: DB, row: QuarterlyReportTable) {
  await insertReports(db, [row])
}

/** Inserts reports (of one task or several) and writes each task's light inputs once. */
export async function insertReports(db: DB, rows: QuarterlyReportTable[]) {
  if (rows.length === 0) return
  await db.insertInto('quarterlyReport').values(rows).execute()
  // A draft or returned report leaves the task's reported quarters as they were.
  for (const taskId of new Set(rows.filter((r) => REPORTED.includes(r.status)).map((r) => r.taskId)))
    await refreshLight(db, taskId)
}

/** Moves a report from one status to another, with the other fields given; false when it was not in `from`. */
export async function moveReport(
  db: DB,
  r: { id: string; taskId: string; from: string },
  set: Partial<Omit<QuarterlyReportTable, 'id' | 'taskId' | 'quarter'>> & { status: string },
) {
  const moved = await db
    .updateTable('quarterlyReport')
    .set(set)
    .where('id', '=', r.id)
    .where('status', '=', r.from)
    .executeTakeFirst()
  if (Number(moved.numUpdatedRows) !== 1) return false
  await refreshLight(db, r.taskId)
  return true
}

export async function reportHistory(db: DB, reportId: string) {
  return reportHistories(db, [reportId])
}

/** The history of each of these reports, oldest first. */
const historiesOf = shaped((db: DB, { ids }: { ids: string[] }) =>
  db
    .selectFrom('quarterlyReportHistory as h')
    .leftJoin('appUser as u', 'u.id', 'h.actorId')
    .select(['h.reportId', 'h.action', 'u.displayName as actorName', 'h.reason', 'h.snapshot', 'h.createdAt'])
    .where('h.reportId', 'in', ids)
    .orderBy('h.createdAt')
    .orderBy('h.id'),
)

export async function reportHistories(db: DB, reportIds: string[]) {
  if (reportIds.length === 0) return []
  return historiesOf(db, { ids: reportIds })
}

/**
 * The visible tasks of a year by the status of their report for a quarter (null: none); a
 * draft is not yet reported.
 */
export async function quarterReportCounts(db: DB, s: TaskScope, year: number, quarter: number) {
  return filtered(db, s, { year })
    .leftJoin('quarterlyReport as qr', (j) =>
      j.onRef('qr.taskId', '=', 'task.id').on('qr.quarter', '=', quarter),
    )
    .select(['qr.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('qr.status')
    .execute()
}

/**
 * The visible tasks of a year that fall behind in a quarter, as the quarterly report lists
 * them: lit red or yellow, or with no report for the quarter submitted or accepted (none, a
 * draft, or returned).
 */
function lateIn(db: DB, s: TaskScope, year: number, quarter: number, c: LightCutoffs) {
  return filtered(db, s, { year }).where((eb) =>
    eb.or([
      eb(lightOf(c), 'in', ['red', 'yellow']),
      eb.not(
        eb.exists(
          eb
            .selectFrom('quarterlyReport as lr')
            .select('lr.taskId')
            .whereRef('lr.taskId', '=', 'task.id')
            .where('lr.quarter', '=', quarter)
            .where('lr.status', 'in', REPORTED),
        ),
      ),
    ]),
  )
}

/** The first of those by code, and how many there are. */
export async function latePage(
  db: DB,
  s: TaskScope,
  q: { year: number; quarter: number; limit: number },
  c: LightCutoffs,
) {
  const [rows, [total]] = await Promise.all([
    withColumns(lateIn(db, s, q.year, q.quarter, c))
      .select(columns)
      .orderBy('task.code')
      .orderBy('task.id')
      .limit(q.limit)
      .execute(),
    lateIn(db, s, q.year, q.quarter, c)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute(),
  ])
  return { rows, total: Number(total!.n) }
}
