import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, login, type Session, type TestEnv } from '../../test/harness'
import { verifyChain } from './audit.service'

const run = promisify(execFile)
const BIN = path.resolve(import.meta.dirname, '../../../bin/duban.mjs')

let env: TestEnv
let auditor: Session
beforeAll(async () => {
  env = await createTestEnv()
  auditor = await login(env.app, 'auditor')
  const sys = await login(env.app, 'sysadmin')
  await as(env.app, sys).get('/api/audit/events') // a denial
  await as(env.app, sys).post('/api/auth/logout')
})
afterAll(() => env.close())

async function cli(...args: string[]) {
  const envVars = {
    ...process.env,
    DATA_DIR: env.dataDir,
    DATABASE_URL: env.databaseUrl ?? '',
    LOG_LEVEL: 'silent',
  }
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: envVars })
    return { code: 0, out: r.stdout + r.stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, out: err.stdout + err.stderr }
  }
}

describe('audit log', () => {
  it('records sign-ins, sign-outs, changes and denials with actor, unit, outcome and address', async () => {
    for (const action of ['auth.login', 'auth.logout', 'access.denied', 'user.create', 'role.grant']) {
      const r = await as(env.app, auditor).get(`/api/audit/events?action=${action}`)
      expect(r.statusCode).toBe(200)
      expect(r.json().total, action).toBeGreaterThan(0)
    }
    const denial = (await as(env.app, auditor).get('/api/audit/events?action=access.denied')).json().items[0]
    expect(denial).toMatchObject({ actorUsername: 'sysadmin', outcome: 'denied', ip: '127.0.0.1' })
    expect(denial.unitId).toBeTruthy()
  })

  it('searches by actor, action, outcome, text and time', async () => {
    const byActor = await as(env.app, auditor).get('/api/audit/events?actor=sysadmin&action=auth.login')
    expect(
      byActor
        .json()
        .items.every(
          (e: { actorUsername: string; action: string }) =>
            e.actorUsername === 'sysadmin' && e.action === 'auth.login',
        ),
    ).toBe(true)
    expect(byActor.json().total).toBeGreaterThan(0)
    const denied = await as(env.app, auditor).get('/api/audit/events?outcome=denied')
    expect(denied.json().items.every((e: { outcome: string }) => e.outcome === 'denied')).toBe(true)
    const text = await as(env.app, auditor).get(`/api/audit/events?q=${encodeURIComponent('bj_liaison')}`)
    expect(text.json().total).toBeGreaterThan(0)
    const future = await as(env.app, auditor).get('/api/audit/events?from=2999-01-01T00:00:00Z')
    expect(future.json().total).toBe(0)
  })

  it('exports the log as CSV and audits the export', async () => {
    const res = await as(env.app, auditor).get('/api/audit/events/export?action=auth.login')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    expect(res.body.startsWith('\ufeffseq,occurred_at')).toBe(true)
    expect(res.body).toContain('auth.login')
    const exported = await env.db
      .selectFrom('auditEvent')
      .selectAll()
      .where('action', '=', 'audit.export')
      .execute()
    expect(exported).toHaveLength(1)
  })

  it('verifies an intact chain through the API and the CLI', async () => {
    const res = await as(env.app, auditor).get('/api/audit/verify')
    expect(res.json()).toMatchObject({ ok: true, algorithm: 'sm3', firstBadSeq: null })
    const out = await cli('audit-verify')
    expect(out.code).toBe(0)
    expect(out.out).toContain('audit chain intact')
  })
})

describe('tamper detection', () => {
  async function snapshot() {
    return env.db.selectFrom('auditEvent').selectAll().orderBy('seq').execute()
  }

  it('names an edited event', async () => {
    const rows = await snapshot()
    const target = rows[5]
    await env.db
      .updateTable('auditEvent')
      .set({ actorUsername: 'someone-else' })
      .where('id', '=', target.id)
      .execute()
    expect(await verifyChain(env.db)).toMatchObject({
      ok: false,
      firstBadSeq: Number(target.seq),
      firstBadId: target.id,
      reason: 'edited',
    })
    const out = await cli('audit-verify')
    expect(out.code).toBe(1)
    expect(out.out).toContain(`seq ${target.seq}`)
    await env.db
      .updateTable('auditEvent')
      .set({ actorUsername: target.actorUsername })
      .where('id', '=', target.id)
      .execute()
    expect((await verifyChain(env.db)).ok).toBe(true)
  })

  it('names the place of a deleted event', async () => {
    const rows = await snapshot()
    const target = rows[7]
    await env.db.deleteFrom('auditEvent').where('id', '=', target.id).execute()
    const r = await verifyChain(env.db)
    expect(r).toMatchObject({ ok: false, firstBadSeq: Number(target.seq) + 1, reason: 'deleted' })
    await env.db.insertInto('auditEvent').values(target).execute()
    expect((await verifyChain(env.db)).ok).toBe(true)
  })

  it('notices reordered events', async () => {
    const rows = await snapshot()
    const [a, b] = [rows[3], rows[4]]
    // swap the two rows' contents while keeping their positions
    await env.db.transaction().execute(async (trx) => {
      await trx.updateTable('auditEvent').set({ seq: -1 }).where('id', '=', a.id).execute()
      await trx
        .updateTable('auditEvent')
        .set({ seq: Number(a.seq) })
        .where('id', '=', b.id)
        .execute()
      await trx
        .updateTable('auditEvent')
        .set({ seq: Number(b.seq) })
        .where('id', '=', a.id)
        .execute()
    })
    const r = await verifyChain(env.db)
    expect(r.ok).toBe(false)
    expect(r.firstBadSeq).toBe(Number(a.seq))
    await env.db.transaction().execute(async (trx) => {
      await trx.updateTable('auditEvent').set({ seq: -1 }).where('id', '=', a.id).execute()
      await trx
        .updateTable('auditEvent')
        .set({ seq: Number(b.seq) })
        .where('id', '=', b.id)
        .execute()
      await trx
        .updateTable('auditEvent')
        .set({ seq: Number(a.seq) })
        .where('id', '=', a.id)
        .execute()
    })
    expect((await verifyChain(env.db)).ok).toBe(true)
  })

  it('notices a removed tail', async () => {
    const rows = await snapshot()
    const last = rows[rows.length - 1]
    await env.db.deleteFrom('auditEvent').where('id', '=', last.id).execute()
    expect(await verifyChain(env.db)).toMatchObject({
      ok: false,
      reason: 'truncated',
      firstBadSeq: Number(last.seq),
    })
    await env.db.insertInto('auditEvent').values(last).execute()
    expect((await verifyChain(env.db)).ok).toBe(true)
  })
})

describe('audit writes share the transaction of their change', () => {
  it('leaves no event behind when the change rolls back, and no change without its event', async () => {
    const before = await env.db
      .selectFrom('auditEvent')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow()
    await expect(
      env.db.transaction().execute(async (trx) => {
        const { record } = await import('./audit.service')
        await record(trx, { actor: null, ip: null, auditHash: 'sm3' }, { action: 'test.rollback' })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const after = await env.db
      .selectFrom('auditEvent')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    expect((await verifyChain(env.db)).ok).toBe(true)
  })

  it('chains with SHA-256 when configured', async () => {
    const other = await createTestEnv({ auditHash: 'sha256' })
    try {
      await login(other.app, 'auditor')
      const r = await verifyChain(other.db)
      expect(r.ok).toBe(true)
      const algs = await other.db
        .selectFrom('auditEvent')
        .select('hashAlg')
        .where('action', '=', 'auth.login')
        .execute()
      expect(algs.every((a) => a.hashAlg === 'sha256')).toBe(true)
    } finally {
      await other.close()
    }
  })
})
