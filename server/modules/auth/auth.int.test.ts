import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, count, createTestEnv, login, userIdOf, type TestEnv } from '../../test/harness'
import { currentOtp } from './auth.service'

let env: TestEnv
beforeAll(async () => {
  env = await createTestEnv()
})
afterAll(() => env.close())

describe('sign-in and sessions', () => {
  it('signs in, answers me, and signs out', async () => {
    const s = await login(env.app, 'sysadmin')
    const me = await as(env.app, s).get('/api/auth/me')
    expect(me.statusCode).toBe(200)
    expect(me.json().user.username).toBe('sysadmin')
    expect(me.json().permissions).toEqual(expect.arrayContaining(['unit.manage', 'user.manage']))
    expect(me.json().permissions).not.toContain('audit.read')
    const out = await as(env.app, s).post('/api/auth/logout')
    expect(out.statusCode).toBe(204)
    expect((await as(env.app, s).get('/api/auth/me')).statusCode).toBe(401)
  })

  it('sets an httpOnly SameSite cookie and stores only a hash of the token', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'auditor', password: 'Duban@2024' },
    })
    const c = res.cookies.find((x) => x.name === 'duban_session')!
    expect(c.httpOnly).toBe(true)
    expect(c.sameSite).toBe('Strict')
    const stored = await env.db.selectFrom('session').select('id').execute()
    expect(stored.map((r) => r.id)).not.toContain(c.value)
  })

  it('answers 401 without a session', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/users' })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('unauthenticated')
  })

  it('gives unknown users and wrong passwords the same answer', async () => {
    const a = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'x' },
    })
    const b = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'leader', password: 'wrong-Password1' },
    })
    expect(a.statusCode).toBe(401)
    expect(b.statusCode).toBe(401)
    expect(a.json()).toEqual(b.json())
    expect(a.json().error.code).toBe('login_failed')
    const failures = await env.db
      .selectFrom('auditEvent')
      .selectAll()
      .where('action', '=', 'auth.login')
      .where('outcome', '=', 'failure')
      .execute()
    expect(failures.map((f) => f.actorUsername)).toEqual(expect.arrayContaining(['nobody', 'leader']))
  })

  it('locks an account after five failures and keeps it locked for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await env.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'ducha', password: `bad-${i}` },
      })
      expect(r.statusCode).toBe(401)
    }
    const right = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ducha', password: 'Duban@2024' },
    })
    expect(right.statusCode).toBe(401)
    expect(right.json().error.code).toBe('login_failed')
    const lockouts = await env.db
      .selectFrom('auditEvent')
      .select('objectId')
      .where('action', '=', 'auth.lockout')
      .execute()
    expect(lockouts.map((l) => l.objectId)).toContain(await userIdOf(env.db, 'ducha'))

    // the system administrator unlocks it
    const admin = await login(env.app, 'sysadmin')
    const users = await as(env.app, admin).get('/api/users?q=ducha')
    expect(users.json().items[0].locked).toBe(true)
    expect(
      (await as(env.app, admin).post(`/api/users/${await userIdOf(env.db, 'ducha')}/unlock`)).statusCode,
    ).toBe(204)
    await login(env.app, 'ducha')
  })

  it('refuses a state-changing request without the CSRF token, and writes nothing', async () => {
    const s = await login(env.app, 'sysadmin')
    const before = await count(env.db, 'department')
    const res = await as(env.app, s).post(
      '/api/departments',
      {
        unitId: (await as(env.app, s)
          .get('/api/units')
          .then((r) => r.json().items[0].id)) as string,
        name: '无令牌部门',
      },
      { csrf: false },
    )
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('csrf_invalid')
    expect(await count(env.db, 'department')).toBe(before)
    const wrong = await env.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': 'forged' },
    })
    expect(wrong.statusCode).toBe(403)
    // refused before its body is read: a body that is not even JSON gets the same refusal
    const unread = await env.app.inject({
      method: 'POST',
      url: '/api/departments',
      headers: { cookie: s.cookie, 'content-type': 'application/json' },
      payload: '{not json',
    })
    expect(unread.statusCode).toBe(403)
    expect(unread.json().error.code).toBe('csrf_invalid')
    const denied = await env.db
      .selectFrom('auditEvent')
      .selectAll()
      .where('action', '=', 'access.denied')
      .execute()
    expect(denied.some((d) => d.details.includes('csrf_invalid'))).toBe(true)
  })
})

describe('passwords', () => {
  it('forces a change of an initial password and applies the policy', async () => {
    const admin = await login(env.app, 'sysadmin')
    const units = await as(env.app, admin).get('/api/units')
    const created = await as(env.app, admin).post('/api/users', {
      username: 'newcomer',
      displayName: '新同志',
      unitId: units.json().items[0].id,
      password: 'Initial#2024x',
    })
    expect(created.statusCode).toBe(201)
    expect(created.json().mustChangePassword).toBe(true)

    const s = await login(env.app, 'newcomer', 'Initial#2024x')
    const blocked = await as(env.app, s).get('/api/units')
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().error.code).toBe('password_change_required')

    const change = (newPassword: string, currentPassword = 'Initial#2024x') =>
      as(env.app, s).post('/api/auth/password', { currentPassword, newPassword })
    expect((await change('short1A!')).json().error.details.rules).toContain('length')
    expect((await change('alllowercaseletters')).json().error.details.rules).toContain('classes')
    expect((await change('Newcomer-2024-x')).json().error.details.rules).toContain('username')
    expect((await change('Initial#2024x')).json().error.details.rules).toContain('reused')
    const wrongCurrent = await change('Another#2024x', 'not-it')
    expect(wrongCurrent.json().error.code).toBe('invalid_password')
    expect((await change('Another#2024x')).statusCode).toBe(204)
    expect((await as(env.app, s).get('/api/auth/me')).json().user.mustChangePassword).toBe(false)
  })

  it('refuses any of the last five passwords', async () => {
    const s = await login(env.app, 'leader')
    const seq = ['Second#Pass01', 'Third#Pass02', 'Fourth#Pass03', 'Fifth#Pass04', 'Sixth#Pass05']
    let current = 'Duban@2024'
    for (const p of seq) {
      const r = await as(env.app, s).post('/api/auth/password', { currentPassword: current, newPassword: p })
      expect(r.statusCode).toBe(204)
      current = p
    }
    // Duban@2024 is now the sixth-last: allowed again; Second#Pass01 is fifth-last: refused
    const reused = await as(env.app, s).post('/api/auth/password', {
      currentPassword: current,
      newPassword: 'Second#Pass01',
    })
    expect(reused.json().error.details.rules).toEqual(['reused'])
    const old = await as(env.app, s).post('/api/auth/password', {
      currentPassword: current,
      newPassword: 'Duban@2024',
    })
    expect(old.statusCode).toBe(204)
  })
})

describe('TOTP', () => {
  it('enables a second factor and then requires it', async () => {
    const s = await login(env.app, 'bj_leader')
    const setup = await as(env.app, s).post('/api/auth/totp/setup')
    expect(setup.statusCode).toBe(200)
    const { secret, uri } = setup.json()
    expect(uri).toMatch(/^otpauth:\/\/totp\//)
    expect((await as(env.app, s).post('/api/auth/totp/enable', { otp: '000000' })).statusCode).toBe(400)
    expect(
      (await as(env.app, s).post('/api/auth/totp/enable', { otp: currentOtp(secret, 'bj_leader') }))
        .statusCode,
    ).toBe(204)

    const noOtp = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bj_leader', password: 'Duban@2024' },
    })
    expect(noOtp.json().error.code).toBe('otp_required')
    const badOtp = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bj_leader', password: 'Duban@2024', otp: '123456' },
    })
    expect(badOtp.json().error.code).toBe('otp_invalid')
    const ok = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bj_leader', password: 'Duban@2024', otp: currentOtp(secret, 'bj_leader') },
    })
    expect(ok.statusCode).toBe(200)
    const asked = await env.db
      .selectFrom('auditEvent')
      .select('details')
      .where('action', '=', 'auth.login')
      .where('actorUsername', '=', 'bj_leader')
      .where('outcome', '=', 'failure')
      .execute()
    expect(asked.map((e) => JSON.parse(e.details).reason)).toEqual(
      expect.arrayContaining(['otp_required', 'bad_otp']),
    )

    // five wrong codes lock the account like five wrong passwords
    for (let i = 0; i < 5; i++) {
      await env.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'bj_leader', password: 'Duban@2024', otp: '000001' },
      })
    }
    const locked = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bj_leader', password: 'Duban@2024', otp: currentOtp(secret, 'bj_leader') },
    })
    expect(locked.statusCode).toBe(401)
    expect(locked.json().error.code).toBe('login_failed')
  })
})

describe('timeouts', () => {
  it('ends a session after the idle timeout and after its absolute lifetime', async () => {
    // Generous margins: a loaded machine must not turn the first request into an idle timeout.
    const idle = await createTestEnv({ sessionIdleMs: 1500 })
    try {
      const s = await login(idle.app, 'sysadmin')
      expect((await as(idle.app, s).get('/api/auth/me')).statusCode).toBe(200)
      await new Promise((r) => setTimeout(r, 1700))
      expect((await as(idle.app, s).get('/api/auth/me')).statusCode).toBe(401)
    } finally {
      await idle.close()
    }
    const absolute = await createTestEnv({ sessionAbsoluteMs: 1500 })
    try {
      const s = await login(absolute.app, 'sysadmin')
      await new Promise((r) => setTimeout(r, 1700))
      expect((await as(absolute.app, s).get('/api/auth/me')).statusCode).toBe(401)
    } finally {
      await absolute.close()
    }
    // Two fresh databases (migrated and seeded) take most of the time on a loaded machine.
  }, 120_000)
})
