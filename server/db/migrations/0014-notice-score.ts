import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  // 督办单: numbered 督办〔年〕N号 in one gap-free sequence a year.
  await db.schema
    .createTable('supervision_notice')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull().references('task.id'))
    .addColumn('department_id', 'varchar(36)', (c) => c.notNull().references('department.id'))
    .addColumn('quarter', 'integer')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)')
    .addColumn('issued_by', 'varchar(36)')
    .addColumn('issued_at', t, (c) => c.notNull())
    .addUniqueConstraint('supervision_notice_number_uq', ['year', 'seq'])
    .execute()

  await db.schema
    .createTable('task_score')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull().unique().references('task.id'))
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scored_by', 'varchar(36)')
    .addColumn('scored_at', t, (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('task_score').execute()
  await db.schema.dropTable('supervision_notice').execute()
}
