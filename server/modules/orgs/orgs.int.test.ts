import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  as,
  count,
  createTestEnv,
  login,
  unitId,
  userIdOf,
  type Session,
  type TestEnv,
} from '../../test/harness'

let env: TestEnv
let sys: Session
let sec: Session
let auditor: Session
let bjAdmin: Session
beforeAll(async () => {
  env = await createTestEnv()
  sys = await login(env.app, 'sysadmin')
  sec = await login(env.app, 'secadmin')
  auditor = await login(env.app, 'auditor')
  bjAdmin = await login(env.app, 'bj_sysadmin')
})
afterAll(() => env.close())

describe('units', () => {
  it('holds the supreme procuratorate and 32 provincial ones', async () => {
    const top = await as(env.app, sys).get('/api/units')
    expect(top.json().items.map((u: { code: string }) => u.code)).toEqual(['000000'])
    const provinces = await as(env.app, sys).get(`/api/units?parentId=${top.json().items[0].id}&pageSize=100`)
    expect(provinces.json().total).toBe(32)
    const codes = provinces.json().items.map((u: { code: string }) => u.code)
    expect(codes).toEqual(
      expect.arrayContaining(['110000', '320000', '330000', '500000', '630000', '660000']),
    )
    expect(provinces.json().items.find((u: { code: string }) => u.code === '660000').name).toBe(
      '新疆生产建设兵团人民检察院',
    )
  })

  it('creates, renames and deletes a subordinate unit, audited', async () => {
    const bj = await unitId(env.db, '110000')
    const created = await as(env.app, sys).post('/api/units', {
      code: '110101',
      name: '北京市东城区人民检察院',
      parentId: bj,
    })
    expect(created.statusCode).toBe(201)
    expect(created.json().level).toBe('municipal')
    const dup = await as(env.app, sys).post('/api/units', { code: '110101', name: '重复', parentId: bj })
    expect(dup.json().error.code).toBe('unit_code_taken')
    const renamed = await as(env.app, sys).patch(`/api/units/${created.json().id}`, {
      name: '北京市东城区检察院',
    })
    expect(renamed.json().name).toBe('北京市东城区检察院')
    expect((await as(env.app, sys).del(`/api/units/${bj}`)).json().error.code).toBe('unit_not_empty')
    expect((await as(env.app, sys).del(`/api/units/${created.json().id}`)).statusCode).toBe(204)
    const events = await env.db
      .selectFrom('auditEvent')
      .select('action')
      .where('objectId', '=', created.json().id)
      .orderBy('seq')
      .execute()
    expect(events.map((e) => e.action)).toEqual(['unit.create', 'unit.update', 'unit.delete'])
  })

  it('keeps a provincial administrator inside its province', async () => {
    const js = await unitId(env.db, '320000')
    const res = await as(env.app, bjAdmin).post('/api/units', {
      code: '320102',
      name: '南京玄武',
      parentId: js,
    })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('forbidden')
    const top = await as(env.app, bjAdmin).get('/api/units')
    expect(top.json().items.map((u: { code: string }) => u.code)).toEqual(['110000'])
  })
})

describe('departments', () => {
  it('creates, lists, renames and deletes a department', async () => {
    const supreme = await unitId(env.db, '000000')
    const created = await as(env.app, sys).post('/api/departments', {
      unitId: supreme,
      name: '测试部门',
      description: '用于测试',
    })
    expect(created.statusCode).toBe(201)
    const dup = await as(env.app, sys).post('/api/departments', { unitId: supreme, name: '测试部门' })
    expect(dup.json().error.code).toBe('department_name_taken')
    const listed = await as(env.app, sys).get(`/api/departments?unitId=${supreme}&q=测试`)
    expect(listed.json().items.map((d: { name: string }) => d.name)).toEqual(['测试部门'])
    expect(
      (await as(env.app, sys).patch(`/api/departments/${created.json().id}`, { name: '测试处' })).json().name,
    ).toBe('测试处')
    expect((await as(env.app, sys).del(`/api/departments/${created.json().id}`)).statusCode).toBe(204)
    const office = await env.db
      .selectFrom('department')
      .select('id')
      .where('name', '=', '办公厅')
      .executeTakeFirstOrThrow()
    const busy = await as(env.app, sys).del(`/api/departments/${office.id}`)
    expect(busy.json().error.code).toBe('department_not_empty')
  })

  it('refuses another province’s administrator', async () => {
    const js = await unitId(env.db, '320000')
    const res = await as(env.app, bjAdmin).post('/api/departments', { unitId: js, name: '越权部门' })
    expect(res.statusCode).toBe(403)
  })
})

describe('users', () => {
  it('lists, filters, sorts and paginates users within scope', async () => {
    const all = await as(env.app, sys).get('/api/users?pageSize=100')
    expect(all.json().total).toBeGreaterThanOrEqual(10)
    const page = await as(env.app, sys).get('/api/users?pageSize=3&page=2&sort=username&order=desc')
    expect(page.json().items).toHaveLength(3)
    const names = all.json().items.map((u: { username: string }) => u.username)
    expect(names).toEqual([...names].sort())
    const byRole = await as(env.app, sys).get('/api/users?role=unit_liaison')
    expect(byRole.json().items.map((u: { username: string }) => u.username)).toEqual([
      'bj_liaison',
      'tj_liaison',
    ])
    const bj = await as(env.app, bjAdmin).get('/api/users?pageSize=100')
    expect(bj.json().items.every((u: { unitCode: string }) => u.unitCode === '110000')).toBe(true)
    expect(bj.json().total).toBe(3)
  })

  it('stops a user of one province reading or changing another province’s users', async () => {
    const js = await unitId(env.db, '320000')
    const created = await as(env.app, sys).post('/api/users', {
      username: 'js_user',
      displayName: '江苏用户',
      unitId: js,
      password: 'Jiangsu#2024',
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().id
    expect((await as(env.app, bjAdmin).get(`/api/users/${id}`)).statusCode).toBe(403)
    expect((await as(env.app, bjAdmin).patch(`/api/users/${id}`, { displayName: '改名' })).statusCode).toBe(
      403,
    )
    expect(
      (await as(env.app, bjAdmin).post(`/api/users/${id}/reset-password`, { password: 'Reset#Pass2024' }))
        .statusCode,
    ).toBe(403)
    expect(
      (
        await as(env.app, bjAdmin).post('/api/users', {
          username: 'js_two',
          displayName: 'x',
          unitId: js,
          password: 'Jiangsu#2024',
        })
      ).statusCode,
    ).toBe(403)
    expect((await as(env.app, bjAdmin).get(`/api/users?unitId=${js}`)).json().total).toBe(0)
    const unchanged = await env.db
      .selectFrom('appUser')
      .select('displayName')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(unchanged.displayName).toBe('江苏用户')
  })

  it('rejects a duplicate username and a weak initial password, writing nothing', async () => {
    const before = await count(env.db, 'appUser')
    const events = await count(env.db, 'auditEvent')
    const supreme = await unitId(env.db, '000000')
    const dup = await as(env.app, sys).post('/api/users', {
      username: 'leader',
      displayName: 'x',
      unitId: supreme,
      password: 'Strong#Pass2024',
    })
    expect(dup.json().error.code).toBe('username_taken')
    const weak = await as(env.app, sys).post('/api/users', {
      username: 'weakling',
      displayName: 'x',
      unitId: supreme,
      password: 'password',
    })
    expect(weak.json().error.code).toBe('password_policy')
    expect(await count(env.db, 'appUser')).toBe(before)
    expect(await count(env.db, 'auditEvent')).toBe(events)
  })

  it('disables a user and ends their sessions; resets a password and forces its change', async () => {
    const target = await login(env.app, 'yanjiushi')
    const id = target.userId
    expect((await as(env.app, sys).patch(`/api/users/${id}`, { status: 'disabled' })).json().status).toBe(
      'disabled',
    )
    expect((await as(env.app, target).get('/api/auth/me')).statusCode).toBe(401)
    const refused = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'yanjiushi', password: 'Duban@2024' },
    })
    expect(refused.statusCode).toBe(401)
    await as(env.app, sys).patch(`/api/users/${id}`, { status: 'active' })
    expect(
      (await as(env.app, sys).post(`/api/users/${id}/reset-password`, { password: 'Reset#Pass2024' }))
        .statusCode,
    ).toBe(204)
    const again = await login(env.app, 'yanjiushi', 'Reset#Pass2024')
    expect((await as(env.app, again).get('/api/auth/me')).json().user.mustChangePassword).toBe(true)
  })
})

describe('roles and 三员分立', () => {
  it('lets the security administrator grant and revoke a scoped business role', async () => {
    const id = await userIdOf(env.db, 'bj_liaison')
    const bj = await unitId(env.db, '110000')
    const granted = await as(env.app, sec).post(`/api/users/${id}/roles`, {
      role: 'unit_leader',
      scopeType: 'unit',
      scopeId: bj,
    })
    expect(granted.statusCode).toBe(201)
    expect(granted.json().scopeName).toBe('北京市人民检察院')
    const roles = await as(env.app, sec).get(`/api/users/${id}/roles`)
    expect(roles.json().map((r: { role: string }) => r.role)).toEqual(['unit_liaison', 'unit_leader'])
    expect((await as(env.app, sec).del(`/api/users/${id}/roles/${granted.json().id}`)).statusCode).toBe(204)
    const actions = await env.db
      .selectFrom('auditEvent')
      .select('action')
      .where('objectId', '=', id)
      .where('action', 'like', 'role.%')
      .orderBy('seq')
      .execute()
    // the seed's grant of unit_liaison, then this test's grant and revocation
    expect(actions.map((a) => a.action)).toEqual(['role.grant', 'role.grant', 'role.revoke'])
  })

  it('refuses an administrator role to a business user and a second administrator role', async () => {
    const liaison = await userIdOf(env.db, 'bj_liaison')
    const r1 = await as(env.app, sec).post(`/api/users/${liaison}/roles`, { role: 'audit_admin' })
    expect(r1.statusCode).toBe(409)
    expect(r1.json().error.code).toBe('separation_of_duties')
    expect(r1.json().error.details.conflictingRole).toBe('unit_liaison')
    const sysId = await userIdOf(env.db, 'sysadmin')
    const r2 = await as(env.app, sec).post(`/api/users/${sysId}/roles`, { role: 'security_admin' })
    expect(r2.json().error.code).toBe('separation_of_duties')
    const r3 = await as(env.app, sec).post(`/api/users/${sysId}/roles`, { role: 'leader' })
    expect(r3.json().error.code).toBe('separation_of_duties')
    const grants = await env.db.selectFrom('roleGrant').select('role').where('userId', '=', sysId).execute()
    expect(grants.map((g) => g.role)).toEqual(['system_admin'])
  })

  it('keeps granting with the security administrator, not the system administrator, and never to oneself', async () => {
    const liaison = await userIdOf(env.db, 'bj_liaison')
    expect((await as(env.app, sys).post(`/api/users/${liaison}/roles`, { role: 'leader' })).statusCode).toBe(
      403,
    )
    expect(
      (
        await as(env.app, sec).post(`/api/users/${sec.userId}/roles`, {
          role: 'security_admin',
          scopeId: await unitId(env.db, '110000'),
        })
      ).statusCode,
    ).toBe(403)
  })

  it('keeps the system administrator out of the audit log and the auditor out of every change', async () => {
    expect((await as(env.app, sys).get('/api/audit/events')).statusCode).toBe(403)
    expect((await as(env.app, sys).get('/api/audit/verify')).statusCode).toBe(403)
    const supreme = await unitId(env.db, '000000')
    const before = await count(env.db, 'appUser')
    const attempts = [
      await as(env.app, auditor).post('/api/users', {
        username: 'sneaky',
        displayName: 'x',
        unitId: supreme,
        password: 'Sneaky#2024x',
      }),
      await as(env.app, auditor).post('/api/departments', { unitId: supreme, name: '审计员建的部门' }),
      await as(env.app, auditor).post('/api/units', { code: '110199', name: 'x', parentId: supreme }),
      await as(env.app, auditor).post(`/api/users/${sys.userId}/roles`, { role: 'leader' }),
      await as(env.app, auditor).get('/api/users'),
    ]
    for (const a of attempts) expect(a.statusCode).toBe(403)
    expect(await count(env.db, 'appUser')).toBe(before)
    const denials = await env.db
      .selectFrom('auditEvent')
      .select('actorUsername')
      .where('action', '=', 'access.denied')
      .where('actorUsername', '=', 'auditor')
      .execute()
    expect(denials.length).toBeGreaterThanOrEqual(5)
  })
})
