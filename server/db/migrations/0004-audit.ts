import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('occurred_at', t, (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('actor_username', 'varchar(64)')
    .addColumn('unit_id', 'varchar(36)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('object_type', 'varchar(32)')
    .addColumn('object_id', 'varchar(64)')
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash_alg', 'varchar(16)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_event_time_idx').on('audit_event').column('occurred_at').execute()
  await db.schema.createIndex('audit_event_actor_idx').on('audit_event').column('actor_username').execute()

  // One row holding the chain's head: updating it serializes writers and detects a cut tail.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute()
  await db
    .insertInto('audit_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_head').execute()
  await db.schema.dropTable('audit_event').execute()
}
