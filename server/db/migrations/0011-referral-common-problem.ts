import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  await db.schema
    .createTable('referral')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('finding_id', 'varchar(36)', (c) => c.notNull().references('finding.id'))
    .addColumn('body_kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('body_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('referred_by', 'varchar(36)')
    .addColumn('referred_at', 'varchar(10)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(10)')
    .addColumn('receipt_note', 'text')
    .addColumn('outcome', 'text')
    .addColumn('concluded_at', 'varchar(10)')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('referral_finding_idx').on('referral').column('finding_id').execute()

  await db.schema
    .createTable('common_problem')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organizer_unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('department_id', 'varchar(36)', (c) => c.references('department.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('common_problem_finding')
    .addColumn('common_problem_id', 'varchar(36)', (c) => c.notNull().references('common_problem.id'))
    .addColumn('finding_id', 'varchar(36)', (c) => c.notNull().references('finding.id'))
    .addPrimaryKeyConstraint('common_problem_finding_pk', ['common_problem_id', 'finding_id'])
    .execute()
  await db.schema
    .createTable('common_problem_action')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('common_problem_id', 'varchar(36)', (c) => c.notNull().references('common_problem.id'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('posted_by', 'varchar(36)')
    .addColumn('created_at', t, (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('self_inspection')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('common_problem_id', 'varchar(36)', (c) => c.notNull().references('common_problem.id'))
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('report', 'text')
    .addColumn('reported_by', 'varchar(36)')
    .addColumn('reported_at', t)
    .addColumn('created_at', t, (c) => c.notNull())
    .addUniqueConstraint('self_inspection_uq', ['common_problem_id', 'unit_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'self_inspection',
    'common_problem_action',
    'common_problem_finding',
    'common_problem',
    'referral',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
