import { sql } from 'kysely'
import type { DB } from '../../db/database'
import { containsText, startsWith } from '../../db/dialect'
import type { AuditEventTable } from '../../db/schema'

export type AuditFilter = {
  q?: string
  action?: string
  actor?: string
  outcome?: 'success' | 'denied' | 'failure'
  from?: string
  to?: string
  /** Unit paths whose events may be read; undefined means every unit. */
  unitPaths?: string[]
}

/** The chain's next sequence and the hash it continues; `changes` counts the event as one that may change data. */
export async function advanceHead(trx: DB, changes: boolean): Promise<{ seq: number; prevHash: string }> {
  const row = await trx
    .updateTable('auditHead')
    .set(changes ? { seq: sql`seq + 1`, changes: sql`changes + 1` } : { seq: sql`seq + 1` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow()
  return { seq: Number(row.seq), prevHash: row.hash }
}

export async function insertEvent(trx: DB, row: AuditEventTable): Promise<void> {
  await trx.insertInto('auditEvent').values(row).execute()
  await trx.updateTable('auditHead').set({ hash: row.hash }).where('id', '=', 1).execute()
}

function filtered(db: DB, f: AuditFilter) {
  let q = db.selectFrom('auditEvent')
  if (f.action) q = q.where('action', '=', f.action)
  if (f.actor) q = q.where('actorUsername', '=', f.actor)
  if (f.outcome) q = q.where('outcome', '=', f.outcome)
  if (f.from) q = q.where('occurredAt', '>=', new Date(f.from).toISOString())
  if (f.to) q = q.where('occurredAt', '<=', new Date(f.to).toISOString())
  if (f.q) {
    const text = f.q
    q = q.where((eb) =>
      eb.or([
        containsText(db, eb.ref('action'), text),
        containsText(db, eb.ref('details'), text),
        containsText(db, eb.ref('objectId'), text),
        containsText(db, eb.ref('actorUsername'), text),
      ]),
    )
  }
  if (f.unitPaths) {
    const paths = f.unitPaths
    q = q.where((eb) =>
      eb(
        'unitId',
        'in',
        eb
          .selectFrom('unit')
          .select('unit.id')
          .where((e2) => e2.or(paths.map((p) => startsWith(e2.ref('unit.path'), p)))),
      ),
    )
  }
  return q
}

export async function list(db: DB, f: AuditFilter, page: { limit: number; offset: number }) {
  const base = filtered(db, f)
  const [items, count] = await Promise.all([
    base.selectAll().orderBy('seq', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}

export async function batchAfter(db: DB, afterSeq: number, size: number) {
  return db
    .selectFrom('auditEvent')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(size)
    .execute()
}

export async function head(db: DB) {
  const row = await db
    .selectFrom('auditHead')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()
  return { seq: Number(row.seq), hash: row.hash }
}
