// Sign-in hardening: rate limit per client address, and a new session at every sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, as, createTestEnv, login, type TestEnv } from './harness'

let env: TestEnv
const LIMIT = 5
beforeAll(async () => {
  env = await createTestEnv({ loginRateLimit: LIMIT })
})
afterAll(() => env.close())

const attempt = (password: string, ip: string, cookie?: string) =>
  env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: ip,
    payload: { username: 'leader', password },
    ...(cookie && { headers: { cookie } }),
  })

describe('sign-in rate limit', () => {
  it('answers 429 with the envelope after LOGIN_RATE_LIMIT attempts a minute from one address', async () => {
    const ip = '10.0.0.7'
    const codes: number[] = []
    for (let i = 0; i < LIMIT + 2; i++) codes.push((await attempt(`wrong-${i}`, ip)).statusCode)
    // Wrong passwords are 401 until the limit; the account locks after five (the lockout itself).
    expect(codes.slice(0, LIMIT).every((c) => c === 401)).toBe(true)
    const limited = await attempt(DEMO_PASSWORD, ip)
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } })
    expect(limited.headers['retry-after']).toBeDefined()
    // Another address is not limited by the first one's attempts.
    expect((await attempt('wrong-again', '10.0.0.8')).statusCode).not.toBe(429)
  })
})

describe('session rotation', () => {
  it('issues a new session at sign-in and ends the one the browser held before', async () => {
    const first = await login(env.app, 'ducha')
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.0.1.1',
      payload: { username: 'ducha', password: DEMO_PASSWORD },
      headers: { cookie: first.cookie },
    })
    expect(res.statusCode).toBe(200)
    const after = res.cookies.find((c) => c.name === 'duban_session')!
    expect(`duban_session=${after.value}`).not.toBe(first.cookie)
    expect(res.json().csrfToken).not.toBe(first.csrf)
    expect(after).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    // The old cookie no longer signs anyone in; the new one does.
    expect((await as(env.app, first).get('/api/auth/me')).statusCode).toBe(401)
    const me = await env.app.inject({
      url: '/api/auth/me',
      headers: { cookie: `duban_session=${after.value}` },
    })
    expect(me.statusCode).toBe(200)
  })

  it('ignores a made-up session cookie sent with the sign-in and issues a fresh one', async () => {
    const planted = 'duban_session=planted-by-someone-else'
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.0.1.2',
      payload: { username: 'yanjiushi', password: DEMO_PASSWORD },
      headers: { cookie: planted },
    })
    expect(res.statusCode).toBe(200)
    const after = res.cookies.find((c) => c.name === 'duban_session')!
    expect(after.value).not.toBe('planted-by-someone-else')
    expect(after.value.length).toBeGreaterThanOrEqual(40)
  })

  it('keeps other sessions of the same person (another browser) when one signs in again', async () => {
    const laptop = await login(env.app, 'jianweihui')
    await login(env.app, 'jianweihui')
    expect((await as(env.app, laptop).get('/api/auth/me')).statusCode).toBe(200)
  })

  it('lets someone else sign in on a browser whose session must first change its password', async () => {
    const sys = await login(env.app, 'sysadmin')
    const created = await as(env.app, sys).post('/api/users', {
      username: 'new_clerk',
      displayName: '新用户',
      unitId: (await as(env.app, sys).get('/api/auth/me')).json().user.unitId,
      password: 'Initial#2024x',
    })
    expect(created.statusCode).toBe(201)
    const clerk = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.0.1.3',
      payload: { username: 'new_clerk', password: 'Initial#2024x' },
    })
    expect(clerk.json().user.mustChangePassword).toBe(true)
    const cookie = `duban_session=${clerk.cookies.find((c) => c.name === 'duban_session')!.value}`
    const other = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.0.1.3',
      payload: { username: 'auditor', password: DEMO_PASSWORD },
      headers: { cookie },
    })
    expect(other.statusCode).toBe(200)
    expect(other.json().user.username).toBe('auditor')
    expect((await env.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
  })
})
