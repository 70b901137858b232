// The tallies Duban keeps beside the rows they count (`measure_tally`): checked against a count
// of the rows, and made anew from them after rows were written by hand in SQL.
import type { DB } from '../db/database'
import { holdWrites } from '../db/dialect'
import type { Ctx } from '../modules/access/context'
import * as audit from '../modules/audit/audit.service'
import * as repo from '../modules/rectification/rectification.repository'

export type TallyCheck = { rows: number; drift: repo.TallyDrift[] }

/** Where the measures' tally differs from a count of the measures (none when it agrees). */
export function checkTally(db: DB): Promise<TallyCheck> {
  return repo.tallyDrift(db)
}

/**
 * The tally made anew from the measures, in one transaction with its audit event. Writes of
 * measures wait until it commits, then move the new tally as they would the old.
 */
export function rebuildTally(db: DB, ctx: Ctx): Promise<TallyCheck> {
  return db.transaction().execute(async (trx) => {
    await holdWrites(trx, 'rectification_measure')
    const { drift } = await repo.tallyDrift(trx)
    const rows = await repo.rebuildTally(trx)
    await audit.record(trx, ctx, {
      action: 'measure_tally.rebuild',
      objectType: 'measure_tally',
      details: { rows, differed: drift.length },
    })
    return { rows, drift }
  })
}
