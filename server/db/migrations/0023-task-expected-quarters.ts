import type { Kysely } from 'kysely'

const QUARTERS = [1, 2, 3, 4] as const

export async function up(db: Kysely<any>): Promise<void> {
  // Each quarter's milestone (expected progress at the quarter's end) as a column beside the
  // milestones' JSON, so the task ledger computes lights, filters and counts them in SQL and
  // loads only the page shown: at scale 0.1 (2,000 tasks a year) the ledger loaded and lit
  // every task of the year for each page.
  for (const q of QUARTERS)
    await db.schema.alterTable('task').addColumn(`expected_q${q}`, 'integer').execute()
  // Tasks mostly share a few milestone plans: one update per distinct plan.
  const plans = await db.selectFrom('task').select('milestones').distinct().execute()
  for (const { milestones } of plans) {
    const set: Record<string, number | null> = {}
    for (const q of QUARTERS) set[`expected_q${q}`] = null
    for (const m of JSON.parse(milestones) as { quarter: number; expectedProgress: number }[])
      set[`expected_q${m.quarter}`] = m.expectedProgress
    await db.updateTable('task').set(set).where('milestones', '=', milestones).execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const q of QUARTERS) await db.schema.alterTable('task').dropColumn(`expected_q${q}`).execute()
}
