import { sql, type Kysely } from 'kysely'

// The audit chain's head also counts the events that may change what a process keeps between
// writes (`keptUntilWrite` in versioned.ts): every event but those that change nothing kept
// (`CHANGES_NOTHING_KEPT` in audit.service.ts: sign-ins, downloads, refusals, restores…).
// It starts where the chain's sequence, the version before it, stood: it never goes back.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_head')
    .addColumn('changes', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()
  await db
    .updateTable('audit_head')
    .set({ changes: sql`seq` })
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_head').dropColumn('changes').execute()
}
