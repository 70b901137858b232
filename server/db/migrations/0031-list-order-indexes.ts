import type { Kysely } from 'kysely'

// The lists people open first, unfiltered, in their default order: at national scale (200,000
// findings, 600,000 measures, 780,000 quarterly reports) each page was a sort of every row:
// the findings list by creation 0.5 s, the ledger by deadline 1 s on SQLite. With an index in
// the list's order (its tie-break on id now runs the same way), a page reads its own rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('finding_created_id_idx').on('finding').columns(['created_at', 'id']).execute()
  await db.schema
    .createIndex('measure_deadline_id_idx')
    .on('rectification_measure')
    .columns(['deadline', 'id'])
    .execute()
  // the ledger's usual filter, open (or done) measures by deadline, ties by id without a sort
  await db.schema.dropIndex('measure_deadline_idx').execute()
  await db.schema
    .createIndex('measure_status_deadline_id_idx')
    .on('rectification_measure')
    .columns(['status', 'deadline', 'id'])
    .execute()
  // a department's measures (they had no index: the ledger's count scanned all of them)
  await db.schema
    .createIndex('measure_department_deadline_idx')
    .on('rectification_measure')
    .columns(['department_id', 'deadline', 'id'])
    .execute()
  await db.schema
    .createIndex('quarterly_report_quarter_task_idx')
    .on('quarterly_report')
    .columns(['quarter', 'task_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('quarterly_report_quarter_task_idx').execute()
  await db.schema.dropIndex('measure_department_deadline_idx').execute()
  await db.schema.dropIndex('measure_status_deadline_id_idx').execute()
  await db.schema
    .createIndex('measure_deadline_idx')
    .on('rectification_measure')
    .columns(['status', 'deadline'])
    .execute()
  await db.schema.dropIndex('measure_deadline_id_idx').execute()
  await db.schema.dropIndex('finding_created_id_idx').execute()
}
