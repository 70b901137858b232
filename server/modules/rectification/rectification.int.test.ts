import crypto from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import * as m0029 from '../../db/migrations/0029-measure-evidence-count'
import { as, createTestEnv, login, upload, type Session, type TestEnv } from '../../test/harness'

let env: TestEnv
let office: Session
let office2: Session
let bjLiaison: Session
let bjLeader: Session
let tjLiaison: Session
let bjTarget: string
let tjTarget: string
type Json = Record<string, any>

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(500), Buffer.from('\n%%EOF\n')])

beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'xunshiban')
  bjLiaison = await login(env.app, 'bj_liaison')
  bjLeader = await login(env.app, 'bj_leader')
  tjLiaison = await login(env.app, 'tj_liaison')
  const targets = (await as(env.app, office).get('/api/targets?pageSize=50')).json().items as Json[]
  bjTarget = targets.find((t) => t.unitCode === '110000')!.id
  tjTarget = targets.find((t) => t.unitCode === '120000')!.id
  // a second office user, to verify what the first reported
  const sys = await login(env.app, 'sysadmin')
  const sec = await login(env.app, 'secadmin')
  const supreme = (await as(env.app, sys).get('/api/units')).json().items[0].id
  const u = (
    await as(env.app, sys).post('/api/users', {
      username: 'xunshiban2',
      displayName: '巡视办 二',
      unitId: supreme,
      password: 'Xunshi#2024a',
    })
  ).json()
  await as(env.app, sec).post(`/api/users/${u.id}/roles`, { role: 'inspection_office' })
  const s = await login(env.app, 'xunshiban2', 'Xunshi#2024a')
  await as(env.app, s).post('/api/auth/password', {
    currentPassword: 'Xunshi#2024a',
    newPassword: 'Xunshi#2025b',
  })
  office2 = s
})
afterAll(() => env.close())

async function bjDepartment() {
  return (
    await as(env.app, bjLiaison).get(
      `/api/departments?unitId=${(await as(env.app, bjLiaison).get('/api/auth/me')).json().user.unitId}`,
    )
  ).json().items[0].id as string
}

describe('rectification plan', () => {
  let findings: Json[]
  it('opens a draft plan at feedback that only the unit edits', async () => {
    const plan = (await as(env.app, bjLiaison).get(`/api/targets/${bjTarget}/plan`)).json()
    expect(plan).toMatchObject({ status: 'draft', editable: true })
    expect(
      (await as(env.app, office).patch(`/api/targets/${bjTarget}/plan`, { summary: '巡视办改' })).statusCode,
    ).toBe(403)
    const updated = await as(env.app, bjLiaison).patch(`/api/targets/${bjTarget}/plan`, {
      summary: '北京院整改方案',
    })
    expect(updated.json().summary).toBe('北京院整改方案')
    findings = (
      await as(env.app, bjLiaison).get(`/api/findings?targetId=${bjTarget}&sort=seq&order=asc`)
    ).json().items
    expect(findings.length).toBeGreaterThan(1)
  })

  it('refuses a plan that leaves a finding without measures, then takes it through the office', async () => {
    const dept = await bjDepartment()
    const first = await as(env.app, bjLiaison).post('/api/measures', {
      findingId: findings[0].id,
      content: '建立学习制度',
      responsibleLeader: '张副检察长',
      departmentId: dept,
      deadline: '2024-09-30',
      kind: 'immediate',
    })
    expect(first.statusCode).toBe(201)
    expect(
      (await as(env.app, bjLiaison).post(`/api/targets/${bjTarget}/plan/transition`, { action: 'submit' }))
        .statusCode,
    ).toBe(403)
    const early = await as(env.app, bjLeader).post(`/api/targets/${bjTarget}/plan/transition`, {
      action: 'submit',
    })
    expect(early.json().error.code).toBe('findings_without_measures')
    for (const f of findings.slice(1)) {
      await as(env.app, bjLiaison).post('/api/measures', {
        findingId: f.id,
        content: `整改：${f.title}`,
        responsibleLeader: '李副检察长',
        deadline: '2024-10-31',
        kind: 'concentrated',
      })
    }
    const submitted = await as(env.app, bjLeader).post(`/api/targets/${bjTarget}/plan/transition`, {
      action: 'submit',
    })
    expect(submitted.json()).toMatchObject({ status: 'submitted', editable: false })
    expect(
      (
        await as(env.app, bjLiaison).post('/api/measures', {
          findingId: findings[0].id,
          content: 'x',
          responsibleLeader: 'x',
          deadline: '2024-10-31',
          kind: 'immediate',
        })
      ).json().error.code,
    ).toBe('plan_locked')
    const noReason = await as(env.app, office).post(`/api/targets/${bjTarget}/plan/transition`, {
      action: 'return',
    })
    expect(noReason.json().error.code).toBe('reason_required')
    const returned = await as(env.app, office).post(`/api/targets/${bjTarget}/plan/transition`, {
      action: 'return',
      reason: '措施不够具体',
    })
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '措施不够具体' })
    expect((await as(env.app, bjLiaison).get(`/api/targets/${bjTarget}/plan`)).json().editable).toBe(true)
    await as(env.app, bjLeader).post(`/api/targets/${bjTarget}/plan/transition`, { action: 'submit' })
    const accepted = await as(env.app, office).post(`/api/targets/${bjTarget}/plan/transition`, {
      action: 'accept',
    })
    expect(accepted.json().status).toBe('accepted')
    const now = (await as(env.app, bjLiaison).get(`/api/findings?targetId=${bjTarget}`)).json().items
    expect(now.every((f: Json) => f.status === 'rectifying')).toBe(true)
  })

  it('never shows one unit another unit’s plan or measures', async () => {
    expect((await as(env.app, bjLiaison).get(`/api/targets/${tjTarget}/plan`)).statusCode).toBe(404)
    const measures = (await as(env.app, bjLiaison).get('/api/measures?pageSize=200')).json()
    expect(measures.items.every((m: Json) => m.targetId === bjTarget)).toBe(true)
    const tjMeasure = (await as(env.app, tjLiaison).get('/api/measures')).json().items[0]
    expect((await as(env.app, bjLiaison).get(`/api/measures/${tjMeasure.id}`)).statusCode).toBe(404)
    expect((await as(env.app, bjLiaison).get(`/api/measures/${tjMeasure.id}/progress`)).statusCode).toBe(404)
    const post = await as(env.app, bjLiaison).post(`/api/measures/${tjMeasure.id}/progress`, {
      content: '越权',
      progress: 50,
    })
    expect(post.statusCode).toBe(404)
  })
})

describe('progress, evidence, verification and closing', () => {
  let measure: Json
  it('posts progress with evidence and marks a measure done', async () => {
    measure = (await as(env.app, bjLiaison).get(`/api/measures?targetId=${bjTarget}&sort=deadline`)).json()
      .items[0]
    const p1 = await as(env.app, bjLiaison).post(`/api/measures/${measure.id}/progress`, {
      content: '已起草制度',
      progress: 50,
    })
    expect(p1.statusCode).toBe(201)
    const p2 = (
      await as(env.app, bjLiaison).post(`/api/measures/${measure.id}/progress`, {
        content: '制度已印发',
        progress: 100,
        done: true,
      })
    ).json()
    const file = await upload(
      env.app,
      bjLiaison,
      `/api/files?ownerType=progress&ownerId=${p2.id}`,
      {},
      { name: '制度文件.pdf', content: PDF },
    )
    expect(file.statusCode).toBe(201)
    const list = (await as(env.app, bjLiaison).get(`/api/measures/${measure.id}/progress`)).json()
    expect(list.map((p: Json) => p.progress)).toEqual([50, 100])
    expect(list[1].evidence[0].sha256).toBe(crypto.createHash('sha256').update(PDF).digest('hex'))
    expect((await as(env.app, bjLiaison).get(`/api/measures/${measure.id}`)).json()).toMatchObject({
      status: 'done',
      progress: 100,
      evidenceCount: 1,
    })
    const tjFile = await upload(
      env.app,
      tjLiaison,
      `/api/files?ownerType=progress&ownerId=${p2.id}`,
      {},
      { name: 'x.pdf', content: PDF },
    )
    expect(tjFile.statusCode).toBe(404)
    // the count is kept on the measure: a refused file is not counted, a file on another post is
    const again = await upload(
      env.app,
      bjLiaison,
      `/api/files?ownerType=progress&ownerId=${p1.json().id}`,
      {},
      { name: '起草稿.pdf', content: PDF },
    )
    expect(again.statusCode).toBe(201)
    expect((await as(env.app, bjLiaison).get(`/api/measures/${measure.id}`)).json().evidenceCount).toBe(2)
    const listed = (
      await as(env.app, bjLiaison).get(`/api/measures?targetId=${bjTarget}&pageSize=100`)
    ).json()
    expect(listed.items.find((m: Json) => m.id === measure.id).evidenceCount).toBe(2)
    expect(listed.items.filter((m: Json) => m.evidenceCount > 0)).toHaveLength(1)
  })

  it('submits only when every measure is done; the reporter cannot verify; closing needs evidence', async () => {
    const findingId = measure.findingId
    const others = (await as(env.app, bjLiaison).get(`/api/measures?findingId=${findingId}`)).json()
      .items as Json[]
    for (const m of others.filter((x) => x.status !== 'done')) {
      await as(env.app, bjLiaison).post(`/api/measures/${m.id}/progress`, {
        content: '完成',
        progress: 100,
        done: true,
      })
    }
    const submitted = await as(env.app, bjLeader).post(`/api/findings/${findingId}/verification`, {
      action: 'submit',
    })
    expect(submitted.statusCode).toBe(200)
    expect(
      (await as(env.app, bjLeader).post(`/api/findings/${findingId}/verification`, { action: 'close' }))
        .statusCode,
    ).toBe(403)
    const returned = await as(env.app, office).post(`/api/findings/${findingId}/verification`, {
      action: 'return',
      reason: '佐证材料不足',
    })
    expect(returned.statusCode).toBe(200)
    await as(env.app, bjLiaison).post(`/api/findings/${findingId}/verification`, { action: 'submit' })
    const closed = await as(env.app, office).post(`/api/findings/${findingId}/verification`, {
      action: 'close',
    })
    expect(closed.statusCode).toBe(200)
    const history = closed.json().map((h: Json) => h.action)
    expect(history).toEqual(['submit_verification', 'return', 'submit_verification', 'close'])
    expect(closed.json()[1].reason).toBe('佐证材料不足')
    expect((await as(env.app, bjLiaison).get(`/api/findings/${findingId}`)).json().status).toBe('closed')
  })

  it('refuses to submit with open measures and to close without evidence', async () => {
    const f = (
      await as(env.app, bjLiaison).get(`/api/findings?targetId=${bjTarget}&status=rectifying`)
    ).json().items[0]
    const open = await as(env.app, bjLeader).post(`/api/findings/${f.id}/verification`, { action: 'submit' })
    expect(open.json().error.code).toBe('measures_open')
    const ms = (await as(env.app, bjLiaison).get(`/api/measures?findingId=${f.id}`)).json().items as Json[]
    for (const m of ms)
      await as(env.app, bjLiaison).post(`/api/measures/${m.id}/progress`, {
        content: '完成',
        progress: 100,
        done: true,
      })
    await as(env.app, bjLeader).post(`/api/findings/${f.id}/verification`, { action: 'submit' })
    const noEvidence = await as(env.app, office2).post(`/api/findings/${f.id}/verification`, {
      action: 'close',
    })
    expect(noEvidence.json().error.code).toBe('evidence_required')
    expect((await as(env.app, bjLiaison).get(`/api/findings/${f.id}`)).json().status).toBe(
      'awaiting_verification',
    )
  })

  it('stops the person who reported it done from verifying it, even holding both roles', async () => {
    // someone in the office who also leads the inspected unit reports the finding done…
    const sys = await login(env.app, 'sysadmin')
    const sec = await login(env.app, 'secadmin')
    const units = (await as(env.app, sys).get('/api/units?q=120000')).json().items as Json[]
    const tj = units.find((u) => u.code === '120000')!
    const u = (
      await as(env.app, sys).post('/api/users', {
        username: 'dual_role',
        displayName: '双重角色',
        unitId: tj.id,
        password: 'Dual#Role2024',
      })
    ).json()
    await as(env.app, sec).post(`/api/users/${u.id}/roles`, { role: 'unit_leader' })
    const supreme = (await as(env.app, sys).get('/api/units')).json().items[0].id
    await as(env.app, sec).post(`/api/users/${u.id}/roles`, { role: 'inspection_office', scopeId: supreme })
    const dual = await login(env.app, 'dual_role', 'Dual#Role2024')
    await as(env.app, dual).post('/api/auth/password', {
      currentPassword: 'Dual#Role2024',
      newPassword: 'Dual#Role2025',
    })
    const f = (
      await as(env.app, office).get(`/api/findings?targetId=${tjTarget}&status=awaiting_verification`)
    ).json().items[0]
    await as(env.app, office).post(`/api/findings/${f.id}/verification`, {
      action: 'return',
      reason: '补充材料',
    })
    expect(
      (await as(env.app, dual).post(`/api/findings/${f.id}/verification`, { action: 'submit' })).statusCode,
    ).toBe(200)
    // …and may not then verify it
    const own = await as(env.app, dual).post(`/api/findings/${f.id}/verification`, { action: 'close' })
    expect(own.statusCode).toBe(403)
    expect(own.json().error.code).toBe('verifier_is_reporter')
    expect((await as(env.app, office).get(`/api/findings/${f.id}`)).json().status).toBe(
      'awaiting_verification',
    )
  })
})

describe('deadline extensions and the working-day calendar', () => {
  it('lets the unit ask and the office grant or refuse, moving the deadline', async () => {
    const m = (await as(env.app, tjLiaison).get('/api/measures?status=open')).json().items[0]
    const early = await as(env.app, tjLiaison).post('/api/extensions', {
      measureId: m.id,
      requestedDeadline: '2000-01-01',
      reason: '需要更多时间',
    })
    expect(early.json().error.code).toBe('deadline_not_later')
    const req = await as(env.app, tjLiaison).post('/api/extensions', {
      measureId: m.id,
      requestedDeadline: '2025-03-31',
      reason: '涉及制度修订，需报上级批准',
    })
    expect(req.statusCode).toBe(201)
    expect(
      (
        await as(env.app, tjLiaison).post('/api/extensions', {
          measureId: m.id,
          requestedDeadline: '2025-04-30',
          reason: '再延',
        })
      ).json().error.code,
    ).toBe('extension_pending')
    expect(
      (await as(env.app, tjLiaison).post(`/api/extensions/${req.json().id}/decision`, { action: 'grant' }))
        .statusCode,
    ).toBe(403)
    expect((await as(env.app, bjLiaison).get('/api/extensions')).json().total).toBe(0)
    const granted = await as(env.app, office).post(`/api/extensions/${req.json().id}/decision`, {
      action: 'grant',
      note: '同意',
    })
    expect(granted.json().status).toBe('granted')
    expect((await as(env.app, tjLiaison).get(`/api/measures/${m.id}`)).json().deadline).toBe('2025-03-31')
    const again = await as(env.app, office).post(`/api/extensions/${req.json().id}/decision`, {
      action: 'refuse',
      note: '不同意',
    })
    expect(again.json().error.code).toBe('invalid_transition')
  })

  it('serves the seeded calendar, counts working days across holidays, and lets the office maintain it', async () => {
    const days = (await as(env.app, tjLiaison).get('/api/calendar?year=2024')).json()
    expect(days.find((d: Json) => d.date === '2024-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节' })
    const shift = (
      await as(env.app, tjLiaison).get('/api/calendar/working-days?from=2024-09-30&days=1')
    ).json()
    expect(shift.date).toBe('2024-10-08')
    const put = await as(env.app, office).put('/api/calendar/2024-12-31', {
      kind: 'holiday',
      name: '测试假日',
    })
    expect(put.statusCode).toBe(200)
    expect(
      (await as(env.app, tjLiaison).put('/api/calendar/2024-12-30', { kind: 'holiday', name: '越权' }))
        .statusCode,
    ).toBe(403)
    expect(
      (await as(env.app, tjLiaison).get('/api/calendar/working-days?from=2024-12-30&days=1')).json().date,
    ).toBe('2025-01-02')
  })
})

describe('rectification ledger', () => {
  it('downloads one row per visible measure with its finding, target, round, status, deadline and overdue days', async () => {
    const res = await as(env.app, tjLiaison).get('/api/ledgers/rectification.xlsx')
    expect(res.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]
    expect((ws.getRow(1).values as string[]).filter(Boolean)).toEqual([
      '巡视轮次',
      '被巡视单位',
      '问题序号',
      '问题',
      '问题状态',
      '整改措施',
      '类型',
      '责任领导',
      '责任部门',
      '完成时限',
      '措施状态',
      '进度(%)',
      '逾期工作日',
    ])
    const units = new Set<string>()
    ws.eachRow((row, n) => n > 1 && units.add(String(row.getCell(2).value)))
    expect([...units]).toEqual(['天津市人民检察院'])
    expect(ws.rowCount - 1).toBe((await as(env.app, tjLiaison).get('/api/measures')).json().total)
    const overdue = Number(ws.getRow(2).getCell(13).value)
    expect(Number.isInteger(overdue)).toBe(true)
    const exports = await env.db
      .selectFrom('auditEvent')
      .select('actorUsername')
      .where('action', '=', 'ledger.export')
      .execute()
    expect(exports.map((e) => e.actorUsername)).toContain('tj_liaison')
  })
})

describe('target progress and recurrence', () => {
  it('shows findings by status, measures open/done/overdue and a burn-down since feedback', async () => {
    // feedback three weeks ago: four weekly points and today
    const threeWeeksAgo = new Date(Date.now() - 21 * 86_400_000).toISOString()
    await env.db.updateTable('target').set({ fedBackAt: threeWeeksAgo }).where('id', '=', bjTarget).execute()
    const p = (await as(env.app, bjLiaison).get(`/api/targets/${bjTarget}/progress`)).json()
    expect(p.burndown.map((b: Json) => b.date)[0]).toBe(threeWeeksAgo.slice(0, 10))
    expect(p.burndown).toHaveLength(4)
    expect(p.byStatus.closed).toBe(1)
    expect(p.measures.done).toBeGreaterThan(0)
    expect(p.burndown.length).toBeGreaterThan(1)
    const total = Object.values(p.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)
    expect(p.burndown[0].open).toBe(total)
    expect(p.burndown[p.burndown.length - 1].open).toBe(total - 1)
    // each point: the findings whose last closing or reopening by the end of its day closed them
    const events = await env.db
      .selectFrom('findingHistory as h')
      .innerJoin('finding as f', 'f.id', 'h.findingId')
      .select(['h.findingId', 'h.action', 'h.createdAt'])
      .where('f.targetId', '=', bjTarget)
      .where('h.action', 'in', ['close', 'reopen'])
      .orderBy('h.createdAt')
      .execute()
    for (const b of p.burndown as Json[]) {
      const last = new Map<string, string>()
      for (const e of events) if (e.createdAt <= `${b.date}T23:59:59.999Z`) last.set(e.findingId, e.action)
      expect(b.open, b.date).toBe(total - [...last.values()].filter((a) => a === 'close').length)
    }
    expect(p.overdueMeasures.every((m: Json) => m.overdueWorkingDays > 0)).toBe(true)
    // the board counts what the lists show the same person
    const findings = (await as(env.app, bjLiaison).get(`/api/findings?targetId=${bjTarget}`)).json()
    expect(total).toBe(findings.total)
    const measures = (await as(env.app, bjLiaison).get(`/api/measures?targetId=${bjTarget}`)).json()
    expect(p.measures.open + p.measures.done).toBe(measures.total)
    const overdue = (await as(env.app, bjLiaison).get(`/api/measures?targetId=${bjTarget}&overdue=1`)).json()
    expect(p.measures.overdue).toBe(overdue.total)
    expect(p.overdueMeasures.map((m: Json) => m.id).sort()).toEqual(
      overdue.items.map((m: Json) => m.id).sort(),
    )
    expect((await as(env.app, tjLiaison).get(`/api/targets/${bjTarget}/progress`)).statusCode).toBe(404)
  })

  it('reopens a closed finding when the same problem is found again at that unit in a later round, linking the two', async () => {
    const closed = (await as(env.app, office).get(`/api/findings?targetId=${bjTarget}&status=closed`)).json()
      .items[0]
    const open = (
      await as(env.app, office).get(`/api/findings?targetId=${bjTarget}&status=rectifying`)
    ).json().items[0]
    const leader = await login(env.app, 'xs_zuzhang3')
    const member = await login(env.app, 'xs_zuyuan3')
    const round = (await as(env.app, office).post('/api/rounds', { year: 2026, ordinal: 1 })).json()
    const team = (
      await as(env.app, office).post(`/api/rounds/${round.id}/teams`, {
        name: '第三巡视组',
        leaderId: leader.userId,
        memberIds: [member.userId],
      })
    ).json()
    const target = (
      await as(env.app, office).post('/api/targets', {
        roundId: round.id,
        teamId: team.id,
        unitId: closed.unitId,
      })
    ).json()
    await as(env.app, office).post(`/api/rounds/${round.id}/transition`, { action: 'advance' })
    const base = {
      targetId: target.id,
      title: '学习制度仍未落实',
      description: '上轮整改后又出现',
      categoryId: (
        await env.db
          .selectFrom('findingCategory')
          .select('id')
          .where('code', '=', 'T1.1')
          .executeTakeFirstOrThrow()
      ).id,
      severity: 'major',
      source: 'document_review',
    }
    expect(
      (await as(env.app, member).post('/api/findings', { ...base, recurrenceOfId: open.id })).json().error
        .code,
    ).toBe('invalid_recurrence')
    const again = await as(env.app, member).post('/api/findings', { ...base, recurrenceOfId: closed.id })
    expect(again.json().recurrenceOfId).toBe(closed.id)
    await as(env.app, leader).post(`/api/findings/${again.json().id}/transition`, { action: 'confirm' })
    expect((await as(env.app, office).get(`/api/findings/${closed.id}`)).json().status).toBe('closed')
    const draft = (await as(env.app, member).get(`/api/targets/${target.id}/reports/compose`)).json()
    await as(env.app, member).post(`/api/targets/${target.id}/reports`, draft)
    await as(env.app, office).post(`/api/targets/${target.id}/reports/1/final`)
    expect((await as(env.app, office).post(`/api/targets/${target.id}/feedback`, {})).statusCode).toBe(200)
    const reopened = (await as(env.app, bjLiaison).get(`/api/findings/${closed.id}`)).json()
    expect(reopened.status).toBe('rectifying')
    const history = (await as(env.app, bjLiaison).get(`/api/findings/${closed.id}/history`)).json()
    expect(history[history.length - 1]).toMatchObject({
      action: 'reopen',
      fromStatus: 'closed',
      toStatus: 'rectifying',
    })
    expect(history[history.length - 1].reason).toContain('2026年第一轮')
  })
})

describe('migration 0029', () => {
  it("backfills every measure's evidence count from the files on its progress posts", async () => {
    const live = sql<{ id: string; stored: number; counted: number }>`
      select m.id, m.evidence_count as stored,
        (select count(*) from stored_file sf inner join measure_progress p on p.id = sf.owner_id
          where sf.owner_type = 'progress' and p.measure_id = m.id) as counted
      from rectification_measure m order by m.id`
    const before = (await live.execute(env.db)).rows.map((r) => [r.id, Number(r.stored), Number(r.counted)])
    expect(before.filter(([, stored, counted]) => stored !== counted)).toEqual([])
    expect(before.some(([, stored]) => Number(stored) > 0)).toBe(true)
    await m0029.down(env.db)
    await m0029.up(env.db)
    const after = (await live.execute(env.db)).rows.map((r) => [r.id, Number(r.stored), Number(r.counted)])
    expect(after).toEqual(before)
  })
})
