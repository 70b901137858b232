import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // A target's open measures by deadline (its board, the ledger filtered to one target): the
  // page is a range of this index in order instead of a walk of every open measure by
  // deadline until 25 of the target's turn up. It serves (target_id, status) lookups as the
  // index it replaces did.
  await db.schema
    .createIndex('measure_target_status_deadline_idx')
    .on('rectification_measure')
    .columns(['target_id', 'status', 'deadline'])
    .execute()
  await db.schema.dropIndex('measure_target_idx').execute()
  // A unit's measures (the ledger of an inspected unit's liaison or leader), counted from the
  // index instead of from every open measure's finding.
  await db.schema
    .createIndex('measure_unit_status_idx')
    .on('rectification_measure')
    .columns(['unit_id', 'status'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('measure_unit_status_idx').execute()
  await db.schema
    .createIndex('measure_target_idx')
    .on('rectification_measure')
    .columns(['target_id', 'status'])
    .execute()
  await db.schema.dropIndex('measure_target_status_deadline_idx').execute()
}
