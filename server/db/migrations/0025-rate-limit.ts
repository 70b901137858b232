import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // Sign-in attempts per client and route, shared by every instance on the database.
  await db.schema
    .createTable('rate_limit')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit').execute()
}
