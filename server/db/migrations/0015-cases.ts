import { sql, type Kysely } from 'kysely'
import { engineOf, timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  await db.schema
    .createTable('case_batch')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('theme', 'varchar(200)', (c) => c.notNull())
    .addColumn('planned_date', 'varchar(10)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('published_at', t)
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('legal_case')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('gist', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('facts', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('procuratorial_work', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('significance', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('related_laws', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('domain', 'varchar(16)', (c) => c.notNull())
    .addColumn('source_unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.unique())
    .addColumn('batch_id', 'varchar(36)', (c) => c.references('case_batch.id'))
    .addColumn('created_by', 'varchar(36)')
    .addColumn('submitted_at', t)
    .addColumn('approved_at', t)
    .addColumn('published_at', t)
    .addColumn('withdrawn_at', t)
    .addColumn('search_tokens', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('legal_case_status_idx').on('legal_case').columns(['status', 'kind']).execute()
  await db.schema.createIndex('legal_case_batch_idx').on('legal_case').column('batch_id').execute()

  // The same jieba tokens feed SQLite FTS5 and a PostgreSQL tsvector ('simple': no stemming, no extension).
  if (engineOf(db) === 'postgres') {
    await sql`alter table legal_case add column search_vector tsvector`.execute(db)
    await sql`create index legal_case_search_idx on legal_case using gin (search_vector)`.execute(db)
  } else {
    await sql`create virtual table legal_case_fts using fts5(case_id unindexed, tokens, tokenize = 'unicode61')`.execute(
      db,
    )
  }

  await db.schema
    .createTable('case_review')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('legal_case.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'varchar(36)')
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('scores', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('snapshot', 'text')
    .addColumn('created_at', t, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('case_review_case_idx').on('case_review').column('case_id').execute()

  await db.schema
    .createTable('case_use')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('legal_case.id'))
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('matter', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('used_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)')
    .addColumn('created_at', t, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('case_use_case_idx').on('case_use').column('case_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) !== 'postgres') await sql`drop table legal_case_fts`.execute(db)
  for (const table of ['case_use', 'case_review', 'legal_case', 'case_batch'])
    await db.schema.dropTable(table).execute()
}
