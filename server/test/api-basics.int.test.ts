import { buildApp } from '../app'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, count, createTestEnv, login, unitId, type Session, type TestEnv } from './harness'

let env: TestEnv
let sys: Session
beforeAll(async () => {
  env = await createTestEnv()
  sys = await login(env.app, 'sysadmin')
})
afterAll(() => env.close())

function send(body: string, url = '/api/users', method: 'POST' | 'PATCH' = 'POST') {
  return env.app.inject({
    method,
    url,
    payload: body,
    headers: { cookie: sys.cookie, 'x-csrf-token': sys.csrf, 'content-type': 'application/json' },
  })
}

describe('bad input gets 400 with a stable code and writes nothing', () => {
  it('covers malformed JSON, wrong types, unknown fields, overlong strings and oversized bodies', async () => {
    const supreme = await unitId(env.db, '000000')
    const users = await count(env.db, 'appUser')
    const events = await count(env.db, 'auditEvent')
    const good = { username: 'valid_name', displayName: '合法', unitId: supreme, password: 'Strong#Pass2024' }

    const malformed = await send('{"username": "x",')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.code).toBe('invalid_json')

    const wrongType = await send(JSON.stringify({ ...good, displayName: 42 }))
    expect(wrongType.statusCode).toBe(400)
    expect(wrongType.json().error.code).toBe('validation_failed')
    expect(JSON.stringify(wrongType.json().error.details)).toContain('displayName')

    const unknown = await send(JSON.stringify({ ...good, isAdmin: true }))
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('validation_failed')

    const overlong = await send(JSON.stringify({ ...good, displayName: '长'.repeat(101) }))
    expect(overlong.statusCode).toBe(400)
    expect(overlong.json().error.code).toBe('validation_failed')

    const huge = await send(JSON.stringify({ ...good, displayName: 'x'.repeat(2_000_000) }))
    expect(huge.statusCode).toBe(400)
    expect(huge.json().error.code).toBe('body_too_large')

    const badId = await as(env.app, sys).get('/api/users/not-a-uuid')
    expect(badId.statusCode).toBe(400)
    const badQuery = await as(env.app, sys).get('/api/users?pageSize=100000')
    expect(badQuery.json().error.code).toBe('validation_failed')
    const unknownQuery = await as(env.app, sys).get('/api/users?drop=1')
    expect(unknownQuery.json().error.code).toBe('validation_failed')

    expect(await count(env.db, 'appUser')).toBe(users)
    expect(await count(env.db, 'auditEvent')).toBe(events)
  })

  it('answers unknown API routes and unknown records with the envelope', async () => {
    const route = await as(env.app, sys).get('/api/nothing-here')
    expect(route.statusCode).toBe(404)
    expect(route.json().error.code).toBe('route_not_found')
    const missing = await as(env.app, sys).get('/api/users/01900000-0000-7000-8000-000000000000')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('user_not_found')
  })
})

describe('operations endpoints', () => {
  it('answers health, readiness and metrics', async () => {
    expect((await env.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await env.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' })
    const metrics = await env.app.inject({ url: '/metrics' })
    expect(metrics.body).toContain('duban_http_request_duration_seconds')
    expect(metrics.body).toContain('process_cpu_user_seconds_total')
  })

  it('keeps metrics behind a bearer token when one is configured', async () => {
    const token = 'monitoring-token-0123456789'
    const guarded = await buildApp({ ...env.config, metricsToken: token }, env.db, { logger: false })
    try {
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789', token, `Bearer ${token}x`]) {
        const res = await guarded.inject({ url: '/metrics', headers: authorization ? { authorization } : {} })
        expect(res.statusCode, String(authorization)).toBe(401)
        expect(res.json().error.code).toBe('unauthenticated')
      }
      const ok = await guarded.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } })
      expect(ok.statusCode).toBe(200)
      expect(ok.body).toContain('duban_http_request_duration_seconds')
    } finally {
      await guarded.close()
    }
  })

  it('publishes an OpenAPI 3 document with the stable paths, and its browsable docs', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json()
    expect(doc.openapi).toMatch(/^3\./)
    for (const p of [
      '/api/auth/login',
      '/api/auth/logout',
      '/api/auth/me',
      '/api/units',
      '/api/departments',
      '/api/users',
      '/api/users/{id}/roles',
      '/api/audit/events',
      '/api/audit/verify',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p)
    }
    const docs = await env.app.inject({ url: '/api/docs/' })
    expect(docs.statusCode).toBe(200)
    expect(docs.body).toContain('swagger')
  })

  it('sends security headers', async () => {
    const res = await env.app.inject({ url: '/healthz' })
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })
})

describe('text normalization', () => {
  it('normalizes pasted text for a signed-in person, and refuses anyone else', async () => {
    const res = await as(env.app, sys).post('/api/text/normalize', { text: '系統(tǒng)內(nèi)巡視??傮w來看' })
    expect(res.json()).toMatchObject({
      normalized: '系統內巡視??傮w來看',
      simplified: '系统内巡视??傮w来看',
      changes: { pinyinRemoved: 2 },
    })
    expect(res.json().flags[0]).toMatchObject({ kind: 'damaged', text: '??傮w' })
    expect(
      (await env.app.inject({ method: 'POST', url: '/api/text/normalize', payload: { text: 'x' } }))
        .statusCode,
    ).toBe(401)
  })
})

describe('meeting directives', () => {
  it('proposes the meeting’s directives with the departments that likely own them', async () => {
    const fs = await import('node:fs')
    const path = await import('node:path')
    const text = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'meeting-2024-07-09.txt'), 'utf8')
    const office = await login(env.app, 'ducha')
    const res = (await as(env.app, office).post('/api/text/directives', { text })).json()
    expect(res.directives).toHaveLength(15)
    const inspection = res.directives.find((d: { text: string }) => d.text.includes('巡視辦要會同'))
    expect(inspection.suggestions[0].departmentName).toBe('巡视工作领导小组办公室')
    const cases = res.directives.find((d: { text: string }) => d.text.includes('案例的學習運用'))
    expect(cases.suggestions.map((s: { departmentName: string }) => s.departmentName)).toContain(
      '法律政策研究室',
    )
    expect(res.flags.length).toBe(4)
  })
})
