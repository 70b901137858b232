import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  await db.schema
    .createTable('rectification_plan')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('target_id', 'varchar(36)', (c) => c.notNull().unique().references('target.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('submitted_by', 'varchar(36)')
    .addColumn('submitted_at', t)
    .addColumn('reviewed_by', 'varchar(36)')
    .addColumn('reviewed_at', t)
    .addColumn('return_reason', 'text')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('rectification_measure')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('rectification_plan.id'))
    .addColumn('finding_id', 'varchar(36)', (c) => c.notNull().references('finding.id'))
    .addColumn('target_id', 'varchar(36)', (c) => c.notNull().references('target.id'))
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('responsible_leader', 'varchar(100)', (c) => c.notNull())
    .addColumn('department_id', 'varchar(36)', (c) => c.references('department.id'))
    .addColumn('deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done_at', t)
    .addColumn('done_by', 'varchar(36)')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('measure_finding_idx')
    .on('rectification_measure')
    .column('finding_id')
    .execute()
  await db.schema
    .createIndex('measure_target_idx')
    .on('rectification_measure')
    .columns(['target_id', 'status'])
    .execute()
  await db.schema
    .createIndex('measure_deadline_idx')
    .on('rectification_measure')
    .columns(['status', 'deadline'])
    .execute()

  await db.schema
    .createTable('measure_progress')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('measure_id', 'varchar(36)', (c) => c.notNull().references('rectification_measure.id'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('marks_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('posted_by', 'varchar(36)')
    .addColumn('created_at', t, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('measure_progress_measure_idx')
    .on('measure_progress')
    .column('measure_id')
    .execute()

  await db.schema
    .createTable('extension_request')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('measure_id', 'varchar(36)', (c) => c.notNull().references('rectification_measure.id'))
    .addColumn('current_deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('requested_deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(36)')
    .addColumn('decided_by', 'varchar(36)')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('decided_at', t)
    .execute()
  await db.schema.createIndex('extension_measure_idx').on('extension_request').column('measure_id').execute()

  await db.schema
    .createTable('calendar_day')
    .addColumn('date', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()

  await db.schema.alterTable('finding').addColumn('recurrence_of_id', 'varchar(36)').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('finding').dropColumn('recurrence_of_id').execute()
  for (const table of [
    'calendar_day',
    'extension_request',
    'measure_progress',
    'rectification_measure',
    'rectification_plan',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
