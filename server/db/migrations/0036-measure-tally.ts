import { sql, type Kysely } from 'kysely'

// How many measures each target has in each status, kept by the repository in the same
// transaction as every measure written (`rectification.repository.ts`). The ledger's total
// counts them from these rows instead of from the measures: the office's open ledger at
// national scale counted 87,000 index entries a page (1.0–1.25 ms, half its page's time).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('measure_tally')
    .addColumn('target_id', 'varchar(36)', (c) => c.notNull().references('target.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('measure_tally_pk', ['target_id', 'status'])
    .execute()
  await db.schema
    .createIndex('measure_tally_status_idx')
    .on('measure_tally')
    .columns(['status', 'target_id', 'n'])
    .execute()
  await sql`insert into measure_tally (target_id, status, n)
    select target_id, status, count(*) from rectification_measure group by target_id, status`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('measure_tally').execute()
}
