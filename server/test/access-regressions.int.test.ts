// Denials and races found in review, each shown failing before its fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, count, createTestEnv, login, unitId, userIdOf, type Session, type TestEnv } from './harness'

let env: TestEnv
let sys: Session
let sec: Session
let office: Session
type Json = Record<string, any>

beforeAll(async () => {
  env = await createTestEnv()
  sys = await login(env.app, 'sysadmin')
  sec = await login(env.app, 'secadmin')
  office = await login(env.app, 'xunshiban')
})
afterAll(() => env.close())

async function newUser(username: string, unitCode: string, roles: { role: string; scopeId?: string }[]) {
  const u = (
    await as(env.app, sys).post('/api/users', {
      username,
      displayName: username,
      unitId: await unitId(env.db, unitCode),
      password: 'Initial#2024x',
    })
  ).json()
  for (const r of roles) await as(env.app, sec).post(`/api/users/${u.id}/roles`, r)
  const s = await login(env.app, username, 'Initial#2024x')
  await as(env.app, s).post('/api/auth/password', {
    currentPassword: 'Initial#2024x',
    newPassword: 'Changed#2025y',
  })
  return s
}

describe('三员分立 counts team membership', () => {
  it('refuses an administrator role to a member of an inspection team', async () => {
    const res = await as(env.app, sec).post(`/api/users/${await userIdOf(env.db, 'xs_zuyuan5')}/roles`, {
      role: 'audit_admin',
    })
    expect(res.statusCode).toBe(409)
    expect(res.json().error).toMatchObject({
      code: 'separation_of_duties',
      details: { conflictingRole: 'team_member' },
    })
  })
})

describe('a provincial inspection office stays inside its province', () => {
  it('cannot inspect units outside its subtree or change the national calendar', async () => {
    const bjOffice = await newUser('bj_office', '110000', [{ role: 'inspection_office' }])
    const round = (await as(env.app, bjOffice).post('/api/rounds', { year: 2026, ordinal: 3 })).json()
    expect(round.organizerUnitName).toBe('北京市人民检察院')
    const me = (await as(env.app, bjOffice).get('/api/auth/me')).json().user
    const team = (
      await as(env.app, bjOffice).post(`/api/rounds/${round.id}/teams`, {
        name: '第一巡察组',
        leaderId: me.id,
        memberIds: [],
      })
    ).json()
    const js = await as(env.app, bjOffice).post('/api/targets', {
      roundId: round.id,
      teamId: team.id,
      unitId: await unitId(env.db, '320000'),
    })
    expect(js.json().error.code).toBe('invalid_target')
    const up = await as(env.app, bjOffice).post('/api/targets', {
      roundId: round.id,
      teamId: team.id,
      unitId: await unitId(env.db, '000000'),
    })
    expect(up.json().error.code).toBe('invalid_target')
    const district = (
      await as(env.app, sys).post('/api/units', {
        code: '110105',
        name: '北京市朝阳区人民检察院',
        parentId: await unitId(env.db, '110000'),
      })
    ).json()
    expect(
      (
        await as(env.app, bjOffice).post('/api/targets', {
          roundId: round.id,
          teamId: team.id,
          unitId: district.id,
        })
      ).statusCode,
    ).toBe(201)
    expect(
      (await as(env.app, bjOffice).put('/api/calendar/2025-10-08', { kind: 'workday', name: '改日历' }))
        .statusCode,
    ).toBe(403)
  })
})

describe('dates are real calendar dates', () => {
  it('refuses 2024-13-45 and 2026-02-30 with 400 and writes nothing', async () => {
    const tj = await login(env.app, 'tj_liaison')
    const m = (await as(env.app, tj).get('/api/measures?status=open')).json().items[0]
    const ducha = await login(env.app, 'ducha')
    const before = await count(env.db, 'auditEvent')
    const bad = await as(env.app, tj).post('/api/extensions', {
      measureId: m.id,
      requestedDeadline: '2024-13-45',
      reason: 'x',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('validation_failed')
    const dept = (await as(env.app, ducha).get('/api/tasks?q=2024-01')).json().items[0].leadDepartmentId
    const task = await as(env.app, ducha).post('/api/tasks', {
      year: 2026,
      code: 'D1',
      title: 'x',
      leaderName: 'x',
      leadDepartmentId: dept,
      deadline: '2026-02-30',
    })
    expect(task.statusCode).toBe(400)
    expect(await count(env.db, 'auditEvent')).toBe(before)
    expect((await as(env.app, ducha).get('/api/tasks')).statusCode).toBe(200)
  })
})

describe('workflow moves are compare-and-set', () => {
  it('lets one of two racing decisions on a plan win, and refuses the other', async () => {
    const bjLiaison = await login(env.app, 'bj_liaison')
    const bjLeader = await login(env.app, 'bj_leader')
    const bjTarget = (await as(env.app, office).get('/api/targets?pageSize=50'))
      .json()
      .items.find((t: Json) => t.unitCode === '110000').id
    const findings = (await as(env.app, bjLiaison).get(`/api/findings?targetId=${bjTarget}`)).json().items
    for (const f of findings)
      await as(env.app, bjLiaison).post('/api/measures', {
        findingId: f.id,
        content: '整改',
        responsibleLeader: '张',
        deadline: '2025-06-30',
        kind: 'concentrated',
      })
    await as(env.app, bjLeader).post(`/api/targets/${bjTarget}/plan/transition`, { action: 'submit' })
    const office2 = await newUser('xunshiban_b', '000000', [{ role: 'inspection_office' }])
    const [a, b] = await Promise.all([
      as(env.app, office).post(`/api/targets/${bjTarget}/plan/transition`, {
        action: 'return',
        reason: '再改',
      }),
      as(env.app, office2).post(`/api/targets/${bjTarget}/plan/transition`, { action: 'accept' }),
    ])
    const codes = [a.statusCode, b.statusCode].sort()
    expect(codes).toEqual([200, 409])
    const plan = (await as(env.app, office).get(`/api/targets/${bjTarget}/plan`)).json()
    const rectifying = (
      await as(env.app, bjLiaison).get(`/api/findings?targetId=${bjTarget}&status=rectifying`)
    ).json().total
    // the findings started rectifying exactly when the plan was accepted
    expect(plan.status === 'accepted' ? rectifying > 0 : rectifying === 0).toBe(true)
  })
})

describe('what the inspected side and the departments may read', () => {
  it('shows the inspected unit a finding’s history from its handing-over on, without the team’s names', async () => {
    const bjLiaison = await login(env.app, 'bj_liaison')
    const f = (await as(env.app, bjLiaison).get('/api/findings')).json().items[0]
    expect(f.createdByName).toBeNull()
    const history = (await as(env.app, bjLiaison).get(`/api/findings/${f.id}/history`)).json()
    expect(history[0].action).toBe('feed_back')
    expect(history.map((h: Json) => h.action)).not.toContain('confirm')
    const full = (await as(env.app, office).get(`/api/findings/${f.id}/history`)).json()
    expect(full[0].action).toBe('create')
  })

  it('links only fed-back findings into common problems', async () => {
    const confirmed = await env.db
      .selectFrom('finding')
      .select('id')
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow()
    const res = await as(env.app, office).post('/api/common-problems', {
      title: '未反馈的问题',
      findingIds: [confirmed.id],
    })
    expect(res.json().error.code).toBe('finding_not_fed_back')
  })

  it('keeps a supervision notice to the department it was sent to and the office', async () => {
    const ducha = await login(env.app, 'ducha')
    const t = (await as(env.app, ducha).get('/api/tasks?q=2024-03')).json().items[0] // led by 第一检察厅, 第四检察厅 cooperates
    const notice = (
      await as(env.app, ducha).post(`/api/tasks/${t.id}/urge`, { content: '请加快进度' })
    ).json()
    const lead = await login(env.app, 'dept_yiting')
    const coop = await login(env.app, 'dept_siting')
    expect((await as(env.app, lead).get(`/api/supervision-notices/${notice.id}`)).statusCode).toBe(200)
    expect((await as(env.app, coop).get(`/api/supervision-notices/${notice.id}`)).statusCode).toBe(404)
    expect((await as(env.app, coop).get('/api/supervision-notices')).json()).toEqual([])
  })
})

describe('exports and deletes', () => {
  it('neutralizes spreadsheet formulas in the audit export', async () => {
    await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '=HYPERLINK("http://x")', password: 'x' },
    })
    const auditor = await login(env.app, 'auditor')
    const csv = (await as(env.app, auditor).get('/api/audit/events/export?action=auth.login&outcome=failure'))
      .body
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`)
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m)
  })

  it('answers 409 for a unit still referenced, instead of failing', async () => {
    const bj = await unitId(env.db, '110000')
    const county = (
      await as(env.app, sys).post('/api/units', { code: '110199', name: '测试区院', parentId: bj })
    ).json()
    const round = (await as(env.app, office).post('/api/rounds', { year: 2026, ordinal: 9 })).json()
    const team = (
      await as(env.app, office).post(`/api/rounds/${round.id}/teams`, {
        name: '第九巡视组',
        leaderId: await userIdOf(env.db, 'xs_zuzhang4'),
        memberIds: [],
      })
    ).json()
    expect(
      (
        await as(env.app, office).post('/api/targets', {
          roundId: round.id,
          teamId: team.id,
          unitId: county.id,
        })
      ).statusCode,
    ).toBe(201)
    const del = await as(env.app, sys).del(`/api/units/${county.id}`)
    expect(del.statusCode).toBe(409)
    expect(del.json().error.code).toBe('in_use')
  })
})
