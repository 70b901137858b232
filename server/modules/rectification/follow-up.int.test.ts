import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, login, unitId, type Session, type TestEnv } from '../../test/harness'

let env: TestEnv
let office: Session
let bjLiaison: Session
type Json = Record<string, any>

beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'xunshiban')
  bjLiaison = await login(env.app, 'bj_liaison')
})
afterAll(() => env.close())

async function findingsOf(unitCode: string): Promise<Json[]> {
  const targets = (await as(env.app, office).get('/api/targets?pageSize=50')).json().items as Json[]
  const t = targets.find((x) => x.unitCode === unitCode)!
  return (await as(env.app, office).get(`/api/findings?targetId=${t.id}&sort=seq&order=asc`)).json().items
}

describe('referrals (移交)', () => {
  it('refers a finding, records receipt and outcome in order, and lists what is still open', async () => {
    const f = (await findingsOf('120000'))[0]
    const created = await as(env.app, office).post('/api/referrals', {
      findingId: f.id,
      bodyKind: 'discipline_commission',
      bodyName: '天津市纪委监委',
      referredAt: '2024-06-20',
      note: '涉及违规接待问题线索',
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().id
    expect(
      (
        await as(env.app, office).post(`/api/referrals/${id}/outcome`, {
          concludedAt: '2024-08-01',
          outcome: 'x',
        })
      ).json().error.code,
    ).toBe('invalid_transition')
    expect(
      (await as(env.app, office).post(`/api/referrals/${id}/receipt`, { receivedAt: '2024-06-01' })).json()
        .error.code,
    ).toBe('date_before_referral')
    expect(
      (
        await as(env.app, office).post(`/api/referrals/${id}/receipt`, {
          receivedAt: '2024-06-21',
          note: '已签收',
        })
      ).json().status,
    ).toBe('received')
    expect((await as(env.app, office).get('/api/referrals?open=1')).json().total).toBe(1)
    const done = await as(env.app, office).post(`/api/referrals/${id}/outcome`, {
      concludedAt: '2024-08-30',
      outcome: '给予诫勉谈话处理',
    })
    expect(done.json()).toMatchObject({ status: 'concluded', outcome: '给予诫勉谈话处理' })
    expect((await as(env.app, office).get('/api/referrals?open=1')).json().total).toBe(0)
  })

  it('keeps referrals from the inspected unit and everyone but the office', async () => {
    expect((await as(env.app, bjLiaison).get('/api/referrals')).statusCode).toBe(403)
    const f = (await findingsOf('110000'))[0]
    expect(
      (
        await as(env.app, bjLiaison).post('/api/referrals', {
          findingId: f.id,
          bodyKind: 'organization_department',
          bodyName: '北京市委组织部',
          referredAt: '2024-08-01',
        })
      ).statusCode,
    ).toBe(403)
    const member = await login(env.app, 'xs_zuyuan1')
    expect((await as(env.app, member).get('/api/referrals')).statusCode).toBe(403)
  })
})

describe('common problems (共性问题) and 成果运用', () => {
  let problemId: string
  it('groups findings from several targets and rounds and assigns a headquarters department', async () => {
    // one finding from a first-round target and one from a second-round target
    const ids = [(await findingsOf('120000'))[1].id, (await findingsOf('110000'))[1].id]
    const dept = await env.db
      .selectFrom('department')
      .innerJoin('unit', 'unit.id', 'department.unitId')
      .select('department.id')
      .where('unit.code', '=', '000000')
      .where('department.name', '=', '第一检察厅')
      .executeTakeFirstOrThrow()
    const bjDept = await env.db
      .selectFrom('department')
      .select('id')
      .where('unitId', '=', await unitId(env.db, '110000'))
      .executeTakeFirstOrThrow()
    const wrong = await as(env.app, office).post('/api/common-problems', {
      title: 'x',
      findingIds: ids,
      departmentId: bjDept.id,
    })
    expect(wrong.json().error.code).toBe('department_mismatch')
    const created = await as(env.app, office).post('/api/common-problems', {
      title: '刑事立案监督力度不足',
      description: '多个省级院存在',
      findingIds: ids,
      departmentId: dept.id,
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({
      status: 'assigned',
      findingCount: 2,
      unitCount: 2,
      departmentName: '第一检察厅',
    })
    problemId = created.json().id
    const drafts = await env.db
      .selectFrom('finding')
      .select('id')
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow()
    expect(
      (
        await as(env.app, office).post(`/api/common-problems/${problemId}/findings`, {
          findingIds: [drafts.id],
        })
      ).json().error.code,
    ).toBe('finding_not_confirmed')
  })

  it('lets the assigned department record what it did, and nobody else but the office', async () => {
    const sys = await login(env.app, 'sysadmin')
    const sec = await login(env.app, 'secadmin')
    const supreme = await unitId(env.db, '000000')
    const dept = await env.db
      .selectFrom('department')
      .select('id')
      .where('unitId', '=', supreme)
      .where('name', '=', '第一检察厅')
      .executeTakeFirstOrThrow()
    const u = (
      await as(env.app, sys).post('/api/users', {
        username: 'yiting',
        displayName: '第一检察厅 负责人',
        unitId: supreme,
        departmentId: dept.id,
        password: 'Dept#Owner2024',
      })
    ).json()
    await as(env.app, sec).post(`/api/users/${u.id}/roles`, {
      role: 'department_owner',
      scopeType: 'department',
      scopeId: dept.id,
    })
    const owner = await login(env.app, 'yiting', 'Dept#Owner2024')
    await as(env.app, owner).post('/api/auth/password', {
      currentPassword: 'Dept#Owner2024',
      newPassword: 'Dept#Owner2025',
    })
    const listed = (await as(env.app, owner).get('/api/common-problems')).json()
    expect(listed.items.map((p: Json) => p.id)).toEqual([problemId])
    const acted = await as(env.app, owner).post(`/api/common-problems/${problemId}/actions`, {
      content: '制定《关于加强刑事立案监督工作的意见》，在全国检察机关部署开展专项监督',
    })
    expect(acted.json().actions).toHaveLength(1)
    expect(
      (await as(env.app, owner).patch(`/api/common-problems/${problemId}`, { title: '改标题' })).statusCode,
    ).toBe(403)
    expect((await as(env.app, bjLiaison).get(`/api/common-problems/${problemId}`)).statusCode).toBe(404)
    expect((await as(env.app, bjLiaison).get(`/api/common-problems`)).statusCode).toBe(403)
  })

  it('pushes self-inspections to units not yet inspected, which report back', async () => {
    const hebei = await unitId(env.db, '130000')
    const refused = await as(env.app, office).post(`/api/common-problems/${problemId}/self-inspections`, {
      unitIds: [hebei],
      dueDate: '2024-12-31',
    })
    expect(refused.json().error.code).toBe('unit_already_inspected')
    const shanghai = await unitId(env.db, '310000')
    const pushed = await as(env.app, office).post(`/api/common-problems/${problemId}/self-inspections`, {
      unitIds: [shanghai],
      dueDate: '2024-12-31',
    })
    expect(pushed.json().selfInspections.map((s: Json) => s.unitName)).toEqual(['上海市人民检察院'])
    // Shanghai's liaison sees and answers it; Beijing's sees nothing
    const sys = await login(env.app, 'sysadmin')
    const sec = await login(env.app, 'secadmin')
    const u = (
      await as(env.app, sys).post('/api/users', {
        username: 'sh_liaison',
        displayName: '上海联络员',
        unitId: shanghai,
        password: 'Shanghai#2024',
      })
    ).json()
    await as(env.app, sec).post(`/api/users/${u.id}/roles`, { role: 'unit_liaison' })
    const sh = await login(env.app, 'sh_liaison', 'Shanghai#2024')
    await as(env.app, sh).post('/api/auth/password', {
      currentPassword: 'Shanghai#2024',
      newPassword: 'Shanghai#2025',
    })
    const mine = (await as(env.app, sh).get('/api/self-inspections')).json()
    expect(mine).toHaveLength(1)
    expect((await as(env.app, bjLiaison).get('/api/self-inspections')).json()).toEqual([])
    expect(
      (await as(env.app, bjLiaison).post(`/api/self-inspections/${mine[0].id}/report`, { report: '越权' }))
        .statusCode,
    ).toBe(404)
    const reported = await as(env.app, sh).post(`/api/self-inspections/${mine[0].id}/report`, {
      report: '经自查，发现类似问题2个，已制定整改措施',
    })
    expect(reported.json().status).toBe('reported')
    expect(
      (await as(env.app, office).get(`/api/common-problems/${problemId}`)).json().selfInspections[0].status,
    ).toBe('reported')
  })
})
