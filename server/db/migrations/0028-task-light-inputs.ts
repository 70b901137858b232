import { sql, type Kysely } from 'kysely'

// The inputs of a task's status light as columns of the task, written by the task repository
// with the task and with every change of its quarterly reports' statuses, so the ledger's light
// is a comparison of columns: for a year of 20,000 tasks (scale 1) the light counts derived
// each task's dates from its year and counted its reports, in about 55 ms a request on SQLite.
//   reports_through     the largest K such that quarters 1..K have a submitted or accepted report
//   missing_report_day  the end (days since 1970-01-01) of the first quarter whose report is
//                       owed (up to the quarter of the deadline) and missing, or null
//   knot_day0..4, knot_pct1..4
//                       the expected progress's knots: the year's first day at 0%, then each
//                       milestone's quarter end, or the deadline at 100% without milestones;
//                       null after the last
// The backfill computes them here, as the code of this migration's time did (frozen, not imported).

const QUARTER_END = ['03-31', '06-30', '09-30', '12-31']
const KNOTS = [1, 2, 3, 4] as const

function dayNumber(date: string) {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000
}

function lightColumns(year: number, deadline: string, milestones: string, through: number) {
  const quarterEnd = (q: number) => `${year}-${QUARTER_END[q - 1]}`
  const owed = 1 + [1, 2, 3].filter((q) => quarterEnd(q) < deadline).length
  const ms = JSON.parse(milestones) as { quarter: number; expectedProgress: number }[]
  const knots: [string, number][] = ms.length
    ? [...ms].sort((a, b) => a.quarter - b.quarter).map((m) => [quarterEnd(m.quarter), m.expectedProgress])
    : [[deadline, 100]]
  const set: Record<string, number | null> = {
    missing_report_day: through < owed ? dayNumber(quarterEnd(through + 1)) : null,
    knot_day0: dayNumber(`${year}-01-01`),
  }
  for (const i of KNOTS) {
    set[`knot_day${i}`] = knots[i - 1] ? dayNumber(knots[i - 1][0]) : null
    set[`knot_pct${i}`] = knots[i - 1] ? knots[i - 1][1] : null
  }
  return set
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('task')
    .addColumn('reports_through', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('task').addColumn('missing_report_day', 'integer').execute()
  await db.schema
    .alterTable('task')
    .addColumn('knot_day0', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  for (const i of KNOTS) {
    await db.schema.alterTable('task').addColumn(`knot_day${i}`, 'integer').execute()
    await db.schema.alterTable('task').addColumn(`knot_pct${i}`, 'integer').execute()
  }

  // At most one report per task and quarter (quarterly_report_uq): quarters 1..K all reported.
  const reported = (q: number) => sql`exists (select 1 from quarterly_report r
    where r.task_id = task.id and r.quarter = ${sql.lit(q)} and r.status in ('submitted', 'accepted'))`
  await sql`update task set reports_through = case
      when not ${reported(1)} then 0 when not ${reported(2)} then 1
      when not ${reported(3)} then 2 when not ${reported(4)} then 3 else 4 end
    where ${reported(1)}`.execute(db)

  // Tasks mostly share a few plans and deadlines: one update per distinct set of values, by id.
  const rows = await db
    .selectFrom('task')
    .select(['id', 'year', 'deadline', 'milestones', 'reports_through as through'])
    .execute()
  const groups = new Map<string, { set: Record<string, number | null>; ids: string[] }>()
  for (const r of rows) {
    const set = lightColumns(Number(r.year), r.deadline, r.milestones, Number(r.through))
    const key = JSON.stringify(set)
    const group = groups.get(key)
    if (group) group.ids.push(r.id)
    else groups.set(key, { set, ids: [r.id] })
  }
  for (const { set, ids } of groups.values())
    for (let i = 0; i < ids.length; i += 1000)
      await db
        .updateTable('task')
        .set(set)
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [
    'reports_through',
    'missing_report_day',
    'knot_day0',
    ...KNOTS.flatMap((i) => [`knot_day${i}`, `knot_pct${i}`]),
  ])
    await db.schema.alterTable('task').dropColumn(column).execute()
}
