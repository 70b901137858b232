// The calendar each process keeps: reused while unchanged, read again after any change, whether
// it came through this instance or another (the calendar's version moves on with each).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/database'
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
  it('is reused while the calendar is unchanged and follows every change', async () => {
    const first = await loadCalendar(env.db)
    expect(await loadCalendar(env.db)).toBe(first)
    const day = '2031-03-12' // a Wednesday
    expect(isWorkingDay(day, first)).toBe(true)

    await put(env.db, office, day, { kind: 'holiday', name: '测试假日' })
    expect(isWorkingDay(day, await loadCalendar(env.db))).toBe(false)

    // Another instance turns it into a working day again, through the service of its own handle.
    const other = openDatabase(env.config)
    try {
      await put(other, office, day, { kind: 'workday', name: '调休' })
    } finally {
      await other.destroy()
    }
    const edited = await loadCalendar(env.db)
    expect(edited.workdays.has(day)).toBe(true)
    expect(isWorkingDay(day, edited)).toBe(true)

    await remove(env.db, office, day)
    const after = await loadCalendar(env.db)
    expect(after.workdays.has(day) || after.holidays.has(day)).toBe(false)
    expect(after.holidays.size).toBe(first.holidays.size)
  })
})
