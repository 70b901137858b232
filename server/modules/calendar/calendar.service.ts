import type { CalendarDay } from '../../../common/rectification'
import type { DB } from '../../db/database'
import { prepared } from '../../db/prepared'
import { notFound } from '../../errors'
import type { Ctx } from '../access/context'
import { requireActor, requireTopLevel } from '../access/policy'
import * as audit from '../audit/audit.service'
import { addWorkingDays, calendarOf, type Calendar } from './working-days'
import { keep } from '../../bounded'

// The calendar changes a few times a year, and a ledger or an item's page needs it on every
// request. Each process keeps the calendars it read, by the table's row count and latest
// change, and asks only for those two before reusing one: any insert, edit or delete, from
// this instance or another, changes one of them.
const cached = new Map<string, Calendar>()
const calendarVersion = prepared((db: DB) =>
  db
    .selectFrom('calendarDay')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updatedAt').as('at')]),
)

/** The whole calendar (a few dozen rows a year), as it stands now. */
export async function loadCalendar(db: DB): Promise<Calendar> {
  const [v] = await calendarVersion(db)
  const version = `${Number(v.n)} ${v.at ?? ''}`
  const hit = cached.get(version)
  if (hit) return hit
  const cal = calendarOf(await db.selectFrom('calendarDay').select(['date', 'kind']).execute())
  return keep(cached, 16, version, cal)
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
    const r = await trx.deleteFrom('calendarDay').where('date', '=', date).executeTakeFirst()
    if (Number(r.numDeletedRows) === 0) throw notFound('calendar_day')
    await audit.record(trx, ctx, { action: 'calendar.delete', objectType: 'calendar_day', objectId: date })
  })
}

export async function shiftWorkingDays(db: DB, ctx: Ctx, from: string, days: number) {
  requireActor(ctx)
  return { from, days, date: addWorkingDays(from, days, await loadCalendar(db)) }
}
