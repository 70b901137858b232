// The light in SQL (task.repository.ts `lightOf`) against the light in TypeScript (task-light.ts,
// whose unit tests state the rules), task by task over many generated tasks and days; and the
// light's inputs stored in the task rows against the same values recomputed from the reports,
// after report moves and task edits.
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LIGHT_RULE, LIGHTS, type LightRule } from '../../../common/tasks'
import { actorOf } from '../../seed/demo-inspections'
import * as m0028 from '../../db/migrations/0028-task-light-inputs'
import * as m0030 from '../../db/migrations/0030-drop-task-expected-quarters'
import { createTestEnv, type TestEnv } from '../../test/harness'
import type { Ctx } from '../access/context'
import { systemCtx } from '../access/context'
import { departmentsOf } from '../access/policy'
import { loadCalendar } from '../calendar/calendar.service'
import type { Calendar } from '../calendar/working-days'
import { lightColumns, quarterEnd, reportDue, type LightColumns } from './task-light'
import * as repo from './task.repository'
import { create, list, saveReport, setLightRule, transitionReport, update } from './task.service'

let env: TestEnv
let ctx: Ctx
let cal: Calendar
const campaignId = uuidv7()
const editedCampaignId = uuidv7()
const TASKS = 300
const YEARS = [2023, 2024, 2025, 2026, 2027]
const RULES: LightRule[] = [
  DEFAULT_LIGHT_RULE,
  { dueSoonWorkingDays: 0, behindTolerance: 0, reportDueWorkingDays: 0 },
  { dueSoonWorkingDays: 25, behindTolerance: 35, reportDueWorkingDays: 45 },
]

// A fixed seed: the same cases every run (mulberry32).
let seed = 20241231
function rand() {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))

function shift(date: string, days: number) {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Days where the rule's outcome changes: year starts, quarter ends, report deadlines, each ±1. */
function edgeDays() {
  const days = new Set<string>()
  for (const y of YEARS) {
    const edges = [`${y}-01-01`, `${y}-12-31`]
    for (let q = 1; q <= 4; q++) {
      edges.push(quarterEnd(y, q))
      for (const rule of RULES) edges.push(reportDue(y, q, rule, cal))
    }
    for (const d of edges) for (const k of [-1, 0, 1]) days.add(shift(d, k))
    for (let i = 0; i < 12; i++) days.add(shift(`${y}-01-01`, int(0, 364)))
  }
  return [...days].sort()
}

beforeAll(async () => {
  env = await createTestEnv()
  ctx = { ...systemCtx(), actor: await actorOf(env.db, 'ducha') }
  cal = await loadCalendar(env.db)
  const lead = await env.db
    .selectFrom('department')
    .innerJoin('unit', 'unit.id', 'department.unitId')
    .select('department.id')
    .where('unit.level', '=', 'supreme')
    .executeTakeFirstOrThrow()
  const now = new Date().toISOString()
  await env.db
    .insertInto('campaign')
    .values(
      [
        [campaignId, '状态灯对照'],
        [editedCampaignId, '状态灯输入对照'],
      ].map(([id, name]) => ({
        id,
        name,
        description: '',
        startDate: null,
        endDate: null,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .execute()
  const days = edgeDays()
  for (let n = 0; n < TASKS; n++) {
    const year = pick(YEARS)
    const near = days.filter((d) => d >= `${year - 1}-10-01` && d <= `${year + 1}-03-31`)
    const milestones = []
    let p = 0
    for (let q = 1; q <= 4; q++)
      if (rand() < 0.6) {
        p = rand() < 0.9 ? Math.min(100, p + int(0, 40)) : int(0, 100)
        milestones.push({ quarter: q, expectedProgress: p, description: '' })
      }
    const id = uuidv7()
    await repo.insert(
      env.db,
      {
        id,
        year,
        code: `L${String(n).padStart(4, '0')}`,
        title: `状态灯对照任务${n}`,
        description: '',
        leaderName: '副检察长',
        leadDepartmentId: lead.id,
        campaignId,
        deadline: rand() < 0.85 ? pick(near) : shift(`${year}-01-01`, int(-60, 500)),
        status: rand() < 0.1 ? 'done' : 'active',
        milestones: JSON.stringify(milestones),
        progress: int(0, 100),
        createdAt: now,
        updatedAt: now,
      },
      [],
    )
    for (let q = 1; q <= 4; q++) {
      const status = pick(['none', 'none', 'draft', 'returned', 'submitted', 'accepted'])
      if (status === 'none') continue
      await repo.insertReport(env.db, {
        id: uuidv7(),
        taskId: id,
        quarter: q,
        status,
        progress: 0,
        done: '',
        problems: '',
        nextSteps: '',
        supportNeeded: '',
        returnReason: null,
        submittedBy: null,
        submittedAt: null,
        reviewedBy: null,
        reviewedAt: null,
        createdAt: now,
        updatedAt: now,
      })
    }
  }
})
afterAll(() => env.close())

describe('the light in SQL', () => {
  it('agrees with taskLight for every task, rule and day', { timeout: 120_000 }, async () => {
    const days = edgeDays()
    let compared = 0
    for (const rule of RULES) {
      await setLightRule(env.db, ctx, rule)
      for (const asOf of days.filter(() => rand() < 0.15)) {
        let total = 0
        for (const light of LIGHTS) {
          // Listed by the SQL light, lit again by taskLight: each must agree, and together cover every task.
          const r = await list(env.db, ctx, {
            campaignId,
            light,
            asOf,
            sort: 'code',
            order: 'asc',
            page: 1,
            pageSize: TASKS,
          })
          const wrong = r.items.filter((t) => t.light !== light)
          expect(
            wrong.map((t) => ({ code: t.code, js: t.light, reasons: t.lightReasons })),
            `${asOf} ${light} ${JSON.stringify(rule)}`,
          ).toEqual([])
          expect(r.total).toBe(r.items.length)
          expect(r.lights[light]).toBe(r.total)
          total += r.total
        }
        expect(total, asOf).toBe(TASKS)
        compared += TASKS
      }
    }
    expect(compared).toBeGreaterThan(50 * TASKS)
  })
})

/** Milestones as an office may enter them: some quarters, never decreasing. */
function milestones() {
  const out = []
  let p = 0
  for (let q = 1; q <= 4; q++)
    if (rand() < 0.5) {
      p = Math.min(100, p + int(0, 40))
      out.push({ quarter: q, expectedProgress: p, description: '' })
    }
  return out
}

/** The light's columns as stored, and as recomputed from the task's reports and fields. */
async function storedAndRecomputed(taskIds?: string[]) {
  let q = env.db.selectFrom('task').selectAll()
  if (taskIds) q = q.where('id', 'in', taskIds)
  const tasks = await q.orderBy('id').execute()
  const reports = await env.db.selectFrom('quarterlyReport').select(['taskId', 'quarter', 'status']).execute()
  return tasks.map((t) => {
    const reported = reports
      .filter((r) => r.taskId === t.id && (r.status === 'submitted' || r.status === 'accepted'))
      .map((r) => r.quarter)
    let through = 0
    while (reported.includes(through + 1)) through++
    const want = lightColumns(
      { year: t.year, deadline: t.deadline, milestones: JSON.parse(t.milestones) },
      through,
    )
    const stored = Object.fromEntries(
      Object.keys(want).map((k) => [
        k,
        t[k as keyof LightColumns] === null ? null : Number(t[k as keyof LightColumns]),
      ]),
    )
    return { code: t.code, stored, want }
  })
}

describe('the light inputs stored in the task', () => {
  it('match their reports and fields after report moves and task edits', { timeout: 120_000 }, async () => {
    await setLightRule(env.db, ctx, DEFAULT_LIGHT_RULE)
    const lead: Ctx = { ...systemCtx(), actor: await actorOf(env.db, 'dept_siting') }
    const [department] = departmentsOf(lead.actor!)
    const days = edgeDays()
    const ids: string[] = []
    for (let n = 0; n < 10; n++) {
      const year = pick(YEARS)
      const t = await create(env.db, ctx, {
        year,
        code: `E${n}`,
        title: `状态灯输入任务${n}`,
        description: '',
        leaderName: '副检察长',
        leadDepartmentId: department,
        cooperatorIds: [],
        campaignId: editedCampaignId,
        ...(rand() < 0.5 && { deadline: pick(days.filter((d) => d.startsWith(String(year)))) }),
        milestones: milestones(),
      })
      ids.push(t.id)
    }
    // The ledger's light counts, kept per instance under the tasks' version, must follow every
    // write; a second instance on the same database keeps its own; a transaction counts afresh.
    const other = env.db.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => a.result })
    const asOf = days[Math.floor(days.length / 2)]
    const lights = async (db: typeof env.db) =>
      (
        await list(db, ctx, {
          campaignId: editedCampaignId,
          asOf,
          sort: 'code',
          order: 'asc',
          page: 1,
          pageSize: 1,
        })
      ).lights
    const fresh = () => env.db.transaction().execute((trx) => lights(trx))
    await lights(other)
    const moves: Record<string, number> = {}
    for (let step = 0; step < 240; step++) {
      await lights(env.db)
      const id = pick(ids)
      const t = await env.db.selectFrom('task').select('year').where('id', '=', id).executeTakeFirstOrThrow()
      const quarter = int(1, 4)
      const r = await repo.report(env.db, id, quarter)
      const status = r?.status ?? 'none'
      const move = pick(['report', 'report', 'report', 'deadline', 'milestones', 'status'])
      let done: string
      if (move === 'report' && (status === 'none' || status === 'draft' || status === 'returned')) {
        if (status === 'none' || rand() < 0.3)
          await saveReport(env.db, lead, id, quarter, { done: '按计划推进', progress: int(0, 100) })
        await transitionReport(env.db, lead, id, quarter, { action: 'submit' })
        done = 'submit'
      } else if (move === 'report' && status === 'submitted') {
        done = rand() < 0.5 ? 'accept' : 'return'
        await transitionReport(env.db, ctx, id, quarter, {
          action: done as 'accept' | 'return',
          reason: '请补充',
        })
      } else if (move === 'deadline') {
        const near = days.filter((d) => d >= `${t.year}-01-01` && d <= `${t.year + 1}-03-31`)
        await update(env.db, ctx, id, { deadline: pick(near) })
        done = move
      } else if (move === 'milestones') {
        await update(env.db, ctx, id, { milestones: milestones() })
        done = move
      } else if (move === 'status') {
        await update(env.db, ctx, id, { status: rand() < 0.5 ? 'done' : 'active' })
        done = move
      } else continue
      moves[done] = (moves[done] ?? 0) + 1
      const [one] = await storedAndRecomputed([id])
      expect(one.stored, `step ${step}: ${done} on ${one.code}`).toEqual(one.want)
      const want = await fresh()
      expect(await lights(env.db), `step ${step}: ${done}, kept counts`).toEqual(want)
      if (step % 10 === 0) expect(await lights(other), `step ${step}: another instance`).toEqual(want)
    }
    expect(Object.keys(moves).sort()).toEqual([
      'accept',
      'deadline',
      'milestones',
      'return',
      'status',
      'submit',
    ])
    // Every task of the file, including those whose reports were inserted by the repository.
    const all = await storedAndRecomputed()
    expect(all.filter((t) => JSON.stringify(t.stored) !== JSON.stringify(t.want))).toEqual([])
    expect(all.length).toBeGreaterThanOrEqual(TASKS + ids.length)

    // And the light computed from them agrees with taskLight after the edits.
    for (const asOf of days.filter(() => rand() < 0.1)) {
      for (const light of LIGHTS) {
        const r = await list(env.db, ctx, {
          campaignId: editedCampaignId,
          light,
          asOf,
          sort: 'code',
          order: 'asc',
          page: 1,
          pageSize: 50,
        })
        expect(
          r.items.filter((t) => t.light !== light).map((t) => ({ code: t.code, js: t.light })),
          `${asOf} ${light}`,
        ).toEqual([])
      }
    }
  })
})

describe('migration 0028', () => {
  it('backfills the light inputs from the reports and fields', async () => {
    await m0028.down(env.db)
    await m0028.up(env.db)
    const all = await storedAndRecomputed()
    expect(all.length).toBeGreaterThanOrEqual(TASKS)
    expect(all.filter((t) => JSON.stringify(t.stored) !== JSON.stringify(t.want))).toEqual([])
    expect(new Set(all.map((t) => t.stored.reportsThrough)).size).toBe(5)
  })
})

describe('migration 0030', () => {
  it('drops the per-quarter expected progress, and brings it back from the milestones on the way down', async () => {
    const expected = sql<{
      milestones: string
      q2: number | null
    }>`select milestones, expected_q2 as q2 from task`
    await expect(expected.execute(env.db)).rejects.toThrow()
    await m0030.down(env.db)
    const rows = (await expected.execute(env.db)).rows
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) {
      const m = (JSON.parse(r.milestones) as { quarter: number; expectedProgress: number }[]).find(
        (x) => x.quarter === 2,
      )
      expect(r.q2 === null ? null : Number(r.q2)).toBe(m ? m.expectedProgress : null)
    }
    await m0030.up(env.db)
    await expect(expected.execute(env.db)).rejects.toThrow()
  })
})
