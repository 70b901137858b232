import type { Kysely } from 'kysely'

/** Gap-free numbers (检例第N号, document numbers) come from rows here, updated under a row lock. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('counter')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('counter').execute()
}
