import { sql, type Expression, type RawBuilder, type SelectQueryBuilder } from 'kysely'
import type { Light } from '../../../common/tasks'
import type { DB } from '../../db/database'
import { containsText, dayNumber, startsWith } from '../../db/dialect'
import type { Database, QuarterlyReportTable, TaskTable } from '../../db/schema'
import type { UnitScope } from '../access/policy'
import { QUARTER_END, type LightCutoffs } from './task-light'

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

export type TaskRow = NonNullable<Awaited<ReturnType<typeof findById>>>

export type TaskFilter = {
  year?: number
  departmentId?: string
  campaignId?: string
  leader?: string
  mine?: 'lead' | 'cooperate'
  q?: string
}

/** The visible tasks matching the filter, from the task rows alone (joins are the caller's). */
function filtered(db: DB, s: TaskScope, f: TaskFilter) {
  let q = db
    .selectFrom('task')
    .where((eb) =>
      eb.or([
        inScope(eb, s.office),
        inScope(eb, s.leader),
        ...(s.departments.length
          ? [
              eb('task.leadDepartmentId', 'in', s.departments),
              eb.exists(
                eb
                  .selectFrom('taskCooperator as tc')
                  .select('tc.taskId')
                  .whereRef('tc.taskId', '=', 'task.id')
                  .where('tc.departmentId', 'in', s.departments),
              ),
            ]
          : []),
      ]),
    )
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

const QUARTERS = [1, 2, 3, 4] as const
const expectedCol = {
  1: 'task.expectedQ1',
  2: 'task.expectedQ2',
  3: 'task.expectedQ3',
  4: 'task.expectedQ4',
} as const

/**
 * A task's light on the cut-offs' day in SQL, the same rule as `taskLight` (task-light.ts):
 * done; red when past the deadline or a report due by now is neither submitted nor accepted;
 * yellow when behind the expected progress by more than the tolerance, or due soon; green.
 */
export function lightOf(db: DB, c: LightCutoffs): RawBuilder<Light> {
  const year = sql.ref('task.year')
  const deadline = sql.ref('task.deadline')
  const e = (q: number) => sql.ref(expectedCol[q as 1 | 2 | 3 | 4])
  const dateIn = (monthDay: string) => sql<string>`(cast(${year} as text) || ${`-${monthDay}`})`
  const start = dateIn('01-01')
  const quarterEnd = (q: number) => dateIn(QUARTER_END[q - 1])
  const day = (date: Expression<any>) => dayNumber(db, date)

  // Linear from (d0, p0) to (d1, p1), rounded as Math.round rounds (the value is never negative).
  const between = (p0: Expression<any>, d0: Expression<any>, p1: Expression<any>, d1: Expression<any>) =>
    sql`floor(${p0} + cast((${p1} - ${p0}) * (${c.todayDay} - ${d0}) as double precision) /
      (case when ${d1} - ${d0} > 1 then ${d1} - ${d0} else 1 end) + 0.5)`
  // The milestone before quarter q's: the latest earlier one, or 0% at the start of the year.
  const before = (q: number) => {
    const earlier = QUARTERS.filter((p) => p < q).reverse()
    return {
      p: earlier.length ? sql`coalesce(${sql.join([...earlier.map(e), sql.lit(0)])})` : sql.lit(0),
      d: earlier.length
        ? sql`(case ${sql.join(
            earlier.map((p) => sql`when ${e(p)} is not null then ${day(quarterEnd(p))}`),
            sql` `,
          )} else ${day(start)} end)`
        : day(start),
    }
  }
  const expected = sql`(case
    when ${c.today} <= ${start} then 0
    when ${sql.join(
      QUARTERS.map((q) => sql`${e(q)} is null`),
      sql` and `,
    )} then (case when ${c.today} <= ${deadline}
      then ${between(sql.lit(0), day(start), sql.lit(100), day(deadline))} else 100 end)
    ${sql.join(
      QUARTERS.map((q) => {
        const b = before(q)
        return sql`when ${e(q)} is not null and ${c.today} <= ${quarterEnd(q)}
          then ${between(b.p, b.d, e(q), day(quarterEnd(q)))}`
      }),
      sql` `,
    )}
    else coalesce(${sql.join(QUARTERS.map(e).reverse())}) end)`

  // Reports are due for quarters 1..K: those whose report deadline has passed, and which do
  // not begin after the task's deadline.
  const due = sql`(case when ${year} < ${c.reportsDue[0].year} then 4 ${sql.join(
    c.reportsDue.map((r) => sql`when ${year} = ${r.year} then ${r.quarters}`),
    sql` `,
  )} else 0 end)`
  const inDeadline = sql`(1 + ${sql.join(
    [1, 2, 3].map((q) => sql`(case when ${quarterEnd(q)} < ${deadline} then 1 else 0 end)`),
    sql` + `,
  )})`
  const k = sql`(case when ${inDeadline} < ${due} then ${inDeadline} else ${due} end)`
  const reported = sql`(select count(*) from quarterly_report as lr
    where lr.task_id = ${sql.ref('task.id')} and lr.quarter <= ${k} and lr.status in ('submitted', 'accepted'))`

  return sql<Light>`(case
    when ${sql.ref('task.status')} = 'done' then 'done'
    when ${deadline} < ${c.today} then 'red'
    when ${reported} < ${k} then 'red'
    when ${sql.ref('task.progress')} < ${expected} - ${c.behindTolerance} then 'yellow'
    when ${deadline} < ${c.dueSoonBefore} then 'yellow'
    else 'green' end)`
}

/** How many visible tasks matching the filter have each light. */
export async function lightCounts(db: DB, s: TaskScope, f: TaskFilter, c: LightCutoffs) {
  return db
    .selectFrom(filtered(db, s, f).select(lightOf(db, c).as('light')).as('l'))
    .select(['l.light', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('l.light')
    .execute()
}

/** One page of the visible tasks matching the filter, and the light if one is asked for. */
export async function list(
  db: DB,
  s: TaskScope,
  f: TaskFilter,
  c: LightCutoffs,
  p: {
    light?: Light
    sort: 'code' | 'deadline' | 'progress'
    order: 'asc' | 'desc'
    limit: number
    offset: number
  },
) {
  const col = { code: 'task.code', deadline: 'task.deadline', progress: 'task.progress' } as const
  let q = withColumns(filtered(db, s, f))
  if (p.light) {
    const light = p.light
    q = q.where((eb) => eb(lightOf(db, c), '=', light))
  }
  return q
    .select(columns)
    .orderBy(col[p.sort], p.order)
    .orderBy('task.id')
    .limit(p.limit)
    .offset(p.offset)
    .execute()
}

/** Ids of the visible tasks matching the filter, by code. */
export async function ids(db: DB, s: TaskScope, f: TaskFilter) {
  const rows = await filtered(db, s, f).select('task.id').orderBy('task.code').orderBy('task.id').execute()
  return rows.map((r) => r.id)
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

export async function findById(db: DB, id: string) {
  return withColumns(db.selectFrom('task')).select(columns).where('task.id', '=', id).executeTakeFirst()
}

export async function cooperators(db: DB, taskIds: string[]) {
  if (taskIds.length === 0) return []
  return db
    .selectFrom('taskCooperator as tc')
    .innerJoin('department as d', 'd.id', 'tc.departmentId')
    .select(['tc.taskId', 'd.id', 'd.name'])
    .where('tc.taskId', 'in', taskIds)
    .orderBy('d.sortOrder')
    .execute()
}

export async function reportedQuarters(db: DB, taskIds: string[]) {
  if (taskIds.length === 0) return []
  return db
    .selectFrom('quarterlyReport')
    .select(['taskId', 'quarter'])
    .where('taskId', 'in', taskIds)
    .where('status', 'in', ['submitted', 'accepted'])
    .execute()
}

type ExpectedColumns = 'expectedQ1' | 'expectedQ2' | 'expectedQ3' | 'expectedQ4'
export type NewTaskRow = Omit<TaskTable, ExpectedColumns>

/** The milestones' per-quarter columns, written with them so the light's SQL can read them. */
function expectedColumns(milestones: string): Pick<TaskTable, ExpectedColumns> {
  const byQuarter = new Map(
    (JSON.parse(milestones) as { quarter: number; expectedProgress: number }[]).map((m) => [
      m.quarter,
      m.expectedProgress,
    ]),
  )
  return {
    expectedQ1: byQuarter.get(1) ?? null,
    expectedQ2: byQuarter.get(2) ?? null,
    expectedQ3: byQuarter.get(3) ?? null,
    expectedQ4: byQuarter.get(4) ?? null,
  }
}

export async function insert(db: DB, row: NewTaskRow, cooperatorIds: string[]) {
  await db
    .insertInto('task')
    .values({ ...row, ...expectedColumns(row.milestones) })
    .execute()
  if (cooperatorIds.length)
    await db
      .insertInto('taskCooperator')
      .values(cooperatorIds.map((departmentId) => ({ taskId: row.id, departmentId })))
      .execute()
}

export async function update(db: DB, id: string, patch: Partial<NewTaskRow>, cooperatorIds?: string[]) {
  await db
    .updateTable('task')
    .set({ ...patch, ...(patch.milestones !== undefined && expectedColumns(patch.milestones)) })
    .where('id', '=', id)
    .execute()
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
  await db.insertInto('quarterlyReport').values(row).execute()
}

export async function reportHistory(db: DB, reportId: string) {
  return db
    .selectFrom('quarterlyReportHistory as h')
    .leftJoin('appUser as u', 'u.id', 'h.actorId')
    .select(['h.action', 'u.displayName as actorName', 'h.reason', 'h.snapshot', 'h.createdAt'])
    .where('h.reportId', '=', reportId)
    .orderBy('h.createdAt')
    .orderBy('h.id')
    .execute()
}
