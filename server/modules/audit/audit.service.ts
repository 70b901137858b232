import { v7 as uuidv7 } from 'uuid'
import type { DB } from '../../db/database'
import type { Ctx } from '../access/context'
import { requirePermission, unitPathsFor } from '../access/policy'
import { ChainVerifier, eventHash, type HashAlg, type VerifyResult } from './audit-chain'
import * as repo from './audit.repository'
import type { AuditFilter } from './audit.repository'

export type AuditInput = {
  action: string
  objectType?: string | null
  objectId?: string | null
  outcome?: 'success' | 'denied' | 'failure'
  details?: Record<string, unknown>
  /** Who acted, when it is not the signed-in actor (failed sign-in names the username tried). */
  actorUsername?: string | null
  actorId?: string | null
  unitId?: string | null
}

/**
 * Events that change nothing a process keeps between writes (`keptUntilWrite`): sign-ins and
 * sign-outs (sessions have a version of their own), reads that are recorded, and refusals, each
 * recorded alone or with writes of sessions only; and a restore, after which every instance is
 * restarted, and which may record into a database from before the count (migration 0039), as
 * when an upgrade is rolled back. Every other event moves the head's count of changes on
 * (`writes` in versioned.ts), whatever it wrote; an action missing here only makes what is kept
 * be read again sooner. An action listed here must never be recorded with a change of data.
 */
const CHANGES_NOTHING_KEPT = new Set([
  'auth.login',
  'auth.logout',
  'file.download',
  'report.generate',
  'ledger.export',
  'audit.export',
  'audit.verify',
  'system.backup',
  'system.restore',
  'access.denied',
])

/** Appends one event to the chain; call inside the transaction of the change it records. */
export async function record(trx: DB, ctx: Ctx, input: AuditInput): Promise<void> {
  const { seq, prevHash } = await repo.advanceHead(trx, !CHANGES_NOTHING_KEPT.has(input.action))
  const alg: HashAlg = ctx.auditHash
  const fields = {
    seq,
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    actorId: input.actorId !== undefined ? input.actorId : (ctx.actor?.id ?? null),
    actorUsername: input.actorUsername !== undefined ? input.actorUsername : (ctx.actor?.username ?? null),
    unitId: input.unitId !== undefined ? input.unitId : (ctx.actor?.unitId ?? null),
    action: input.action,
    objectType: input.objectType ?? null,
    objectId: input.objectId ?? null,
    outcome: input.outcome ?? 'success',
    ip: ctx.ip,
    details: JSON.stringify(input.details ?? {}),
    prevHash,
  }
  await repo.insertEvent(trx, { ...fields, hash: eventHash(alg, fields), hashAlg: alg })
}

/** Records an event in a transaction of its own (denials, failed sign-ins). */
export async function recordAlone(db: DB, ctx: Ctx, input: AuditInput): Promise<void> {
  await db.transaction().execute((trx) => record(trx, ctx, input))
}

export async function search(
  db: DB,
  ctx: Ctx,
  filter: Omit<AuditFilter, 'unitPaths'>,
  page: { page: number; pageSize: number },
) {
  const actor = requirePermission(ctx, 'audit.read')
  const scope = unitPathsFor(actor, 'audit.read')
  const unitPaths = scope === 'all' ? undefined : scope
  const { items, total } = await repo.list(
    db,
    { ...filter, unitPaths },
    {
      limit: page.pageSize,
      offset: (page.page - 1) * page.pageSize,
    },
  )
  return { items: items.map(present), total, page: page.page, pageSize: page.pageSize }
}

export const EXPORT_LIMIT = 100_000

/** The filtered log as CSV (UTF-8 with BOM so Excel opens it); the export itself is audited. */
export async function exportCsv(db: DB, ctx: Ctx, filter: Omit<AuditFilter, 'unitPaths'>): Promise<string> {
  const actor = requirePermission(ctx, 'audit.read')
  const scope = unitPathsFor(actor, 'audit.read')
  const unitPaths = scope === 'all' ? undefined : scope
  const { items, total } = await repo.list(db, { ...filter, unitPaths }, { limit: EXPORT_LIMIT, offset: 0 })
  const header = [
    'seq',
    'occurred_at',
    'actor',
    'unit_id',
    'action',
    'object_type',
    'object_id',
    'outcome',
    'ip',
    'details',
    'hash',
  ]
  const cell = (v: unknown) => {
    // A leading = + - @ tab or CR would make a spreadsheet evaluate the cell: prefix a quote.
    const raw = v == null ? '' : String(v)
    const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = [header.join(',')]
  for (const e of items) {
    lines.push(
      [
        e.seq,
        e.occurredAt,
        e.actorUsername,
        e.unitId,
        e.action,
        e.objectType,
        e.objectId,
        e.outcome,
        e.ip,
        e.details,
        e.hash,
      ]
        .map(cell)
        .join(','),
    )
  }
  await recordAlone(db, ctx, {
    action: 'audit.export',
    objectType: 'audit_event',
    details: { filter, rows: items.length, total },
  })
  return '\ufeff' + lines.join('\r\n') + '\r\n'
}

/** Recomputes the whole chain; reports the first event edited, deleted or reordered. */
export async function verifyChain(db: DB): Promise<VerifyResult & { algorithm: string }> {
  const verifier = new ChainVerifier()
  const algs = new Set<string>()
  let after = 0
  for (;;) {
    const batch = await repo.batchAfter(db, after, 2000)
    if (batch.length === 0) break
    for (const e of batch) {
      algs.add(e.hashAlg)
      if (!verifier.push({ ...e, seq: Number(e.seq) })) break
    }
    if (verifier.failure) break
    after = Number(batch[batch.length - 1].seq)
  }
  const result = verifier.finish(await repo.head(db))
  return { ...result, algorithm: [...algs].join('+') || 'sm3' }
}

export async function verify(db: DB, ctx: Ctx) {
  requirePermission(ctx, 'audit.read')
  const result = await verifyChain(db)
  await recordAlone(db, ctx, { action: 'audit.verify', details: { ok: result.ok, checked: result.checked } })
  return result
}

function present(e: Awaited<ReturnType<typeof repo.list>>['items'][number]) {
  let details: unknown = {}
  try {
    details = JSON.parse(e.details)
  } catch {
    details = e.details
  }
  return {
    id: e.id,
    seq: Number(e.seq),
    occurredAt: e.occurredAt,
    actorId: e.actorId,
    actorUsername: e.actorUsername,
    unitId: e.unitId,
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    outcome: e.outcome,
    ip: e.ip,
    details,
    hash: e.hash,
  }
}
