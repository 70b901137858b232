import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  // Text as it arrived, kept beside the normalized form wherever normalization changed it or
  // found a damaged run for a person to fix; one row per object and field.
  await db.schema
    .createTable('text_original')
    .addColumn('object_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('object_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('field', 'varchar(40)', (c) => c.notNull())
    .addColumn('original', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('updated_at', timeType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('text_original_pk', ['object_type', 'object_id', 'field'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('text_original').execute()
}
