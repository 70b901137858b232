import { sql, type Kysely } from 'kysely'

// A measure's evidence count as a column of the measure, raised in the transaction that stores
// a file on one of its progress posts (files are never deleted). Every ledger page counted each
// listed measure's files through its progress posts: at scale 1 that was 40 % of the open
// items page's SQL. The backfill counts them once.
//
// The ledger's pages sort by deadline and then id; with id in the index the page is read in
// order from it and stops after its rows, instead of sorting each run of equal deadlines.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rectification_measure')
    .addColumn('evidence_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`
    update rectification_measure
    set evidence_count = (
      select count(*) from stored_file sf
      inner join measure_progress p on p.id = sf.owner_id
      where sf.owner_type = 'progress' and p.measure_id = rectification_measure.id
    )
    where id in (
      select p.measure_id from measure_progress p
      inner join stored_file sf on sf.owner_type = 'progress' and sf.owner_id = p.id
    )
  `.execute(db)
  await db.schema
    .createIndex('measure_target_status_deadline_id_idx')
    .on('rectification_measure')
    .columns(['target_id', 'status', 'deadline', 'id'])
    .execute()
  await db.schema.dropIndex('measure_target_status_deadline_idx').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('measure_target_status_deadline_idx')
    .on('rectification_measure')
    .columns(['target_id', 'status', 'deadline'])
    .execute()
  await db.schema.dropIndex('measure_target_status_deadline_id_idx').execute()
  await db.schema.alterTable('rectification_measure').dropColumn('evidence_count').execute()
}
