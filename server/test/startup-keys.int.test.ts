// `duban serve` gives similarity keys to texts that have none (a database from before the index,
// or rows written by hand) after it has started listening, not before: at national scale finding
// them reads the whole key index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../db/database'
import { createTestEnv, type TestEnv } from './harness'
import { startServerProcess } from './process'

let env: TestEnv
beforeAll(async () => {
  env = await createTestEnv()
})
afterAll(() => env.close())

async function keyed(db: DB, objectType: string) {
  const r = await db
    .selectFrom('textBand')
    .select((eb) => eb.fn.count<number>(eb.fn('distinct', ['objectId'])).as('n'))
    .where('objectType', '=', objectType)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

async function until(check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 200))
  }
  return false
}

describe.each([1, 2])('similarity keys at start, %i server process(es)', (workers) => {
  it('are given after the server listens, to every finding and case without them', async () => {
    const findings = await keyed(env.db, 'finding')
    const cases = await keyed(env.db, 'case')
    expect(findings).toBeGreaterThan(5)
    expect(cases).toBeGreaterThan(0)
    await env.db.deleteFrom('textBand').where('objectType', 'in', ['finding', 'case']).execute()
    expect(await keyed(env.db, 'finding')).toBe(0)

    const server = await startServerProcess({
      DATA_DIR: env.dataDir,
      ...(env.databaseUrl && { DATABASE_URL: env.databaseUrl }),
      JOBS: 'off',
      WORKERS: String(workers),
    })
    try {
      expect(server.child.exitCode).toBeNull()
      const done = await until(
        async () => (await keyed(env.db, 'finding')) === findings && (await keyed(env.db, 'case')) === cases,
        30_000,
      )
      expect(done, server.log()).toBe(true)
      expect(await until(async () => /indexed \d+ findings and cases/.test(server.log()), 10_000)).toBe(true)
      const log = server.log()
      expect(log).toContain(`indexed ${findings + cases} findings and cases for similarity`)
      // the server said it was serving before the keys were given
      expect(log.indexOf('Duban is serving')).toBeGreaterThanOrEqual(0)
      expect(log.indexOf('Duban is serving')).toBeLessThan(log.indexOf('indexed '))
    } finally {
      await server.kill()
    }
  }, 120_000)
})
