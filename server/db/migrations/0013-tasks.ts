import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  await db.schema
    .createTable('campaign')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('start_date', 'varchar(10)')
    .addColumn('end_date', 'varchar(10)')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('task')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('code', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('leader_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('lead_department_id', 'varchar(36)', (c) => c.notNull().references('department.id'))
    .addColumn('campaign_id', 'varchar(36)', (c) => c.references('campaign.id'))
    .addColumn('deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('milestones', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addUniqueConstraint('task_year_code_uq', ['year', 'code'])
    .execute()
  await db.schema.createIndex('task_lead_idx').on('task').columns(['lead_department_id', 'year']).execute()

  await db.schema
    .createTable('task_cooperator')
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull().references('task.id'))
    .addColumn('department_id', 'varchar(36)', (c) => c.notNull().references('department.id'))
    .addPrimaryKeyConstraint('task_cooperator_pk', ['task_id', 'department_id'])
    .execute()
  await db.schema
    .createIndex('task_cooperator_dept_idx')
    .on('task_cooperator')
    .column('department_id')
    .execute()

  await db.schema
    .createTable('subtask')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull().references('task.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('owner_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('quarterly_input')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull().references('task.id'))
    .addColumn('quarter', 'integer', (c) => c.notNull())
    .addColumn('department_id', 'varchar(36)', (c) => c.notNull().references('department.id'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'varchar(36)')
    .addColumn('updated_at', t, (c) => c.notNull())
    .addUniqueConstraint('quarterly_input_uq', ['task_id', 'quarter', 'department_id'])
    .execute()

  await db.schema
    .createTable('quarterly_report')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('task_id', 'varchar(36)', (c) => c.notNull().references('task.id'))
    .addColumn('quarter', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_steps', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('support_needed', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('return_reason', 'text')
    .addColumn('submitted_by', 'varchar(36)')
    .addColumn('submitted_at', t)
    .addColumn('reviewed_by', 'varchar(36)')
    .addColumn('reviewed_at', t)
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addUniqueConstraint('quarterly_report_uq', ['task_id', 'quarter'])
    .execute()

  await db.schema
    .createTable('quarterly_report_history')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('report_id', 'varchar(36)', (c) => c.notNull().references('quarterly_report.id'))
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('reason', 'text')
    .addColumn('snapshot', 'text')
    .addColumn('created_at', t, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('quarterly_report_history_idx')
    .on('quarterly_report_history')
    .column('report_id')
    .execute()

  await db.schema
    .createTable('setting')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'setting',
    'quarterly_report_history',
    'quarterly_report',
    'quarterly_input',
    'subtask',
    'task_cooperator',
    'task',
    'campaign',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
