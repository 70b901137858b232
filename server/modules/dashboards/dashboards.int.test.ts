import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemCtx } from '../access/context'
import { record } from '../audit/audit.service'
import {
  as,
  createTestEnv,
  login,
  otherInstance,
  unitId,
  userIdOf,
  type Session,
  type TestEnv,
} from '../../test/harness'

let env: TestEnv
let leader: Session
let office: Session
let ducha: Session
let yanjiushi: Session
let tjLiaison: Session
let tjLeader: Session
let bjLeader: Session
let member: Session
let round1: string
let round2: string
type Json = Record<string, any>

const today = new Date().toISOString().slice(0, 10)

async function ok(s: Session, url: string) {
  const res = await as(env.app, s).get(url)
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200)
  return res.json() as Json
}

async function denied(s: Session, url: string, status: number, code: string) {
  const res = await as(env.app, s).get(url)
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(status)
  expect(res.json().error.code).toBe(code)
}

beforeAll(async () => {
  env = await createTestEnv()
  ;[leader, office, ducha, yanjiushi, tjLiaison, tjLeader, bjLeader, member] = await Promise.all(
    ['leader', 'xunshiban', 'ducha', 'yanjiushi', 'tj_liaison', 'tj_leader', 'bj_leader', 'xs_zuyuan1'].map(
      (u) => login(env.app, u),
    ),
  )
  const rounds = (await as(env.app, leader).get('/api/rounds?year=2024')).json().items as Json[]
  round1 = rounds.find((r) => r.ordinal === 1)!.id
  round2 = rounds.find((r) => r.ordinal === 2)!.id
  // A finding returned at verification, so every series of the round chart has something in it.
  const awaiting = (
    await as(env.app, office).get(`/api/findings?roundId=${round1}&status=awaiting_verification&pageSize=5`)
  ).json().items as Json[]
  const ret = await as(env.app, office).post(`/api/findings/${awaiting[0].id}/verification`, {
    action: 'return',
    reason: '佐证材料不足，需补充制度文件',
  })
  expect(ret.statusCode, ret.body).toBeLessThan(300)
  // The demo is seeded today; date the first round's handover and measures back to 2024, as it
  // happened, so the weekly overdue trend has a history to draw.
  const targets = (
    await env.db.selectFrom('target').select('id').where('roundId', '=', round1).execute()
  ).map((t) => t.id)
  await env.db
    .updateTable('target')
    .set({ fedBackAt: '2024-06-06T02:00:00.000Z' })
    .where('id', 'in', targets)
    .execute()
  await env.db
    .updateTable('finding')
    .set({ fedBackAt: '2024-06-06T02:00:00.000Z' })
    .where('roundId', '=', round1)
    .where('fedBackAt', 'is not', null)
    .execute()
  await env.db
    .updateTable('rectificationMeasure')
    .set({ createdAt: '2024-06-20T02:00:00.000Z' })
    .where('targetId', 'in', targets)
    .execute()
})
afterAll(() => env.close())

describe('GET /api/dashboards', () => {
  it('lists the dashboards each role may open', async () => {
    expect(await ok(office, '/api/dashboards')).toEqual(['round'])
    expect(await ok(leader, '/api/dashboards')).toEqual(['round', 'leader'])
    expect(await ok(tjLiaison, '/api/dashboards')).toEqual(['unit'])
    expect(await ok(member, '/api/dashboards')).toEqual([])
    expect((await as(env.app, null).get('/api/dashboards')).statusCode).toBe(401)
  })
})

describe('round dashboard', () => {
  it('shows the numbers of the rectification progress report for the same round and day', async () => {
    for (const s of [office, leader]) {
      for (const asOf of [today, '2024-10-01']) {
        const d = await ok(s, `/api/dashboards/round?roundId=${round1}&asOf=${asOf}`)
        const r = await ok(s, `/api/reports/rectification-progress/data?roundId=${round1}&asOf=${asOf}`)
        expect(d.round).toEqual(r.round)
        expect(d.asOf).toBe(asOf)
        expect(d.totals).toEqual(r.totals)
        expect(d.byCategory).toEqual(r.byCategory)
        expect(d.byTarget.map(({ unitCode: _c, ...t }: Json) => t)).toEqual(r.byTarget)
        // The trend ends on the day with the report's count of overdue measures.
        expect(d.overdueTrend.at(-1)).toEqual({ date: asOf, overdue: r.totals.measuresOverdue })
      }
    }
    const d = await ok(office, `/api/dashboards/round?roundId=${round1}&asOf=${today}`)
    expect(d.totals.returned).toBe(1)
    expect(d.totals.measuresOverdue).toBeGreaterThan(0)
    expect(d.byTarget.map((t: Json) => t.unitCode).sort()).toEqual([
      '120000',
      '130000',
      '140000',
      '210000',
      '430000',
    ])
  })

  it('counts each week of the overdue trend as the report counts that day', async () => {
    // Measures done since were overdue earlier: each week counts what stood on that day.
    const d = await ok(office, `/api/dashboards/round?roundId=${round1}&asOf=${today}`)
    expect(d.overdueTrend.length).toBeGreaterThan(1)
    const dates = d.overdueTrend.map((p: Json) => p.date)
    expect([...dates].sort()).toEqual(dates)
    expect(d.overdueTrend.length).toBeGreaterThan(50)
    expect(d.overdueTrend[0].date >= '2024-06-06').toBe(true)
    expect(Math.max(...d.overdueTrend.map((p: Json) => p.overdue))).toBeGreaterThan(d.totals.measuresOverdue)
    for (const p of [
      ...d.overdueTrend.slice(0, 2),
      ...d.overdueTrend.slice(-30, -28),
      d.overdueTrend.at(-1),
    ]) {
      const r = await ok(office, `/api/reports/rectification-progress/data?roundId=${round1}&asOf=${p.date}`)
      expect(p.overdue, p.date).toBe(r.totals.measuresOverdue)
    }
  })

  it('colours the provinces of the round on the tile map', async () => {
    const d = await ok(office, `/api/dashboards/round?roundId=${round1}&asOf=${today}`)
    expect(d.tiles.map((t: Json) => t.code).sort()).toEqual(['12', '13', '14', '21', '43'])
    const tj = d.tiles.find((t: Json) => t.code === '12')
    const row = d.byTarget.find((t: Json) => t.unitCode === '120000')
    expect(tj).toMatchObject({ total: row.total, closed: row.closed, overdue: row.overdue })
    expect(tj.targetIds).toEqual([row.targetId])
    expect(tj.status).toBe(row.overdue > 0 ? 'overdue' : row.closed === row.total ? 'closed' : 'rectifying')

    // The latest round is the default: only Beijing has been handed its findings.
    const latest = await ok(office, '/api/dashboards/round')
    expect(latest.round.id).toBe(round2)
    expect(latest).not.toHaveProperty('rounds') // the picker asks the rounds list
    const status = Object.fromEntries(latest.tiles.map((t: Json) => [t.code, t.status]))
    // Beijing has no measures yet and its concentrated deadline has passed: overdue, by the report's rule.
    expect(latest.byTarget).toHaveLength(1)
    expect(latest.byTarget[0].overdue).toBe(latest.byTarget[0].total)
    expect(status).toEqual({
      '11': 'overdue',
      '32': 'not_fed_back',
      '33': 'not_fed_back',
      '50': 'not_fed_back',
      '63': 'not_fed_back',
    })
  })

  it('counts as the report counts on any day, from before the handover to today', async () => {
    // The dashboard counts in SQL what the report replays row by row: they must agree whatever
    // stood on the day (handed over or not, measures created, done or overdue by then).
    // Some measures were done, and their deadlines fell, on days spread over the two years,
    // written as an audited write is: with its event, which moves the version the dashboard keeps
    // its numbers under.
    const measures = await env.db
      .selectFrom('rectificationMeasure as m')
      .innerJoin('finding as f', 'f.id', 'm.findingId')
      .select('m.id')
      .where('f.roundId', '=', round1)
      .orderBy('m.id')
      .execute()
    await env.db.transaction().execute(async (trx) => {
      await record(trx, systemCtx(), { action: 'measure.update', details: { measures: measures.length } })
      for (const [i, m] of measures.entries()) {
        const day = new Date(Date.UTC(2025, 0, 1 + i * 60)).toISOString().slice(0, 10)
        const before = new Date(Date.UTC(2025, 0, 1 + i * 60 - 40)).toISOString().slice(0, 10)
        if (i % 3 === 0)
          // done late: overdue from the day after its deadline until the day it was done
          await trx
            .updateTable('rectificationMeasure')
            .set({ status: 'done', doneAt: `${day}T09:00:00.000Z`, progress: 100, deadline: before })
            .where('id', '=', m.id)
            .execute()
        else if (i % 3 === 1)
          await trx
            .updateTable('rectificationMeasure')
            .set({ deadline: day })
            .where('id', '=', m.id)
            .execute()
      }
    })
    const days: string[] = []
    for (let d = new Date('2024-06-01T00:00:00Z'); d.toISOString().slice(0, 10) <= today;)
      (days.push(d.toISOString().slice(0, 10)), d.setUTCDate(d.getUTCDate() + 45))
    days.push('2024-06-05', '2024-06-06', '2024-06-19', '2024-06-20', today)
    for (const s of [office, leader])
      for (const asOf of days) {
        const d = await ok(s, `/api/dashboards/round?roundId=${round1}&asOf=${asOf}`)
        const r = await ok(s, `/api/reports/rectification-progress/data?roundId=${round1}&asOf=${asOf}`)
        expect(d.totals, asOf).toEqual(r.totals)
        expect(d.byCategory, asOf).toEqual(r.byCategory)
        expect(
          d.byTarget.map(({ unitCode: _c, ...t }: Json) => t),
          asOf,
        ).toEqual(r.byTarget)
        expect(d.overdueTrend.at(-1), asOf).toEqual({ date: asOf, overdue: r.totals.measuresOverdue })
      }
    const trend = (await ok(office, `/api/dashboards/round?roundId=${round1}&asOf=${today}`)).overdueTrend
    for (const p of trend.filter((_: Json, i: number) => i % 4 === 1)) {
      const r = await ok(office, `/api/reports/rectification-progress/data?roundId=${round1}&asOf=${p.date}`)
      expect(p.overdue, p.date).toBe(r.totals.measuresOverdue)
    }
  })

  it('is refused to the inspected units and the teams, and hides rounds out of scope', async () => {
    for (const s of [tjLiaison, tjLeader, bjLeader, member, ducha, yanjiushi])
      await denied(s, `/api/dashboards/round?roundId=${round1}`, 403, 'dashboard_forbidden')
    await denied(
      office,
      '/api/dashboards/round?roundId=00000000-0000-7000-8000-000000000000',
      404,
      'round_not_found',
    )
    await denied(office, '/api/dashboards/round?roundId=x', 400, 'validation_failed')
    const audit = await env.db
      .selectFrom('auditEvent')
      .select(['action', 'details'])
      .where('action', 'like', 'access.%')
      .execute()
    expect(audit.some((e) => JSON.stringify(e.details).includes('dashboard_forbidden'))).toBe(true)
  })
})

describe('dashboards between writes', () => {
  it("count once until the next write, on every instance, each person's scope apart", async () => {
    let statements: string[] | null = null
    const other = await otherInstance(env, (e) => {
      if (e.level === 'query') statements?.push(e.query.sql)
    })
    const get = async (app: FastifyInstance, s: Session, url: string) => {
      statements = []
      const res = await as(app, s).get(url)
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
      return { body: res.json() as Json, read: statements }
    }
    /** The reads of the findings' history and the measures: the counts the dashboard keeps. */
    const counts = (read: string[]) => read.filter((q) => /"(finding_history|rectification_measure)"/.test(q))
    const sec = await login(env.app, 'secadmin')
    const tjId = await userIdOf(env.db, 'tj_leader')
    let grant: string | undefined
    let wide: string | undefined
    /** tj_leader made a leader of the unit of `code`; the grant's id. */
    const grantLeader = async (code: string): Promise<string> => {
      const granted = await as(env.app, sec).post(`/api/users/${tjId}/roles`, {
        role: 'leader',
        scopeType: 'unit',
        scopeId: await unitId(env.db, code),
      })
      expect(granted.statusCode, granted.body).toBe(201)
      return granted.json().id
    }
    try {
      const url = `/api/dashboards/round?roundId=${round1}&asOf=${today}`
      /** A second person of the national procuratorate holding `role` there alone, signed in. */
      const sys = await login(env.app, 'sysadmin')
      const colleague = async (username: string, role: 'inspection_office' | 'leader') => {
        const created = await as(env.app, sys).post('/api/users', {
          username,
          displayName: `${username} 乙`,
          unitId: await unitId(env.db, '000000'),
          password: 'Xunshi#2024b',
        })
        expect(created.statusCode, created.body).toBe(201)
        const granted = await as(env.app, sec).post(`/api/users/${created.json().id}/roles`, {
          role,
          scopeType: 'unit',
          scopeId: await unitId(env.db, '000000'),
        })
        expect(granted.statusCode, granted.body).toBe(201)
        const initial = await login(env.app, username, 'Xunshi#2024b')
        const changed = await as(env.app, initial).post('/api/auth/password', {
          currentPassword: 'Xunshi#2024b',
          newPassword: 'Xunshi#2024b-2',
        })
        expect(changed.statusCode, changed.body).toBeLessThan(300)
        return login(other.app, username, 'Xunshi#2024b-2')
      }
      // A second person of the national office has the same scopes as the first, so is given
      // the answer kept for the first.
      const secondThere = await colleague('xunshiban_b', 'inspection_office')
      // A second leader of the national procuratorate holds the same grants as the first.
      const leaderBThere = await colleague('leader_b', 'leader')
      const officeThere = await login(other.app, 'xunshiban')
      const leaderThere = await login(other.app, 'leader')
      const first = await get(other.app, officeThere, url)
      expect(counts(first.read).length).toBeGreaterThan(0)
      const again = await get(other.app, officeThere, url)
      expect(again.body).toEqual(first.body)
      expect(counts(again.read)).toEqual([])
      const second = await get(other.app, secondThere, url)
      expect(second.body).toEqual(first.body)
      expect(counts(second.read)).toEqual([])
      // A sign-in and a refusal change nothing counted: the numbers stay kept.
      await login(env.app, 'yanjiushi')
      expect((await as(env.app, member).get(url)).statusCode).toBe(403)
      expect(counts((await get(other.app, officeThere, url)).read)).toEqual([])
      // The leader sees the round whole too, under scopes of their own.
      const asLeader = await get(other.app, leaderThere, url)
      expect(asLeader.body.totals).toEqual(first.body.totals)
      // The leader's own page, kept for them: the second time it reads the versions alone.
      const page = `/api/dashboards/leader?year=2024&asOf=${today}`
      const line = (d: Json) => d.inspections.rounds.find((r: Json) => r.id === round1)
      const leaderFirst = await get(other.app, leaderThere, page)
      expect(leaderFirst.read.length).toBeGreaterThan(5)
      const leaderAgain = await get(other.app, leaderThere, page)
      expect(leaderAgain.body).toEqual(leaderFirst.body)
      expect(leaderAgain.read).toHaveLength(1)
      // ...and the second leader's too, holding the same grants: the same page, without a count.
      expect((await as(other.app, leaderBThere).get('/api/dashboards')).statusCode).toBe(200) // (its session read)
      const leaderB = await get(other.app, leaderBThere, page)
      expect(leaderB.body).toEqual(leaderFirst.body)
      expect(leaderB.read).toHaveLength(1)

      // A leader of Tianjin sees Tianjin's target alone, and the office, asking after them, its
      // own numbers: each is kept under its own scopes (the leader's page, under its grants).
      grant = await grantLeader('120000')
      const tjThere = await login(other.app, 'tj_leader')
      const tj = (await get(other.app, tjThere, url)).body
      expect(tj.byTarget.map((t: Json) => t.unitCode)).toEqual(['120000'])
      expect(tj.totals.total).toBe(tj.byTarget[0].total)
      expect(tj.totals.total).toBeLessThan(first.body.totals.total)
      expect((await get(other.app, officeThere, url)).body.totals).toEqual(first.body.totals)
      const tjPage = (await get(other.app, tjThere, page)).body
      expect(line(tjPage).targets).toBe(1)
      expect(line(leaderFirst.body).targets).toBe(5)
      expect((await get(other.app, leaderThere, page)).body).toEqual(leaderFirst.body)
      // Within the minute, the page follows the person's grants: widened, it is counted anew;
      // narrowed back, it is never the wider page.
      wide = await grantLeader('000000')
      expect(line((await get(other.app, tjThere, page)).body).targets).toBe(5)
      expect((await as(env.app, sec).del(`/api/users/${tjId}/roles/${wide}`)).statusCode).toBe(204)
      wide = undefined
      expect(line((await get(other.app, tjThere, page)).body).targets).toBe(1)

      // A measure done through this instance shows on the next request to the other.
      const open = (
        await as(env.app, tjLiaison).get(`/api/measures?roundId=${round1}&status=open&pageSize=1`)
      ).json().items[0] as Json
      const done = await as(env.app, tjLiaison).post(`/api/measures/${open.id}/progress`, {
        content: '已全部完成',
        progress: 100,
        done: true,
      })
      expect(done.statusCode, done.body).toBe(201)
      const after = await get(other.app, officeThere, url)
      expect(counts(after.read).length).toBeGreaterThan(0)
      expect(after.body.totals.measuresDone).toBe(first.body.totals.measuresDone + 1)
      // The leader's page is given as counted for a minute, writes or not (without a read),
      // unless asked for afresh.
      const leaderKept = await get(other.app, leaderThere, page)
      expect(leaderKept.body).toEqual(leaderFirst.body)
      expect(counts(leaderKept.read)).toEqual([])
      const leaderAfter = (await get(other.app, leaderThere, `${page}&fresh=true`)).body
      expect(line(leaderAfter).measuresDone).toBe(line(leaderFirst.body).measuresDone + 1)
      expect(Date.parse(leaderAfter.countedAt)).toBeGreaterThan(Date.parse(leaderFirst.body.countedAt))
      expect((await get(other.app, leaderThere, page)).body).toEqual(leaderAfter)
    } finally {
      try {
        for (const g of [wide, grant])
          if (g) expect((await as(env.app, sec).del(`/api/users/${tjId}/roles/${g}`)).statusCode).toBe(204)
      } finally {
        await other.close()
      }
    }
  })
})

describe('leader dashboard', () => {
  it('shows the rounds, tasks and cases of the year as the reports count them', async () => {
    const d = await ok(leader, `/api/dashboards/leader?year=2024&quarter=2&asOf=${today}`)
    expect(d).toMatchObject({ year: 2024, quarter: 2, asOf: today })
    expect(d.inspections.rounds.map((r: Json) => r.id)).toEqual([round2, round1])
    for (const line of d.inspections.rounds) {
      const rp = await ok(leader, `/api/reports/rectification-progress/data?roundId=${line.id}&asOf=${today}`)
      const ir = await ok(leader, `/api/reports/inspection-round/data?roundId=${line.id}`)
      expect(line).toMatchObject({
        targets: ir.totals.targets,
        findings: ir.totals.findings,
        fedBack: rp.totals.total,
        closed: rp.totals.closed,
        inProgress: rp.totals.inProgress,
        awaitingVerification: rp.totals.awaitingVerification,
        overdue: rp.totals.overdue,
        returned: rp.totals.returned,
        measuresOverdue: rp.totals.measuresOverdue,
      })
    }
    const sum = (k: string) => d.inspections.rounds.reduce((n: number, r: Json) => n + r[k], 0)
    expect(d.inspections.totals.findings).toBe(sum('findings'))
    expect(d.inspections.totals.closed).toBe(sum('closed'))

    const tq = await ok(leader, `/api/reports/task-quarter/data?year=2024&quarter=2&asOf=${today}`)
    expect(d.tasks.lights).toEqual(tq.lights)
    expect(d.tasks.reports).toEqual(tq.reports)
    expect(d.tasks.total).toBe(tq.tasks.length)
    // the first of the report's late list, with their reasons, and how many it holds
    expect(d.tasks.lateTotal).toBe(tq.late.length)
    expect(tq.late.length).toBeGreaterThan(0)
    expect(d.tasks.late).toHaveLength(Math.min(20, tq.late.length))
    expect(d.tasks.late.map((l: Json) => [l.code, l.why])).toEqual(
      tq.late.slice(0, 20).map((l: Json) => [l.code, l.why]),
    )
    for (const l of d.tasks.late) expect(l.light).toBe(tq.tasks.find((t: Json) => t.code === l.code).light)

    // Leadership reads the case statistics the case-issuing report prints.
    const ci = await ok(yanjiushi, '/api/reports/case-issuing/data?year=2024')
    expect(d.cases).toMatchObject({ source: 'stats', year: 2024 })
    expect(d.cases.total).toEqual({
      issued: ci.stats.total.issued,
      pending: ci.stats.total.pending,
      returned: ci.stats.total.returned,
    })
    for (const [kind, c] of Object.entries(ci.stats.kind) as [string, Json][])
      expect(d.cases.kind[kind]?.issued ?? 0).toBe(c.issued)
  })

  it('lists the first 20 late tasks by code, and counts them all', async () => {
    const dept = (await env.db.selectFrom('department').select('id').limit(1).executeTakeFirstOrThrow()).id
    for (let i = 1; i <= 25; i++) {
      const res = await as(env.app, ducha).post('/api/tasks', {
        year: 2024,
        code: `LATE-${String(i).padStart(2, '0')}`,
        title: `未报送的任务${i}`,
        leaderName: '张三',
        leadDepartmentId: dept,
      })
      expect(res.statusCode, res.body).toBe(201)
    }
    // counted after the tasks were made, not as counted before them (up to a minute)
    const d = await ok(leader, `/api/dashboards/leader?year=2024&quarter=2&asOf=${today}&fresh=true`)
    const tq = await ok(leader, `/api/reports/task-quarter/data?year=2024&quarter=2&asOf=${today}`)
    expect(tq.late.length).toBeGreaterThanOrEqual(25)
    expect(d.tasks.lateTotal).toBe(tq.late.length)
    expect(d.tasks.total).toBe(tq.tasks.length)
    expect(d.tasks.reports).toEqual(tq.reports)
    expect(d.tasks.late.map((l: Json) => l.code)).toEqual(tq.late.slice(0, 20).map((l: Json) => l.code))
  })

  it('defaults to the year and quarter of the day', async () => {
    const d = await ok(leader, '/api/dashboards/leader')
    expect(d.year).toBe(Number(today.slice(0, 4)))
    expect(d.quarter).toBe(Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1)
    expect(d.asOf).toBe(today)
  })

  it('is for leadership only', async () => {
    for (const s of [office, ducha, tjLiaison, tjLeader, bjLeader, member, yanjiushi])
      await denied(s, '/api/dashboards/leader?year=2024', 403, 'dashboard_forbidden')
    await denied(leader, '/api/dashboards/leader?year=1900', 400, 'validation_failed')
    await denied(leader, '/api/dashboards/leader?fresh=yes', 400, 'validation_failed')
    for (const s of [office, tjLeader])
      await denied(s, '/api/dashboards/leader?fresh=true', 403, 'dashboard_forbidden')
  })
})

describe('unit dashboard', () => {
  it("shows the unit's own findings, measures and burn-down as its target's progress tab does", async () => {
    const d = await ok(tjLiaison, '/api/dashboards/unit')
    expect(d.unit.name).toBe('天津市人民检察院')
    expect(d.targets).toHaveLength(1)
    expect(d.target).toMatchObject({ id: d.targets[0].id, roundId: round1, unitName: '天津市人民检察院' })
    const p = await ok(tjLiaison, `/api/targets/${d.target.id}/progress`)
    expect(d.byStatus).toEqual(p.byStatus)
    expect(d.burndown).toEqual(p.burndown)
    expect(d.overdueMeasures).toEqual(p.overdueMeasures)
    expect(d.measures).toMatchObject(p.measures)
    const ledger = await ok(tjLiaison, `/api/measures?targetId=${d.target.id}&pageSize=100`)
    expect(d.measures.total).toBe(ledger.total)
    for (const m of d.dueSoon) {
      expect(m.deadline >= today).toBe(true)
      expect(ledger.items.find((x: Json) => x.id === m.id).status).toBe('open')
    }

    // The unit leader's progress report (their own unit only) counts the same findings.
    const r = await ok(tjLeader, `/api/reports/rectification-progress/data?roundId=${round1}&asOf=${today}`)
    expect(r.scope).toBe('unit')
    expect(r.byTarget).toHaveLength(1)
    const mine = await ok(tjLeader, '/api/dashboards/unit')
    expect(mine.findings).toBe(r.byTarget[0].total)
    expect(mine.byStatus.closed ?? 0).toBe(r.byTarget[0].closed)
    expect(mine.findings - (mine.byStatus.closed ?? 0)).toBe(r.byTarget[0].inProgress)
    expect(mine.byStatus.awaiting_verification ?? 0).toBe(r.byTarget[0].awaitingVerification)
  })

  it("never shows another unit's target", async () => {
    const bj = await ok(bjLeader, '/api/dashboards/unit')
    expect(bj.unit.name).toBe('北京市人民检察院')
    expect(bj.target.roundId).toBe(round2)
    await denied(tjLiaison, `/api/dashboards/unit?targetId=${bj.target.id}`, 404, 'target_not_found')
    for (const s of [office, leader, member, ducha])
      await denied(s, '/api/dashboards/unit', 403, 'dashboard_forbidden')
  })
})
