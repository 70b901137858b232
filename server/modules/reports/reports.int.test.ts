import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docxText } from '../../reports/docx-text'
import { as, createTestEnv, login, type Session, type TestEnv } from '../../test/harness'

let env: TestEnv
let leader: Session
let office: Session
let ducha: Session
let yanjiushi: Session
let bjLeader: Session
let round1: string
let round2: string
type Json = Record<string, any>

const today = new Date().toISOString().slice(0, 10)

async function docx(s: Session, url: string) {
  const res = await env.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } })
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
  expect(res.headers['content-type']).toContain('wordprocessingml')
  return docxText(res.rawPayload)
}

/** The table whose header row starts with these cells. */
function table(t: Awaited<ReturnType<typeof docxText>>, ...header: string[]) {
  const found = t.tables.find((x) => header.every((h, i) => x[0][i] === h))
  expect(found, `table ${header.join('|')}`).toBeTruthy()
  return found!.slice(1)
}

beforeAll(async () => {
  env = await createTestEnv()
  ;[leader, office, ducha, yanjiushi, bjLeader] = await Promise.all(
    ['leader', 'xunshiban', 'ducha', 'yanjiushi', 'bj_leader'].map((u) => login(env.app, u)),
  )
  const rounds = (await as(env.app, leader).get('/api/rounds?year=2024')).json().items as Json[]
  round1 = rounds.find((r) => r.ordinal === 1)!.id
  round2 = rounds.find((r) => r.ordinal === 2)!.id
  // Make the first round's numbers less trivial: a finding returned at verification, and a referral.
  const awaiting = (
    await as(env.app, office).get(`/api/findings?roundId=${round1}&status=awaiting_verification&pageSize=5`)
  ).json().items as Json[]
  expect(awaiting.length).toBeGreaterThan(0)
  const ret = await as(env.app, office).post(`/api/findings/${awaiting[0].id}/verification`, {
    action: 'return',
    reason: '佐证材料不足，需补充制度文件',
  })
  expect(ret.statusCode, ret.body).toBeLessThan(300)
  const ref = await as(env.app, office).post('/api/referrals', {
    findingId: awaiting[0].id,
    bodyKind: 'discipline_commission',
    bodyName: '天津市纪委监委',
    referredAt: '2024-06-20',
    note: '涉及违反中央八项规定精神问题线索',
  })
  expect(ref.statusCode, ref.body).toBe(201)
})
afterAll(() => env.close())

describe('rectification progress report', () => {
  it('prints the numbers of the data endpoint, which agree with the round summary', async () => {
    const data = (
      await as(env.app, leader).get(
        `/api/reports/rectification-progress/data?roundId=${round1}&asOf=${today}`,
      )
    ).json()
    const summary = (await as(env.app, leader).get(`/api/rounds/${round1}/summary`)).json() as Json[]
    expect(data.byTarget).toHaveLength(5)
    for (const t of data.byTarget) {
      const s = summary.find((x) => x.targetId === t.targetId)!
      expect(t.total).toBe(s.total)
      expect(t.closed).toBe(s.byStatus.closed ?? 0)
      expect(t.awaitingVerification).toBe(s.byStatus.awaiting_verification ?? 0)
      expect(t.inProgress).toBe(s.total - (s.byStatus.closed ?? 0))
    }
    expect(data.totals.returned).toBe(1)
    expect(data.totals.measuresOverdue).toBeGreaterThan(0)
    expect(data.overdueMeasures[0]).toMatchObject({ responsibleLeader: '党组副书记 王强' })
    expect(data.referrals).toMatchObject({ total: 1, referred: 1 })

    const doc = await docx(leader, `/api/reports/rectification-progress.docx?roundId=${round1}&asOf=${today}`)
    const rows = table(doc, '被巡视单位', '问题数', '已销号', '整改中', '逾期', '退回', '措施逾期')
    expect(rows.map((r) => r.map((c, i) => (i ? Number(c) : c)))).toEqual([
      ...data.byTarget.map((t: Json) => [
        t.unitName,
        t.total,
        t.closed,
        t.inProgress,
        t.overdue,
        t.returned,
        t.measuresOverdue,
      ]),
      [
        '合计',
        data.totals.total,
        data.totals.closed,
        data.totals.inProgress,
        data.totals.overdue,
        data.totals.returned,
        data.totals.measuresOverdue,
      ],
    ])
    expect(doc.text).toContain(`共有反馈问题${data.totals.total}个，已整改销号${data.totals.closed}个`)
    expect(table(doc, '单位', '问题', '责任领导')).toHaveLength(data.overdueMeasures.length)
    expect(table(doc, '单位', '问题', '移交对象')[0]).toContain('天津市纪委监委')
    expect(doc.paragraphs[0]).toContain('关于2024年第一轮巡视整改进展情况的')
  })

  it('replays statuses as of an earlier day', async () => {
    const before = (
      await as(env.app, leader).get(
        `/api/reports/rectification-progress/data?roundId=${round1}&asOf=2024-01-01`,
      )
    ).json()
    // Nothing had been handed over yet on that day (the demo's events are recorded today).
    expect(before.totals.total).toBe(0)
    expect(before.byTarget).toHaveLength(0)
  })

  it('gives an inspected unit only its own rows, without referrals and common problems', async () => {
    const data = (
      await as(env.app, bjLeader).get(`/api/reports/rectification-progress/data?roundId=${round2}`)
    ).json()
    expect(data.scope).toBe('unit')
    expect(data.byTarget.map((t: Json) => t.unitName)).toEqual(['北京市人民检察院'])
    expect(data.referrals.total).toBe(0)
    const summary = (await as(env.app, bjLeader).get(`/api/rounds/${round2}/summary`)).json() as Json[]
    expect(data.totals.total).toBe(summary.reduce((n, s) => n + s.total, 0))
    const doc = await docx(bjLeader, `/api/reports/rectification-progress.docx?roundId=${round2}`)
    expect(doc.text).toContain('北京市人民检察院')
    for (const other of ['江苏', '浙江', '重庆', '青海', '问题线索移交'])
      expect(doc.text).not.toContain(other)
  })
})

describe('inspection round report', () => {
  it('counts findings per target and category as the round summary does', async () => {
    const data = (
      await as(env.app, leader).get(`/api/reports/inspection-round/data?roundId=${round2}`)
    ).json()
    const summary = (await as(env.app, leader).get(`/api/rounds/${round2}/summary`)).json() as Json[]
    expect(data.byTarget).toHaveLength(5)
    for (const t of data.byTarget) {
      const s = summary.find((x) => x.targetId === t.targetId)!
      expect(t.total).toBe(s.total)
      expect(t.bySubCategory).toEqual(s.byCategory)
    }
    expect(data.categories).toHaveLength(3)
    expect(data.sharedCategories.length).toBeGreaterThan(0)
    expect(data.typical.length).toBeGreaterThan(0)

    const doc = await docx(leader, `/api/reports/inspection-round.docx?roundId=${round2}`)
    const rows = table(doc, '被巡视单位', '巡视组', '一类', '二类', '三类', '合计')
    expect(rows.map((r) => [r[0], Number(r[5])])).toEqual([
      ...data.byTarget.map((t: Json) => [t.unitName, t.total]),
      ['合计', data.totals.findings],
    ])
    expect(doc.text).toContain(`共发现并经巡视组组长确认问题${data.totals.findings}个`)
    // Typical findings are quoted with their specifics (见人见事).
    expect(doc.text).toContain(data.typical[0].personsMatters)
  })

  it('refuses a round the person cannot see, as a missing round, and audits it', async () => {
    const res = await as(env.app, bjLeader).get(`/api/reports/rectification-progress.docx?roundId=${round1}`)
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('round_not_found')
    const denied = await env.db
      .selectFrom('auditEvent')
      .select(['action', 'outcome', 'details'])
      .where('action', '=', 'access.denied')
      .where('actorUsername', '=', 'bj_leader')
      .execute()
    expect(denied.some((d) => d.details.includes('rectification-progress'))).toBe(true)
  })

  it('refuses a report the role may not generate with report_forbidden', async () => {
    const a = await as(env.app, bjLeader).get('/api/reports/task-quarter/data?year=2024&quarter=2')
    expect(a.statusCode).toBe(403)
    expect(a.json().error.code).toBe('report_forbidden')
    const b = await as(env.app, office).get('/api/reports/case-issuing.docx?year=2024')
    expect(b.json().error.code).toBe('report_forbidden')
    // leadership reads the case numbers the meeting hears, the same as the case office's
    const forLeader = await as(env.app, leader).get('/api/reports/case-issuing/data?year=2024')
    expect(forLeader.statusCode).toBe(200)
    expect(forLeader.json().stats).toEqual(
      (await as(env.app, yanjiushi).get('/api/reports/case-issuing/data?year=2024')).json().stats,
    )
    const c = await as(env.app, leader).get(`/api/reports/inspection-round/data?roundId=${round2}&extra=1`)
    expect(c.statusCode).toBe(400)
    const anon = await as(env.app, null).get('/api/reports')
    expect(anon.statusCode).toBe(401)
    expect((await as(env.app, bjLeader).get('/api/reports')).json()).toEqual([
      { name: 'rectification-progress', title: '整改进展情况综合报告' },
    ])
  })
})

describe('case issuing report', () => {
  it('prints the case statistics of /api/cases/stats', async () => {
    const data = (await as(env.app, yanjiushi).get('/api/reports/case-issuing/data?year=2024')).json()
    const stats = (await as(env.app, yanjiushi).get('/api/cases/stats?year=2024')).json()
    expect(data.stats).toEqual(stats)
    expect(data.batches.length).toBe(2)
    const doc = await docx(yanjiushi, '/api/reports/case-issuing.docx?year=2024')
    expect(doc.text).toContain(`共发布案例${stats.total.issued}件`)
    const rows = table(doc, '类别', '已发布', '审核中')
    expect(rows.at(-1)!.slice(0, 3)).toEqual([
      '合计',
      String(stats.total.issued),
      String(stats.total.pending),
    ])
    const batches = table(doc, '批次', '主题', '状态')
    expect(batches.map((b) => Number(b[4]) + Number(b[5])).reduce((a, b) => a + b, 0)).toBe(
      data.batches.reduce((n: number, b: Json) => n + b.guiding + b.typical, 0),
    )
  })
})

describe('task quarter report', () => {
  it('shows each task with the light of the task ledger', async () => {
    const asOf = '2024-07-09'
    const data = (
      await as(env.app, ducha).get(`/api/reports/task-quarter/data?year=2024&quarter=2&asOf=${asOf}`)
    ).json()
    const tasks = (await as(env.app, ducha).get(`/api/tasks?year=2024&asOf=${asOf}&pageSize=200`)).json()
    expect(data.lights).toEqual({ done: 0, green: 0, yellow: 0, red: 0, ...tasks.lights })
    expect(data.tasks.map((t: Json) => [t.code, t.light, t.expectedProgress])).toEqual(
      tasks.items.map((t: Json) => [t.code, t.light, t.expectedProgress]),
    )
    const reported = (
      await as(env.app, ducha).get('/api/quarterly-reports?year=2024&quarter=2&pageSize=100')
    ).json()
    const accepted = reported.items.filter((r: Json) => r.status === 'accepted').length
    expect(data.reports.accepted).toBe(accepted)
    expect(data.tasks.some((t: Json) => t.inputs.length > 0)).toBe(true)

    const doc = await docx(ducha, `/api/reports/task-quarter.docx?year=2024&quarter=2&asOf=${asOf}`)
    const rows = table(doc, '编号', '任务', '牵头部门', '状态灯')
    const cn: Json = { done: '已完成', green: '绿灯', yellow: '黄灯', red: '红灯' }
    expect(rows.map((r) => [r[0], r[3], r[4]])).toEqual(
      data.tasks.map((t: Json) => [t.code, cn[t.light], `${t.progress}%`]),
    )
    expect(doc.text).toContain(`重点督办任务共${data.tasks.length}项`)
    expect(doc.text).toContain(`逾期（红灯）${data.lights.red}项`)
  })

  it('streams progress and then the file, and audits the generation', async () => {
    const res = await as(env.app, leader).get('/api/reports/task-quarter/generate?year=2024&quarter=2')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/x-ndjson')
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines[0]).toMatchObject({ type: 'progress', stage: 'data' })
    expect(lines.filter((l) => l.type === 'progress').map((l) => l.percent)).toEqual(
      [...lines.filter((l) => l.type === 'progress').map((l) => l.percent)].sort((a, b) => a - b),
    )
    const done = lines.at(-1)
    expect(done.type).toBe('done')
    const file = Buffer.from(done.base64, 'base64')
    expect(file.subarray(0, 2).toString()).toBe('PK')
    expect((await docxText(file)).text).toContain('重点督办任务')
    const events = await env.db
      .selectFrom('auditEvent')
      .select(['objectId', 'outcome'])
      .where('action', '=', 'report.generate')
      .where('actorUsername', '=', 'leader')
      .execute()
    expect(events.map((e) => e.objectId)).toContain('task-quarter')
  })
})
