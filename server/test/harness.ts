// Real-database test tier: each test file gets a database of its own, SQLite by default,
// PostgreSQL when TEST_DATABASE_URL is set.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { CompiledQuery, type LogEvent } from 'kysely'
import { buildApp } from '../app'
import { loadConfig, type Config } from '../config'
import { migrate, openDatabase, type DB } from '../db/database'
import { systemCtx } from '../modules/access/context'
import { DEMO_PASSWORD, seedDemo } from '../seed/demo'

export const engine = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'

export type TestEnv = {
  app: FastifyInstance
  db: DB
  config: Config
  databaseUrl: string | undefined
  dataDir: string
  close(): Promise<void>
}

async function createPgDatabase(baseUrl: string) {
  const name = `duban_t_${crypto.randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

/** A migrated database with the demo organization, and the app over it. */
export async function createTestEnv(
  overrides: Partial<Config> = {},
  opts: { seed?: boolean } = {},
): Promise<TestEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-test-'))
  const pgDb = process.env.TEST_DATABASE_URL ? await createPgDatabase(process.env.TEST_DATABASE_URL) : null
  const config = loadConfig(
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      LOGIN_RATE_LIMIT: '10000',
      JOBS: 'off',
      // every answer also written zod's way, and compared (plugins/serializer.ts)
      CHECK_RESPONSES: '1',
      ...(pgDb && { DATABASE_URL: pgDb.url }),
    },
    overrides,
  )
  const db = openDatabase(config)
  await migrate(db)
  if (opts.seed !== false) await seedDemo(db, systemCtx(config.auditHash))
  const app = await buildApp(config, db, { logger: false })
  await app.ready()
  return {
    app,
    db,
    config,
    dataDir,
    databaseUrl: pgDb?.url,
    async close() {
      await app.close()
      await db.destroy()
      await pgDb?.drop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Another instance over the test database, as a second server would be: its own handle and app. */
export type Instance = { db: DB; app: FastifyInstance; close(): Promise<void> }
export async function otherInstance(env: TestEnv, log?: (e: LogEvent) => void): Promise<Instance> {
  const db = openDatabase({ ...env.config, log })
  const app = await buildApp(env.config, db, { logger: false })
  await app.ready()
  return {
    db,
    app,
    async close() {
      await app.close()
      await db.destroy()
    },
  }
}

export type Session = { cookie: string; csrf: string; userId: string }

export async function login(
  app: FastifyInstance,
  username: string,
  password = DEMO_PASSWORD,
): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'duban_session')
  return { cookie: `duban_session=${cookie!.value}`, csrf: res.json().csrfToken, userId: res.json().user.id }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'

/** Requests as a signed-in person, with the CSRF header unless `csrf: false`. */
export function as(app: FastifyInstance, s: Session | null) {
  const call = (
    method: Method,
    url: string,
    payload?: unknown,
    opts: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      ...(payload !== undefined && { payload: payload as object }),
      headers: {
        ...(s && { cookie: s.cookie }),
        ...(s && opts.csrf !== false && { 'x-csrf-token': s.csrf }),
      },
    })
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown, opts?: { csrf?: boolean }) => call('POST', url, body ?? {}, opts),
    patch: (url: string, body: unknown, opts?: { csrf?: boolean }) => call('PATCH', url, body, opts),
    put: (url: string, body: unknown, opts?: { csrf?: boolean }) => call('PUT', url, body, opts),
    del: (url: string, opts?: { csrf?: boolean }) => call('DELETE', url, undefined, opts),
  }
}

export async function unitId(db: DB, code: string) {
  const u = await db.selectFrom('unit').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  return u.id
}

export async function userIdOf(db: DB, username: string) {
  const u = await db
    .selectFrom('appUser')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow()
  return u.id
}

export async function count(
  db: DB,
  table: 'appUser' | 'auditEvent' | 'unit' | 'department' | 'roleGrant' | 'session',
) {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export { DEMO_PASSWORD }

/** A multipart/form-data body: plain fields first, then one file. */
export function multipart(
  fields: Record<string, string>,
  file?: { name: string; content: Buffer; type?: string },
) {
  const boundary = `----duban${Date.now().toString(16)}`
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

/** Sends a multipart request as a signed-in person. */
export function upload(
  app: FastifyInstance,
  s: Session,
  url: string,
  fields: Record<string, string>,
  file?: { name: string; content: Buffer; type?: string },
) {
  const body = multipart(fields, file)
  return app.inject({
    method: 'POST',
    url,
    payload: body.payload,
    headers: { ...body.headers, cookie: s.cookie, 'x-csrf-token': s.csrf },
  })
}

/** A line of SQLite's EXPLAIN QUERY PLAN. */
export type PlanRow = { id: number; parent: number; detail: string }
export type Logged = {
  app: FastifyInstance
  seen: CompiledQuery[]
  /** SQLite's plan for a query. */
  plan: (q: CompiledQuery) => Promise<PlanRow[]>
}

/**
 * Runs `check` against an app on a second connection to the test database that keeps every
 * query whose SQL `keep` accepts (not the plans asked for).
 */
export async function withLoggedApp(
  env: TestEnv,
  keep: (sql: string) => boolean,
  check: (l: Logged) => Promise<void>,
) {
  const seen: CompiledQuery[] = []
  const { db, app, close } = await otherInstance(env, (e) => {
    if (e.level === 'query' && !e.query.sql.startsWith('explain') && keep(e.query.sql)) seen.push(e.query)
  })
  const plan = async (q: CompiledQuery) =>
    (await db.executeQuery<PlanRow>(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]))).rows
  try {
    await check({ app, seen, plan })
  } finally {
    await close()
  }
}
