// The calendar each process keeps: reused while unchanged, read again after any change, whether
// it came through the service or straight into the table (as from another instance).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEnv, type TestEnv } from '../../test/harness'
import { loadCalendar, put, remove } from './calendar.service'
import { isWorkingDay } from './working-days'
import { actorOf } from '../../seed/demo-inspections'
import { systemCtx, type Ctx } from '../access/context'

let env: TestEnv
let office: Ctx
beforeAll(async () => {
  env = await createTestEnv()
  office = { ...systemCtx(env.config.auditHash), actor: await actorOf(env.db, 'xunshiban') }
})
afterAll(() => env.close())

describe('the calendar a process keeps', () => {
  it('is reused while the table is unchanged and follows every change', async () => {
    const first = await loadCalendar(env.db)
    expect(await loadCalendar(env.db)).toBe(first)
    const day = '2031-03-12' // a Wednesday
    expect(isWorkingDay(day, first)).toBe(true)

    await put(env.db, office, day, { kind: 'holiday', name: '测试假日' })
    expect(isWorkingDay(day, await loadCalendar(env.db))).toBe(false)

    // Another instance turns it into a working day again: same row count, a later change.
    await env.db
      .updateTable('calendarDay')
      .set({ kind: 'workday', updatedAt: new Date(Date.now() + 1000).toISOString() })
      .where('date', '=', day)
      .execute()
    const edited = await loadCalendar(env.db)
    expect(edited.workdays.has(day)).toBe(true)
    expect(isWorkingDay(day, edited)).toBe(true)

    await remove(env.db, office, day)
    const after = await loadCalendar(env.db)
    expect(after.workdays.has(day) || after.holidays.has(day)).toBe(false)
    expect(after.holidays.size).toBe(first.holidays.size)
  })
})
