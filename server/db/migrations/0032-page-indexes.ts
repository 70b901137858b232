import type { Kysely } from 'kysely'

// The case library at national scale (50,000 cases): its list, newest first, sorted every
// case for each page; the statistics of a year (the leadership dashboard's, the case-issuing
// report's) read every case to keep those published or submitted in it. The key tasks of
// every year (200,000), by code or deadline, sorted them all for each page (0.4 s). A team
// member's findings, newest first, read each finding's row to sort them: with the time and
// id beside the team, a page's ids come from the index alone (a member of 292 teams: 30 ms
// to 8 ms). The campaigns' totals read every task (130 ms): their campaign and progress now
// stand in an index of their own.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('task_campaign_progress_idx')
    .on('task')
    .columns(['campaign_id', 'progress'])
    .execute()
  await db.schema
    .createIndex('finding_team_created_idx')
    .on('finding')
    .columns(['team_id', 'created_at', 'id'])
    .execute()
  await db.schema.dropIndex('finding_team_idx').execute()
  await db.schema.createIndex('task_code_id_idx').on('task').columns(['code', 'id']).execute()
  await db.schema.createIndex('task_deadline_id_idx').on('task').columns(['deadline', 'id']).execute()
  await db.schema
    .createIndex('legal_case_created_id_idx')
    .on('legal_case')
    .columns(['created_at', 'id'])
    .execute()
  // the list's own filters, each newest first, with the status its count reads
  await db.schema
    .createIndex('legal_case_kind_created_idx')
    .on('legal_case')
    .columns(['kind', 'created_at', 'id', 'status'])
    .execute()
  await db.schema
    .createIndex('legal_case_domain_created_idx')
    .on('legal_case')
    .columns(['domain', 'created_at', 'id', 'status'])
    .execute()
  await db.schema.createIndex('legal_case_published_idx').on('legal_case').column('published_at').execute()
  await db.schema.createIndex('legal_case_submitted_idx').on('legal_case').column('submitted_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('legal_case_submitted_idx').execute()
  await db.schema.dropIndex('legal_case_published_idx').execute()
  await db.schema.dropIndex('legal_case_domain_created_idx').execute()
  await db.schema.dropIndex('legal_case_kind_created_idx').execute()
  await db.schema.dropIndex('legal_case_created_id_idx').execute()
  await db.schema.dropIndex('task_deadline_id_idx').execute()
  await db.schema.dropIndex('task_code_id_idx').execute()
  await db.schema.dropIndex('task_campaign_progress_idx').execute()
  await db.schema.createIndex('finding_team_idx').on('finding').column('team_id').execute()
  await db.schema.dropIndex('finding_team_created_idx').execute()
}
