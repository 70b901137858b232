import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  await db.schema
    .createTable('unit')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('short_name', 'varchar(100)')
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(36)', (c) => c.references('unit.id'))
    .addColumn('region_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('path', 'varchar(400)', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('unit_parent_idx').on('unit').column('parent_id').execute()
  await db.schema.createIndex('unit_path_idx').on('unit').column('path').execute()

  await db.schema
    .createTable('department')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addUniqueConstraint('department_unit_name_uq', ['unit_id', 'name'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('department').execute()
  await db.schema.dropTable('unit').execute()
}
