import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  await db.schema
    .createTable('app_user')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('department_id', 'varchar(36)', (c) => c.references('department.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('password_changed_at', t, (c) => c.notNull())
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', t)
    .addColumn('totp_secret', 'varchar(64)')
    .addColumn('totp_pending_secret', 'varchar(64)')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('app_user_unit_idx').on('app_user').column('unit_id').execute()

  await db.schema
    .createTable('password_history')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('app_user.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('password_history_user_idx').on('password_history').column('user_id').execute()

  await db.schema
    .createTable('role_grant')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('app_user.id'))
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('scope_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('scope_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('scope_path', 'varchar(400)')
    .addColumn('granted_by', 'varchar(36)')
    .addColumn('created_at', t, (c) => c.notNull())
    .addUniqueConstraint('role_grant_uq', ['user_id', 'role', 'scope_type', 'scope_id'])
    .execute()
  await db.schema.createIndex('role_grant_user_idx').on('role_grant').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('role_grant').execute()
  await db.schema.dropTable('password_history').execute()
  await db.schema.dropTable('app_user').execute()
}
