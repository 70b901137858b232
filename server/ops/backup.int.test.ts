import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import * as tar from 'tar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../app'
import { loadConfig } from '../config'
import { openDatabase, type DB } from '../db/database'
import { verifyChain } from '../modules/audit/audit.service'
import { as, createTestEnv, engine, login, upload, type TestEnv } from '../test/harness'
import { runCli } from '../test/process'
import { OpsError, backup, restore } from './backup'

type Json = Record<string, any>
const KEY_TABLES = [
  'unit',
  'department',
  'appUser',
  'roleGrant',
  'round',
  'target',
  'finding',
  'rectificationPlan',
  'task',
  'meeting',
  'meetingDirective',
  'legalCase',
  'storedFile',
] as const

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n'),
  crypto.randomBytes(4000),
  Buffer.from('\n%%EOF\n'),
])

async function counts(db: DB) {
  const out: Record<string, number> = {}
  for (const t of KEY_TABLES) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    out[t] = Number(r.n)
  }
  return out
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-backup-'))
const configFor = (dataDir: string) =>
  loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: 'off', LOGIN_RATE_LIMIT: '10000' })

describe.skipIf(engine !== 'sqlite')('backup and restore (SQLite)', () => {
  let env: TestEnv
  let fileId: string
  const archive = path.join(tmp, 'duban.tar.gz')
  const restoredDir = path.join(tmp, 'restored')

  beforeAll(async () => {
    env = await createTestEnv()
    const member = await login(env.app, 'xs_zuyuan5')
    const drafts = (await as(env.app, member).get('/api/findings?status=draft')).json().items as Json[]
    const res = await upload(
      env.app,
      member,
      `/api/files?ownerType=finding&ownerId=${drafts[0].id}`,
      {},
      { name: '谈话记录.pdf', content: PDF },
    )
    expect(res.statusCode).toBe(201)
    fileId = res.json().id
  })
  afterAll(async () => {
    await env.close()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('writes one archive while the server is running, and restores it into a new data folder', async () => {
    const manifest = await backup(env.config, archive)
    expect(manifest.files.count).toBe(1)
    const before = await counts(env.db)
    expect(manifest.counts.stored_file).toBe(before.storedFile)

    const report = await restore(configFor(restoredDir), archive)
    expect(report.audit.ok).toBe(true)
    expect(report.files).toEqual({ checked: 1, missing: [] })

    const db = openDatabase(configFor(restoredDir))
    try {
      expect(await counts(db)).toEqual(before)
      const chain = await verifyChain(db)
      expect(chain.ok).toBe(true)
      // The source's events, its backup event, and the restore event.
      const actions = (await db.selectFrom('auditEvent').select('action').orderBy('seq').execute()).map(
        (e) => e.action,
      )
      expect(actions.slice(-2)).toEqual(['system.backup', 'system.restore'])
      expect(chain.checked).toBe(manifest.counts.audit_event + 1)

      // The restored server hands back the same bytes.
      const app = await buildApp(configFor(restoredDir), db, { logger: false })
      try {
        const member = await login(app, 'xs_zuyuan5')
        const dl = await as(app, member).get(`/api/files/${fileId}/download`)
        expect(dl.statusCode).toBe(200)
        expect(Buffer.compare(dl.rawPayload, PDF)).toBe(0)
      } finally {
        await app.close()
      }
    } finally {
      await db.destroy()
    }

    const verified = await runCli(['audit-verify'], { DATA_DIR: restoredDir })
    expect(verified.stdout).toMatch(/audit chain intact/)
    expect(verified.code).toBe(0)
  })

  it('refuses to restore over a data folder that is not empty, unless forced', async () => {
    await expect(restore(configFor(restoredDir), archive)).rejects.toMatchObject({
      code: 'data_dir_not_empty',
    })
    const cli = await runCli(['restore', archive], { DATA_DIR: restoredDir })
    expect(cli.code).toBe(2)
    expect(cli.stderr).toMatch(/data_dir_not_empty/)
    const forced = await runCli(['restore', archive, '--force'], { DATA_DIR: restoredDir })
    expect(forced.stdout).toMatch(/audit chain intact/)
    expect(forced.code).toBe(0)
  })

  it('reports a restored audit chain that was edited, with a non-zero exit', async () => {
    // A copy whose history was altered after the fact, then backed up.
    const altered = path.join(tmp, 'altered')
    await restore(configFor(altered), archive)
    const sqlite = new SQLite(path.join(altered, 'duban.sqlite'))
    sqlite.prepare(`update audit_event set details = '{"edited":true}' where seq = 5`).run()
    sqlite.close()
    const alteredArchive = path.join(tmp, 'altered.tar')
    await backup(configFor(altered), alteredArchive)
    const cli = await runCli(['restore', alteredArchive], { DATA_DIR: path.join(tmp, 'altered-restored') })
    expect(cli.code).toBe(1)
    expect(cli.stderr).toMatch(/audit chain BROKEN at event seq 5/)
  })

  it('restores a backup taken before the last migration as it was, for the build before to serve', async () => {
    // A database as the build before this one left it: no count of changes on the chain's head.
    const older = path.join(tmp, 'older')
    await restore(configFor(older), archive)
    const sqlite = new SQLite(path.join(older, 'duban.sqlite'))
    sqlite.exec(`alter table audit_head drop column changes`)
    sqlite.prepare(`delete from kysely_migration where name = '0039-audit-changes'`).run()
    sqlite.close()
    const olderArchive = path.join(tmp, 'older.tar')
    await backup(configFor(older), olderArchive)
    const report = await restore(configFor(path.join(tmp, 'older-restored')), olderArchive)
    expect(report.audit.ok).toBe(true)
    const restored = new SQLite(path.join(tmp, 'older-restored', 'duban.sqlite'))
    try {
      const names = restored.prepare('select name from kysely_migration').pluck().all()
      expect(names).not.toContain('0039-audit-changes')
      const last = restored.prepare('select action from audit_event order by seq desc limit 1').pluck().get()
      expect(last).toBe('system.restore')
    } finally {
      restored.close()
    }
  })

  it('refuses an archive that holds anything but a backup', async () => {
    const odd = path.join(tmp, 'odd')
    fs.mkdirSync(odd)
    fs.writeFileSync(path.join(odd, 'duban-backup.json'), '{}')
    fs.writeFileSync(path.join(odd, 'run-me.sh'), 'echo hi')
    const oddArchive = path.join(tmp, 'odd.tar')
    await tar.create({ file: oddArchive, cwd: odd }, ['duban-backup.json', 'run-me.sh'])
    const target = path.join(tmp, 'odd-restored')
    const err = await restore(configFor(target), oddArchive).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OpsError)
    expect(err).toMatchObject({ code: 'archive_unexpected_entries' })
    expect(fs.existsSync(path.join(target, 'duban.sqlite'))).toBe(false)
  })
})

describe.skipIf(engine !== 'postgres')('backup and restore (PostgreSQL, pg_dump)', () => {
  let env: TestEnv
  let fileId: string
  let restoredUrl: string
  const archive = path.join(tmp, 'duban-pg.tar')
  const restoredDir = path.join(tmp, 'restored-pg')
  const admin = () => new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })

  beforeAll(async () => {
    env = await createTestEnv()
    const member = await login(env.app, 'xs_zuyuan5')
    const drafts = (await as(env.app, member).get('/api/findings?status=draft')).json().items as Json[]
    const res = await upload(
      env.app,
      member,
      `/api/files?ownerType=finding&ownerId=${drafts[0].id}`,
      {},
      { name: '谈话记录.pdf', content: PDF },
    )
    expect(res.statusCode).toBe(201)
    fileId = res.json().id
    const name = `duban_t_restore_${crypto.randomBytes(4).toString('hex')}`
    const c = admin()
    await c.connect()
    await c.query(`create database ${name}`)
    await c.end()
    const url = new URL(process.env.TEST_DATABASE_URL!)
    url.pathname = `/${name}`
    restoredUrl = url.toString()
  })
  afterAll(async () => {
    await env.close()
    const c = admin()
    await c.connect()
    await c.query(`drop database if exists ${new URL(restoredUrl).pathname.slice(1)} with (force)`)
    await c.end()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  const restoredConfig = () =>
    loadConfig({ DATA_DIR: restoredDir, DATABASE_URL: restoredUrl, LOG_LEVEL: 'silent', JOBS: 'off' })

  it('dumps with pg_dump and restores into an empty database and data folder', async () => {
    const manifest = await backup(env.config, archive)
    expect(manifest).toMatchObject({ engine: 'postgres', files: { count: 1 } })
    const before = await counts(env.db)
    expect(manifest.counts.stored_file).toBe(before.storedFile)

    const report = await restore(restoredConfig(), archive)
    expect(report.audit.ok).toBe(true)
    expect(report.files).toEqual({ checked: 1, missing: [] })
    const db = openDatabase(restoredConfig())
    try {
      expect(await counts(db)).toEqual(before)
      expect((await verifyChain(db)).ok).toBe(true)
      const app = await buildApp(restoredConfig(), db, { logger: false })
      try {
        const member = await login(app, 'xs_zuyuan5')
        const dl = await as(app, member).get(`/api/files/${fileId}/download`)
        expect(Buffer.compare(dl.rawPayload, PDF)).toBe(0)
      } finally {
        await app.close()
      }
    } finally {
      await db.destroy()
    }
  })

  it('refuses a database that is not empty, and a backup of the other engine', async () => {
    const cli = await runCli(['restore', archive], {
      DATA_DIR: path.join(tmp, 'elsewhere'),
      DATABASE_URL: restoredUrl,
    })
    expect(cli.code).toBe(2)
    expect(cli.stderr).toMatch(/database_not_empty/)
    const verified = await runCli(['audit-verify'], { DATA_DIR: restoredDir, DATABASE_URL: restoredUrl })
    expect(verified.code).toBe(0)
    const sqliteArchive = path.join(tmp, 'sqlite-kind.tar')
    fs.mkdirSync(path.join(tmp, 'sq'), { recursive: true })
    fs.writeFileSync(
      path.join(tmp, 'sq', 'duban-backup.json'),
      JSON.stringify({ format: 'duban-backup', version: 1, engine: 'sqlite', migrations: [], counts: {} }),
    )
    fs.writeFileSync(path.join(tmp, 'sq', 'duban.sqlite'), '')
    await tar.create({ file: sqliteArchive, cwd: path.join(tmp, 'sq') }, [
      'duban-backup.json',
      'duban.sqlite',
    ])
    await expect(restore(restoredConfig(), sqliteArchive, { force: true })).rejects.toMatchObject({
      code: 'engine_mismatch',
    })
  })
})
