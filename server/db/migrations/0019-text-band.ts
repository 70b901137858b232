import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // LSH band keys of each text's MinHash signature (server/text/similarity.ts): texts sharing
  // a key are candidates for "says the same thing"; nothing is ever compared pairwise beyond them.
  // When the hashing changes (LSH_PARAMS.version), a migration empties this table and the
  // server re-indexes at start.
  await db.schema
    .createTable('text_band')
    .addColumn('object_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('band_key', 'varchar(24)', (c) => c.notNull())
    .addColumn('object_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('text_band_pk', ['object_type', 'band_key', 'object_id'])
    .execute()
  await db.schema
    .createIndex('text_band_object_idx')
    .on('text_band')
    .columns(['object_type', 'object_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('text_band').execute()
}
