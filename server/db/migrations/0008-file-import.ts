import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  // Content lives under DATA_DIR/files by SHA-256; a row per upload, never overwritten.
  await db.schema
    .createTable('stored_file')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('owner_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('owner_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('sm3', 'varchar(64)', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(36)')
    .addColumn('created_at', t, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('stored_file_owner_idx')
    .on('stored_file')
    .columns(['owner_type', 'owner_id'])
    .execute()

  await db.schema
    .createTable('import_job')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('context_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('file_path', 'varchar(400)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('row_count', 'integer')
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sample', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('committed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'text')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_job').execute()
  await db.schema.dropTable('stored_file').execute()
}
