import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app'
import { createTestEnv, type TestEnv } from '../test/harness'
import { databaseRateLimitStore } from './rate-limit-store'

describe('rate limits shared through the database', () => {
  let env: TestEnv
  let second: FastifyInstance
  beforeAll(async () => {
    env = await createTestEnv({ loginRateLimit: 3 })
    // a second instance of Duban on the same database, as behind a load balancer
    second = await buildApp(env.config, env.db, { logger: false })
    await second.ready()
  })
  afterAll(async () => {
    await second?.close()
    await env?.close()
  })

  const attempt = (app: FastifyInstance) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'xunshiban', password: 'wrong password' },
    })

  it('counts sign-in attempts across instances: the limit holds for the pair, not for each', async () => {
    expect((await attempt(env.app)).statusCode).toBe(401)
    expect((await attempt(second)).statusCode).toBe(401)
    expect((await attempt(env.app)).statusCode).toBe(401)
    const over = await attempt(second)
    expect(over.statusCode).toBe(429)
    expect(over.json().error.code).toBe('rate_limited')
    expect((await attempt(env.app)).statusCode).toBe(429)
  })

  it('starts a new window once the last has passed, per client and route', async () => {
    const Store = databaseRateLimitStore(env.db)
    const store = new Store().child({ routeInfo: { method: 'POST', url: '/x' } })
    const other = new Store().child({ routeInfo: { method: 'POST', url: '/y' } })
    const incr = (s: typeof store, key: string, window: number) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) =>
        s.incr(key, (err, r) => (err ? reject(err) : resolve(r)), window),
      )
    expect((await incr(store, '10.0.0.1', 200)).current).toBe(1)
    const second = await incr(store, '10.0.0.1', 200)
    expect(second.current).toBe(2)
    expect(second.ttl).toBeGreaterThan(0)
    expect(second.ttl).toBeLessThanOrEqual(200)
    expect((await incr(store, '10.0.0.2', 200)).current).toBe(1)
    expect((await incr(other, '10.0.0.1', 200)).current).toBe(1)
    await new Promise((r) => setTimeout(r, 250))
    expect((await incr(store, '10.0.0.1', 200)).current).toBe(1)
  })
})
