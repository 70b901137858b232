import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  // Background work is a table polled with leases: any instance may run a job, one at a time.
  await db.schema
    .createTable('job')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', t, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', t)
    .addColumn('locked_by', 'varchar(64)')
    .addColumn('last_error', 'text')
    .addColumn('dedupe_key', 'varchar(200)', (c) => c.unique())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('job_due_idx').on('job').columns(['status', 'run_at']).execute()

  await db.schema
    .createTable('notification')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('app_user.id'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'varchar(200)')
    .addColumn('dedupe_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('read_at', t)
    .addColumn('created_at', t, (c) => c.notNull())
    .addUniqueConstraint('notification_user_dedupe_uq', ['user_id', 'dedupe_key'])
    .execute()
  await db.schema
    .createIndex('notification_user_idx')
    .on('notification')
    .columns(['user_id', 'read_at'])
    .execute()

  await db.schema.alterTable('app_user').addColumn('email', 'varchar(200)').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').dropColumn('email').execute()
  await db.schema.dropTable('notification').execute()
  await db.schema.dropTable('job').execute()
}
