import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  await db.schema
    .createTable('session')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('app_user.id'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('last_seen_at', t, (c) => c.notNull())
    .addColumn('expires_at', t, (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(400)')
    .execute()
  await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('session').execute()
}
