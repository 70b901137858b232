// A database migrated by a newer build must not be run (nor migrated) by an older one.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KNOWN_MIGRATIONS, SchemaTooNewError, migrate, unknownMigrations } from '../db/database'
import { createTestEnv, type TestEnv } from './harness'
import { runCli, startServerProcess } from './process'

let env: TestEnv
const FUTURE = '9999-from-a-newer-build'

beforeAll(async () => {
  env = await createTestEnv({}, { seed: false })
})
afterAll(() => env.close())

describe('schema version check', () => {
  it('knows every migration a current database records', async () => {
    expect(await unknownMigrations(env.db)).toEqual([])
    expect(await migrate(env.db)).toEqual([])
    expect(KNOWN_MIGRATIONS.length).toBeGreaterThan(0)
  })

  it('refuses a database that records a migration this build does not know', async () => {
    await sql`insert into kysely_migration (name, timestamp) values (${FUTURE}, ${new Date().toISOString()})`.execute(
      env.db.withoutPlugins(),
    )
    expect(await unknownMigrations(env.db)).toEqual([FUTURE])
    const err = await migrate(env.db).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SchemaTooNewError)
    expect((err as Error).message).toMatch(/newer Duban build.*9999-from-a-newer-build/)
  })

  const cliEnv = () => ({
    DATA_DIR: env.dataDir,
    ...(env.databaseUrl && { DATABASE_URL: env.databaseUrl }),
  })

  it('`duban migrate` says so and exits non-zero', async () => {
    const r = await runCli(['migrate'], cliEnv())
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/newer Duban build/)
    expect(r.stderr).toMatch(/schema_too_new/)
  })

  it('`duban serve` refuses to start', async () => {
    const server = await startServerProcess({ ...cliEnv(), JOBS: 'off' }, { timeoutMs: 60_000 })
    const code = await server.exited
    expect(code).toBe(1)
    expect(server.log()).toMatch(/newer Duban build/)
  })
})
