// The text search's pair indexes (migrations 0037 and 0038), made anew from the findings and
// measures they stand for, after rows were written by hand in SQL.
import type { DB } from '../db/database'
import { holdWrites } from '../db/dialect'
import type { Ctx } from '../modules/access/context'
import * as audit from '../modules/audit/audit.service'
import * as findings from '../modules/inspections/finding.repository'
import * as measures from '../modules/rectification/rectification.repository'

export type Reindexed = { findings: number; measures: number }

/** How far a rebuild has come: rows of one table indexed so far, of how many. */
export type ReindexProgress = (table: keyof Reindexed, done: number, total: number) => void

/**
 * Both indexes emptied and filled again from every finding and measure, in one transaction with
 * its audit event. On PostgreSQL writes of findings and measures wait until it commits; on SQLite
 * the transaction holds the database's one write lock, and another process's writes wait at most
 * its busy timeout (5 s) before failing. `progress` hears of each thousand rows.
 */
export function rebuildSearch(db: DB, ctx: Ctx, progress?: ReindexProgress): Promise<Reindexed> {
  return db.transaction().execute(async (trx) => {
    // in the order writes take them (a finding, then its measures), so that none deadlocks with it
    await holdWrites(trx, 'finding')
    await holdWrites(trx, 'rectification_measure')
    const total = async (table: 'finding' | 'rectificationMeasure') =>
      Number(
        (
          await trx
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const [findingRows, measureRows] = progress
      ? [await total('finding'), await total('rectificationMeasure')]
      : [0, 0]
    const r = {
      findings: await findings.reindexAll(trx, progress && ((n) => progress('findings', n, findingRows))),
      measures: await measures.reindexMeasures(
        trx,
        progress && ((n) => progress('measures', n, measureRows)),
      ),
    }
    await audit.record(trx, ctx, { action: 'search_index.rebuild', objectType: 'search_index', details: r })
    return r
  })
}
