// The light in SQL (task.repository.ts `lightOf`) against the light in TypeScript (task-light.ts,
// whose unit tests state the rules), task by task over many generated tasks and days.
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LIGHT_RULE, LIGHTS, type LightRule } from '../../../common/tasks'
import { actorOf } from '../../seed/demo-inspections'
import { createTestEnv, type TestEnv } from '../../test/harness'
import type { Ctx } from '../access/context'
import { systemCtx } from '../access/context'
import { loadCalendar } from '../calendar/calendar.service'
import type { Calendar } from '../calendar/working-days'
import { quarterEnd, reportDue } from './task-light'
import * as repo from './task.repository'
import { list, setLightRule } from './task.service'

let env: TestEnv
let ctx: Ctx
let cal: Calendar
const campaignId = uuidv7()
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
    .values({
      id: campaignId,
      name: '状态灯对照',
      description: '',
      startDate: null,
      endDate: null,
      createdAt: now,
      updatedAt: now,
    })
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
