import type { Kysely } from 'kysely'

// The case library searched by title counts the cases whose title contains the words. A
// case's row carries its whole text, so that count read 50,000 such rows (230 ms at national
// scale); the titles, with the status and unit that decide who reads a case, now stand in an
// index the count reads alone.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('legal_case_title_idx')
    .on('legal_case')
    .columns(['title', 'status', 'source_unit_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('legal_case_title_idx').execute()
}
