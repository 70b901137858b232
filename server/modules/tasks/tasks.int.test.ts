import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, count, createTestEnv, login, upload, type Session, type TestEnv } from '../../test/harness'

let env: TestEnv
let office: Session
let siting: Session // 第四检察厅: leads 2024-01, cooperates on 2024-03
let bating: Session // 第八检察厅: leads 2024-04, cooperates on 2024-02 and 2024-05
type Json = Record<string, any>

beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'ducha')
  siting = await login(env.app, 'dept_siting')
  bating = await login(env.app, 'dept_bating')
})
afterAll(() => env.close())

async function task(code: string, s = office): Promise<Json> {
  return (await as(env.app, s).get(`/api/tasks?q=${code}`)).json().items[0]
}

describe('key supervised tasks', () => {
  it('lists the year’s tasks with computed lights, as of a chosen day', async () => {
    const res = (await as(env.app, office).get('/api/tasks?year=2024&asOf=2024-07-09&pageSize=50')).json()
    expect(res.total).toBe(7)
    const byCode = new Map<string, Json>(res.items.map((t: Json) => [t.code, t]))
    expect(byCode.get('2024-01')).toMatchObject({ light: 'green', progress: 50, expectedProgress: 52 })
    expect(byCode.get('2024-03')!.light).toBe('yellow') // 35% against 52% expected
    expect(byCode.get('2024-07')!.light).toBe('yellow')
    expect(res.lights).toMatchObject({ green: expect.any(Number), yellow: expect.any(Number) })
    const red = (await as(env.app, office).get('/api/tasks?year=2024&asOf=2024-07-20&light=red')).json()
    // 2024-07 never reported its second quarter: red once the report deadline has passed
    expect(red.items.map((t: Json) => t.code)).toContain('2024-07')
    expect(red.items.find((t: Json) => t.code === '2024-07').lightReasons.join()).toContain('第2季度')
  })

  it('filters by the leader’s name, beside a scope that shares the word', async () => {
    const all = (await as(env.app, office).get('/api/tasks?year=2024&pageSize=50')).json().items as Json[]
    const name = all[0]!.leaderName as string
    const part = name.slice(0, Math.max(1, name.length - 1))
    const want = all.filter((t) => t.leaderName.toLowerCase().includes(part.toLowerCase())).map((t) => t.code)
    for (const s of [office, siting]) {
      const res = (
        await as(env.app, s).get(`/api/tasks?year=2024&pageSize=50&leader=${encodeURIComponent(part)}`)
      ).json()
      const visible = (await as(env.app, s).get('/api/tasks?year=2024&pageSize=50')).json().items as Json[]
      const expected = visible.filter((t) => want.includes(t.code)).map((t) => t.code)
      expect(res.items.map((t: Json) => t.code)).toEqual(expected)
      expect(res.total).toBe(expected.length)
    }
    const none = (
      await as(env.app, office).get('/api/tasks?year=2024&leader=%E6%97%A0%E6%AD%A4%E4%BA%BA')
    ).json()
    expect(none).toMatchObject({ items: [], total: 0 })
  })

  it('shows a department only the tasks it leads or cooperates on', async () => {
    const mine = (await as(env.app, siting).get('/api/tasks?pageSize=50'))
      .json()
      .items.map((t: Json) => [t.code, t.myRole])
    expect(mine).toEqual([
      ['2024-01', 'lead'],
      ['2024-03', 'cooperator'],
    ])
    const lead = (await as(env.app, siting).get('/api/tasks?mine=lead')).json().items.map((t: Json) => t.code)
    expect(lead).toEqual(['2024-01'])
    const other = await task('2024-02')
    expect((await as(env.app, siting).get(`/api/tasks/${other.id}`)).statusCode).toBe(404)
    expect(
      (await as(env.app, siting).put(`/api/tasks/${other.id}/quarters/3/inputs`, { content: '越权' }))
        .statusCode,
    ).toBe(404)
    expect((await as(env.app, siting).patch(`/api/tasks/${other.id}`, { title: '改' })).statusCode).toBe(404)
  })

  it('shows a provincial leader only the tasks led by departments of that province', async () => {
    const bj = await env.db
      .selectFrom('unit')
      .select(['id', 'path'])
      .where('code', '=', '110000')
      .executeTakeFirstOrThrow()
    const dept = await env.db
      .selectFrom('department')
      .select('id')
      .where('unitId', '=', bj.id)
      .executeTakeFirstOrThrow()
    const t = await task('2024-06')
    // lent to a Beijing department for this test, and given back after it
    await env.db.updateTable('task').set({ leadDepartmentId: dept.id }).where('id', '=', t.id).execute()
    const user = await env.db
      .selectFrom('appUser')
      .select('id')
      .where('username', '=', 'bj_leader')
      .executeTakeFirstOrThrow()
    await env.db
      .insertInto('roleGrant')
      .values({
        id: '01900000-0000-7000-8000-0000000000a1',
        userId: user.id,
        role: 'leader',
        scopeType: 'unit',
        scopeId: bj.id,
        scopePath: bj.path,
        grantedBy: null,
        createdAt: new Date().toISOString(),
      })
      .execute()
    try {
      const leader = await login(env.app, 'bj_leader')
      const res = (await as(env.app, leader).get('/api/tasks?year=2024&pageSize=50')).json()
      expect(res.items.map((x: Json) => x.code)).toEqual(['2024-06'])
      expect(res.total).toBe(1)
      expect(Object.values(res.lights as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(1)
      expect((await as(env.app, leader).get(`/api/tasks/${(await task('2024-01')).id}`)).statusCode).toBe(404)
    } finally {
      await env.db
        .updateTable('task')
        .set({ leadDepartmentId: t.leadDepartmentId })
        .where('id', '=', t.id)
        .execute()
      await env.db.deleteFrom('roleGrant').where('id', '=', '01900000-0000-7000-8000-0000000000a1').execute()
    }
  })

  it('lets a cooperating department write its input but not the lead’s report', async () => {
    const t = await task('2024-03')
    const input = await as(env.app, siting).put(`/api/tasks/${t.id}/quarters/3/inputs`, {
      content: '第四检察厅配合开展立案监督专项检查',
    })
    expect(input.statusCode).toBe(200)
    expect(
      (
        await as(env.app, siting).put(`/api/tasks/${t.id}/quarters/3/report`, {
          progress: 60,
          done: '越权起草',
        })
      ).statusCode,
    ).toBe(403)
    const yiting = await login(env.app, 'dept_yiting')
    await as(env.app, yiting).put(`/api/tasks/${t.id}/quarters/3/report`, {
      progress: 60,
      done: '第三季度进展',
    })
    const submit = await as(env.app, siting).post(`/api/tasks/${t.id}/quarters/3/report/transition`, {
      action: 'submit',
    })
    expect(submit.statusCode).toBe(403)
    expect((await as(env.app, yiting).get(`/api/tasks/${t.id}/quarters/3/report`)).json().status).toBe(
      'draft',
    )
    expect((await as(env.app, siting).patch(`/api/tasks/${t.id}`, { title: '改' })).statusCode).toBe(403)
    // the cooperator sees only its own input; the lead sees all
    expect(
      (await as(env.app, siting).get(`/api/tasks/${t.id}/quarters/2/inputs`))
        .json()
        .every((i: Json) => i.departmentName === '第四检察厅'),
    ).toBe(true)
    expect(
      (await as(env.app, yiting).put(`/api/tasks/${t.id}/quarters/3/inputs`, { content: '牵头部门不填配合' }))
        .statusCode,
    ).toBe(403)
  })

  it('keeps a returned report’s history through its resubmission', async () => {
    const t = await task('2024-04')
    const before = (await as(env.app, bating).get(`/api/tasks/${t.id}/quarters/2/report`)).json()
    expect(before).toMatchObject({
      status: 'returned',
      returnReason: '进展情况不够具体，请补充数据和典型案例',
      actions: ['submit'],
    })
    const saved = await as(env.app, bating).put(`/api/tasks/${t.id}/quarters/2/report`, {
      progress: 52,
      done: '补充：办理公益诉讼案件1200件，发出诉前检察建议800件。',
    })
    expect(saved.json().progress).toBe(52)
    await as(env.app, bating).post(`/api/tasks/${t.id}/quarters/2/report/transition`, { action: 'submit' })
    expect(
      (
        await as(env.app, bating).post(`/api/tasks/${t.id}/quarters/2/report/transition`, {
          action: 'accept',
        })
      ).statusCode,
    ).toBe(403)
    expect(
      (
        await as(env.app, office).post(`/api/tasks/${t.id}/quarters/2/report/transition`, {
          action: 'return',
        })
      ).json().error.code,
    ).toBe('reason_required')
    const accepted = (
      await as(env.app, office).post(`/api/tasks/${t.id}/quarters/2/report/transition`, { action: 'accept' })
    ).json()
    expect(accepted.status).toBe('accepted')
    expect(accepted.history.map((h: Json) => h.action)).toEqual(['submit', 'return', 'submit', 'accept'])
    expect(accepted.history[1].reason).toContain('补充数据')
    expect(accepted.history[0].snapshot.progress).toBe(50)
    expect(accepted.history[2].snapshot.progress).toBe(52)
    expect(
      (await as(env.app, office).get('/api/quarterly-reports?year=2024&quarter=2&status=accepted')).json()
        .total,
    ).toBe(5)
  })

  it('lets the lead break a task into sub-tasks', async () => {
    const t = await task('2024-01', siting)
    const sub = await as(env.app, siting).post(`/api/tasks/${t.id}/subtasks`, {
      title: '召开推进会',
      ownerName: '经济犯罪检察处',
      deadline: '2024-10-31',
    })
    expect(sub.statusCode).toBe(201)
    expect(
      (await as(env.app, siting).patch(`/api/subtasks/${sub.json().id}`, { status: 'done' })).json().status,
    ).toBe('done')
    const coopTask = await task('2024-03', siting)
    expect(
      (
        await as(env.app, siting).post(`/api/tasks/${coopTask.id}/subtasks`, {
          title: 'x',
          ownerName: 'x',
          deadline: '2024-10-31',
        })
      ).statusCode,
    ).toBe(403)
  })

  it('keeps the light rule configurable by the supervision office only', async () => {
    expect(
      (
        await as(env.app, siting).put('/api/tasks/light-rule', {
          dueSoonWorkingDays: 5,
          behindTolerance: 5,
          reportDueWorkingDays: 5,
        })
      ).statusCode,
    ).toBe(403)
    expect(
      (
        await as(env.app, office).put('/api/tasks/light-rule', {
          dueSoonWorkingDays: 10,
          behindTolerance: 20,
          reportDueWorkingDays: 10,
        })
      ).statusCode,
    ).toBe(200)
    const t = (await as(env.app, office).get('/api/tasks?year=2024&asOf=2024-07-09&q=2024-03')).json()
      .items[0]
    expect(t.light).toBe('green') // 35% is within 20 points of 52%
  })
})

describe('task import', () => {
  const HEADERS = [
    '编号',
    '任务名称',
    '任务内容',
    '分管院领导',
    '牵头部门',
    '配合部门',
    '一季度',
    '二季度',
    '三季度',
    '四季度',
    '完成时限',
    '专项行动',
  ]
  async function sheet(rows: (string | number)[][]) {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('任务')
    ws.addRow(HEADERS)
    for (const r of rows) ws.addRow(r)
    return Buffer.from(await wb.xlsx.writeBuffer())
  }
  const good = (i: number) => [
    `2025-${String(i).padStart(2, '0')}`,
    `2025年任务${i}`,
    '内容',
    '副检察长 甲',
    '第一检察厅',
    '第四检察厅、第六检察厅',
    25,
    50,
    75,
    100,
    '2025-12-31',
    '检察护企',
  ]

  it('names each bad row and column, and imports nothing', async () => {
    const tasksBefore = await env.db
      .selectFrom('task')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const rows = [
      good(1),
      good(2),
      ['2025-03', '坏行', '', '', '不存在的厅', '第一检察厅', 50, 20, '', '', '2025/12/31', '不存在的行动'],
      good(1),
    ]
    const preview = await upload(
      env.app,
      office,
      '/api/tasks/import?year=2025&mode=preview',
      {},
      { name: 't.xlsx', content: await sheet(rows) },
    )
    expect(preview.statusCode).toBe(200)
    const errs = preview.json().errors.map((e: Json) => `${e.row}:${e.column}:${e.code}`)
    expect(errs).toEqual(
      expect.arrayContaining([
        '4:分管院领导:required',
        '4:牵头部门:unknown_department',
        '4:二季度:milestones_decrease',
        '4:完成时限:invalid_date',
        '4:专项行动:unknown_campaign',
        '5:编号:duplicate_code',
      ]),
    )
    const commit = await upload(
      env.app,
      office,
      '/api/tasks/import?year=2025&mode=commit',
      {},
      { name: 't.xlsx', content: await sheet(rows) },
    )
    expect(commit.statusCode).toBe(409)
    expect(commit.json().error.code).toBe('import_invalid')
    const tasksAfter = await env.db
      .selectFrom('task')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(tasksAfter.n)).toBe(Number(tasksBefore.n))
  })

  it('imports every row of a good sheet, and refuses others', async () => {
    const res = await upload(
      env.app,
      office,
      '/api/tasks/import?year=2025&mode=commit',
      {},
      { name: 't.xlsx', content: await sheet([good(1), good(2), good(3)]) },
    )
    expect(res.json()).toMatchObject({ rows: 3, errorCount: 0, committed: 3 })
    const listed = (await as(env.app, office).get('/api/tasks?year=2025')).json()
    expect(listed.items.map((t: Json) => t.code)).toEqual(['2025-01', '2025-02', '2025-03'])
    expect(listed.items[0].cooperators.map((c: Json) => c.name)).toEqual(['第四检察厅', '第六检察厅'])
    const again = await upload(
      env.app,
      office,
      '/api/tasks/import?year=2025&mode=preview',
      {},
      { name: 't.xlsx', content: await sheet([good(1)]) },
    )
    expect(again.json().errors[0].code).toBe('task_code_taken')
    expect(
      (
        await upload(
          env.app,
          siting,
          '/api/tasks/import?year=2025&mode=preview',
          {},
          { name: 't.xlsx', content: await sheet([good(9)]) },
        )
      ).statusCode,
    ).toBe(403)
  })

  it('rejects bad input on every write with 400 and writes nothing', async () => {
    const events = await count(env.db, 'auditEvent')
    const dept = (await as(env.app, office).get('/api/tasks?q=2024-01')).json().items[0].leadDepartmentId
    const bad = [
      await as(env.app, office).post('/api/tasks', {
        year: 2025,
        code: 'bad code!',
        title: 'x',
        leaderName: 'x',
        leadDepartmentId: dept,
      }),
      await as(env.app, office).post('/api/tasks', {
        year: 2025,
        code: 'X1',
        title: '',
        leaderName: 'x',
        leadDepartmentId: dept,
      }),
      await as(env.app, office).post('/api/tasks', {
        year: 2025,
        code: 'X1',
        title: 'x',
        leaderName: 'x',
        leadDepartmentId: dept,
        milestones: [{ quarter: 5, expectedProgress: 10, description: '' }],
      }),
      await as(env.app, office).post('/api/campaigns', { name: '' }),
      await as(env.app, office).put('/api/tasks/light-rule', {
        dueSoonWorkingDays: -1,
        behindTolerance: 5,
        reportDueWorkingDays: 5,
      }),
    ]
    for (const r of bad) expect(r.statusCode).toBe(400)
    expect(
      (
        await as(env.app, office).post('/api/tasks', {
          year: 2025,
          code: 'X2',
          title: 'x',
          leaderName: 'x',
          leadDepartmentId: dept,
          cooperatorIds: [dept],
        })
      ).json().error.code,
    ).toBe('lead_is_cooperator')
    expect(await count(env.db, 'auditEvent')).toBe(events)
  })
})

describe('task ledger and campaigns', () => {
  it('downloads the ledger with lights and shows campaign progress', async () => {
    const res = await as(env.app, office).get('/api/ledgers/tasks.xlsx?year=2024')
    expect(res.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]
    expect(ws.rowCount - 1).toBe(7)
    expect(String(ws.getRow(1).getCell(10).value)).toBe('状态灯')
    const campaigns = (await as(env.app, office).get('/api/campaigns')).json()
    expect(campaigns.map((c: Json) => c.name)).toEqual(['检察护企', '检护民生'])
    expect(campaigns[1].taskCount).toBe(2)
    const bj = await login(env.app, 'bj_liaison')
    expect((await as(env.app, bj).get('/api/tasks')).statusCode).toBe(403)
    expect((await as(env.app, bj).get('/api/ledgers/tasks.xlsx')).statusCode).toBe(403)
  })
})

describe('urging, supervision notices, reminders and scoring', () => {
  it('issues numbered supervision notices to the lead department, which sees and is notified of them', async () => {
    const t = await task('2024-07')
    const first = await as(env.app, office).post(`/api/tasks/${t.id}/urge`, {
      quarter: 2,
      content: '第二季度落实情况逾期未报，请立即报送',
      dueDate: '2024-07-26',
    })
    expect(first.statusCode).toBe(201)
    const second = await as(env.app, office).post(`/api/tasks/${t.id}/urge`, {
      quarter: 2,
      content: '再次催办',
    })
    const year = new Date().getFullYear()
    expect([first.json().number, second.json().number]).toEqual([`督办〔${year}〕1号`, `督办〔${year}〕2号`])
    expect(first.json()).toMatchObject({ departmentName: '政治部', taskCode: '2024-07' })
    const zhengzhibu = await login(env.app, 'dept_zhengzhibu')
    expect(
      (await as(env.app, zhengzhibu).get(`/api/supervision-notices/${first.json().id}`)).statusCode,
    ).toBe(200)
    expect((await as(env.app, siting).get(`/api/supervision-notices/${first.json().id}`)).statusCode).toBe(
      404,
    )
    expect(
      (await as(env.app, zhengzhibu).post(`/api/tasks/${t.id}/urge`, { content: '自己催自己' })).statusCode,
    ).toBe(403)
    const notes = (await as(env.app, zhengzhibu).get('/api/notifications')).json()
    expect(notes.items.map((n: Json) => n.title)).toContain(`督查室催办（督办〔${year}〕1号）`)
    expect((await as(env.app, office).get(`/api/supervision-notices?taskId=${t.id}`)).json()).toHaveLength(2)
  })

  it('reminds the lead department of a quarterly report before and after its deadline, once each', async () => {
    const { JobRunner } = await import('../jobs/job-runner')
    const { taskSweepHandler } = await import('./task-follow-up')
    const { enqueue } = await import('../jobs/job-runner')
    const run = async (today: string) => {
      const runner = new JobRunner(
        env.db,
        { 'task.sweep': taskSweepHandler({ email: false, today: () => today }) },
        (d) => enqueue(d, { kind: 'task.sweep', dedupeKey: `task.sweep:${today}` }),
      )
      await runner.tick()
      await runner.tick()
    }
    const zhengzhibu = await login(env.app, 'dept_zhengzhibu')
    const before = (await as(env.app, zhengzhibu).get('/api/notifications?pageSize=100')).json().total
    // Q3 of 2024 is due ten working days after 2024-09-30: 2024-10-21; 2024-10-16 is three working days before
    await run('2024-10-16')
    await run('2024-10-16')
    const after = (await as(env.app, zhengzhibu).get('/api/notifications?pageSize=100')).json()
    const q3 = after.items.filter((n: Json) => n.body.includes('第3季度'))
    // 2024-06 and 2024-07 are led by 政治部 and neither has a Q3 report
    expect(q3).toHaveLength(2)
    expect(after.total - before).toBe(2)
    expect(q3[0].title).toBe('季度落实情况即将到期')
  })

  it('scores tasks at year end on the rubric and averages them by department', async () => {
    const t = await task('2024-01')
    expect(
      (
        await as(env.app, office).put(`/api/tasks/${t.id}/score`, {
          items: { completion: 60, timeliness: 20, quality: 20, coordination: 10 },
        })
      ).json().error.code,
    ).toBe('score_exceeds')
    expect(
      (await as(env.app, office).put(`/api/tasks/${t.id}/score`, { items: { completion: 45 } })).json().error
        .code,
    ).toBe('score_incomplete')
    const scored = await as(env.app, office).put(`/api/tasks/${t.id}/score`, {
      items: { completion: 45, timeliness: 18, quality: 17, coordination: 9 },
      comment: '完成较好',
    })
    expect(scored.json().total).toBe(89)
    expect(
      (
        await as(env.app, siting).put(`/api/tasks/${t.id}/score`, {
          items: { completion: 50, timeliness: 20, quality: 20, coordination: 10 },
        })
      ).statusCode,
    ).toBe(403)
    const s = (await as(env.app, office).get('/api/task-scores?year=2024')).json()
    expect(s.departments[0]).toMatchObject({ departmentName: '第四检察厅', tasks: 1, average: 89 })
    expect(
      (await as(env.app, office).put('/api/tasks/rubric', [{ key: 'all', name: '全部', max: 90 }])).json()
        .error.code,
    ).toBe('rubric_total')
  })
})
