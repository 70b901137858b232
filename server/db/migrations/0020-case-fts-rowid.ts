import { sql, type Kysely } from 'kysely'
import { engineOf } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') return
  // FTS5 cannot look up its unindexed case_id column: re-indexing a case scanned the whole
  // index. This keyed table maps a case to its FTS row so an update deletes by rowid.
  await db.schema
    .createTable('legal_case_fts_row')
    .addColumn('case_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('fts_rowid', 'integer', (c) => c.notNull())
    .execute()
  await sql`insert into legal_case_fts_row (case_id, fts_rowid) select case_id, max(rowid) from legal_case_fts group by case_id`.execute(
    db,
  )
  // Older duplicates (if any) would never be reached again: drop them.
  await sql`delete from legal_case_fts where rowid not in (select fts_rowid from legal_case_fts_row)`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') return
  await db.schema.dropTable('legal_case_fts_row').execute()
}
