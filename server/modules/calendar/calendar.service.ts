import type { CalendarDay } from '../../../common/rectification'
import type { DB } from '../../db/database'
import { versionedValue, type Versions } from '../../db/versioned'
import { notFound } from '../../errors'
import type { Ctx } from '../access/context'
import { requireActor, requireTopLevel } from '../access/policy'
import * as audit from '../audit/audit.service'
import { addWorkingDays, calendarOf, type Calendar } from './working-days'

// The calendar changes a few times a year, and a ledger or an item's page needs it on every
// request. Each process keeps the calendar it read under the calendar's version, which every
// change moves on in its own transaction, from this instance or another.
const kept = versionedValue('calendar', async (db) =>
  calendarOf(await db.selectFrom('calendarDay').select(['date', 'kind']).execute()),
)

/** The whole calendar (a few dozen rows a year), as it stands now or as `seen` by the request. */
export function loadCalendar(db: DB, seen?: Versions): Promise<Calendar> {
  return kept.get(db, seen)
}

export async function year(db: DB, ctx: Ctx, y: number): Promise<CalendarDay[]> {
  requireActor(ctx)
  return db
    .selectFrom('calendarDay')
    .select(['date', 'kind', 'name'])
    .where('date', '>=', `${y}-01-01`)
    .where('date', '<=', `${y}-12-31`)
    .orderBy('date')
    .execute()
}

export async function put(
  db: DB,
  ctx: Ctx,
  date: string,
  input: { kind: 'holiday' | 'workday'; name: string },
) {
  requireTopLevel(ctx, 'inspection.manage')
  await db.transaction().execute(async (trx) => {
    await kept.touch(trx)
    const now = new Date().toISOString()
    await trx
      .insertInto('calendarDay')
      .values({ date, ...input, updatedAt: now })
      .onConflict((oc) =>
        oc.column('date').doUpdateSet({ kind: input.kind, name: input.name, updatedAt: now }),
      )
      .execute()
    await audit.record(trx, ctx, {
      action: 'calendar.put',
      objectType: 'calendar_day',
      objectId: date,
      details: input,
    })
  })
  return { date, ...input }
}

export async function remove(db: DB, ctx: Ctx, date: string) {
  requireTopLevel(ctx, 'inspection.manage')
  await db.transaction().execute(async (trx) => {
    await kept.touch(trx)
    const r = await trx.deleteFrom('calendarDay').where('date', '=', date).executeTakeFirst()
    if (Number(r.numDeletedRows) === 0) throw notFound('calendar_day')
    await audit.record(trx, ctx, { action: 'calendar.delete', objectType: 'calendar_day', objectId: date })
  })
}

export async function shiftWorkingDays(db: DB, ctx: Ctx, from: string, days: number) {
  requireActor(ctx)
  return { from, days, date: addWorkingDays(from, days, await loadCalendar(db, ctx.versions)) }
}
