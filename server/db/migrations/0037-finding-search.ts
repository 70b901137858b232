import { sql, type Kysely } from 'kysely'
import { engineOf, FINDING_GRAMS, indexGrams } from '../dialect'
import { textGrams } from '../grams'

// The findings' texts as character pairs in an inverted index (`grams.ts`), so that the findings
// list's text search reads the findings holding the query's pairs instead of every finding: at
// national scale (250,000 findings) a search read the whole table twice, for the page and for
// the total (0.3–0.9 s on SQLite).
// Each migration runs in a transaction on both engines (dialect.ts), so a stop halfway through
// the filling leaves nothing behind.
export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await db.schema
      .createTable('finding_search')
      .addColumn('finding_id', 'varchar(36)', (c) => c.primaryKey().references('finding.id'))
      .addColumn('grams', sql`text[]`, (c) => c.notNull())
      .execute()
    await sql`create index finding_search_grams_idx on finding_search using gin (grams)`.execute(db)
  } else {
    // Its integer key is the FTS5 row (stable: an INTEGER PRIMARY KEY keeps its values through VACUUM).
    await db.schema
      .createTable('finding_search')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('finding_id', 'varchar(36)', (c) => c.notNull().unique().references('finding.id'))
      .execute()
    await sql`create virtual table finding_fts using fts5(grams, content = '', contentless_delete = 1)`.execute(
      db,
    )
  }
  await fill(db)
  // statistics now, so that the planner reads the index from the first search on
  if (engineOf(db) === 'postgres') await sql`analyze finding_search`.execute(db)
}

/** Every finding's pairs, a thousand findings at a time in id order. */
async function fill(db: Kysely<any>) {
  let after = ''
  for (;;) {
    const rows = await db
      .selectFrom('finding')
      .select(['id', 'title', 'description', 'personsMatters'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute()
    if (rows.length === 0) break
    await indexGrams(
      db,
      FINDING_GRAMS,
      rows.map((r) => ({ id: r.id, grams: textGrams(r.title, r.description, r.personsMatters) })),
    )
    after = rows[rows.length - 1].id
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) !== 'postgres') await sql`drop table finding_fts`.execute(db)
  await db.schema.dropTable('finding_search').execute()
}
