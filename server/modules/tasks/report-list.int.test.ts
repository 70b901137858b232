// The quarterly reports list at national scale: more visible tasks than SQLite takes values in
// one statement (32,766). The list once passed the visible tasks' ids as values and answered
// 500 for the supervision office over ten years of tasks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { as, createTestEnv, login, withLoggedApp, type Session, type TestEnv } from '../../test/harness'

type Json = Record<string, any>
let env: TestEnv
let office: Session
let siting: Session
beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'ducha')
  siting = await login(env.app, 'dept_siting')
})
afterAll(() => env.close())

describe('quarterly reports of many tasks', () => {
  it("answers each report as the report's own page does, with as many queries for 10 as for 2", async () => {
    for (const s of [office, siting]) {
      const page = (await as(env.app, s).get('/api/quarterly-reports?pageSize=50')).json()
      expect(page.items.length).toBeGreaterThan(2)
      for (const r of page.items) {
        const one = await as(env.app, s).get(`/api/tasks/${r.taskId}/quarters/${r.quarter}/report`)
        expect(one.statusCode).toBe(200)
        expect(r).toEqual(one.json())
      }
    }
    expect(
      (await as(env.app, office).get('/api/quarterly-reports?pageSize=50'))
        .json()
        .items.some((r: Json) => r.history.length > 0),
    ).toBe(true)
    await withLoggedApp(
      env,
      () => true,
      async ({ app, seen }) => {
        const queries = async (pageSize: number) => {
          seen.length = 0
          const res = await as(app, office).get(`/api/quarterly-reports?pageSize=${pageSize}`)
          expect(res.json().items).toHaveLength(pageSize)
          return seen.length
        }
        await queries(2)
        const few = await queries(2)
        expect(await queries(10)).toBe(few)
      },
    )
  })

  it('pages and counts the reports of 33,000 visible tasks, and a department still sees only its own', async () => {
    const before = (await as(env.app, office).get('/api/quarterly-reports?pageSize=200')).json()
    const mine = (await as(env.app, siting).get('/api/quarterly-reports?pageSize=200')).json()
    expect(before.total).toBeGreaterThan(0)
    expect(mine.total).toBeGreaterThan(0)
    expect(mine.total).toBeLessThan(before.total)
    // Tasks of another department, without reports: they change no total, only how many tasks
    // the office sees.
    const other = await env.db
      .selectFrom('department')
      .innerJoin('unit', 'unit.id', 'department.unitId')
      .select('department.id')
      .where('department.name', '=', '办公室')
      .orderBy('unit.path')
      .executeTakeFirstOrThrow()
    const now = new Date().toISOString()
    const rows = Array.from({ length: 33_000 }, (_, i) => ({
      id: uuidv7(),
      year: 2030,
      code: `2030-${String(i).padStart(5, '0')}`,
      title: `批量任务 ${i}`,
      leaderName: '张三',
      leadDepartmentId: other.id,
      deadline: '2030-12-31',
      status: 'active' as const,
      description: '',
      progress: 0,
      milestones: '[]',
      reportsThrough: 0,
      knotDay0: 0,
      createdAt: now,
      updatedAt: now,
    }))
    await env.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 1000)
        await trx
          .insertInto('task')
          .values(rows.slice(i, i + 1000))
          .execute()
    })
    const after = await as(env.app, office).get('/api/quarterly-reports?pageSize=200')
    expect(after.statusCode).toBe(200)
    expect(after.json().total).toBe(before.total)
    expect(after.json().items.map((r: Json) => [r.taskId, r.quarter])).toEqual(
      before.items.map((r: Json) => [r.taskId, r.quarter]),
    )
    const mineAfter = (await as(env.app, siting).get('/api/quarterly-reports?pageSize=200')).json()
    expect(mineAfter.total).toBe(mine.total)
    expect(mineAfter.items.map((r: Json) => r.taskId)).toEqual(mine.items.map((r: Json) => r.taskId))
    // a page further on, and a year's filter
    const second = (await as(env.app, office).get('/api/quarterly-reports?pageSize=2&page=2')).json()
    expect(second.items.map((r: Json) => [r.taskId, r.quarter])).toEqual(
      before.items.slice(2, 4).map((r: Json) => [r.taskId, r.quarter]),
    )
    expect((await as(env.app, office).get('/api/quarterly-reports?year=2030')).json().total).toBe(0)
  })
})
