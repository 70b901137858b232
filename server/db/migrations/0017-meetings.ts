import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  // 党组会 and other meetings: what was heard, what was decided.
  await db.schema
    .createTable('meeting')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('held_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('location', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('attendees', 'text', (c) => c.notNull().defaultTo('[]'))
    // The text as it arrived and its normalized form; flags name damaged runs for a person to fix.
    .addColumn('source_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text_flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('meeting_unit_idx').on('meeting').columns(['unit_id', 'held_on']).execute()

  await db.schema
    .createTable('meeting_agenda_item')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meeting.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('presenter', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    // A generated report frozen as generated: the stored file, which report, its parameters and as-of time.
    .addColumn('report_name', 'varchar(40)')
    .addColumn('report_params', 'text')
    .addColumn('report_file_id', 'varchar(36)')
    .addColumn('report_as_of', t)
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('meeting_agenda_meeting_idx')
    .on('meeting_agenda_item')
    .columns(['meeting_id', 'seq'])
    .execute()

  await db.schema
    .createTable('meeting_directive')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meeting.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // Spans into meeting.text; a merged directive keeps every span it came from.
    .addColumn('spans', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('time_expression', 'varchar(50)')
    .addColumn('suggestions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('lead_department_id', 'varchar(36)', (c) => c.references('department.id'))
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('task_id', 'varchar(36)', (c) => c.references('task.id'))
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('meeting_directive_meeting_idx')
    .on('meeting_directive')
    .columns(['meeting_id', 'seq'])
    .execute()
  await db.schema
    .createIndex('meeting_directive_task_idx')
    .on('meeting_directive')
    .column('task_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('meeting_directive').execute()
  await db.schema.dropTable('meeting_agenda_item').execute()
  await db.schema.dropTable('meeting').execute()
}
