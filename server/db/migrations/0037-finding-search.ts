import { sql, type Kysely } from 'kysely'
import { engineOf, FINDING_GRAMS, indexEvery } from '../dialect'
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
  // every row's pairs, a thousand rows at a time in id order
  await indexEvery<{ id: string; title: string; description: string; personsMatters: string }>(
    db,
    FINDING_GRAMS,
    'finding',
    ['title', 'description', 'personsMatters'],
    (r) => ({
      id: r.id,
      grams: textGrams(r.title, r.description, r.personsMatters),
    }),
  )
  // statistics now, so that the planner reads the index from the first search on
  if (engineOf(db) === 'postgres') await sql`analyze finding_search`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) !== 'postgres') await sql`drop table finding_fts`.execute(db)
  await db.schema.dropTable('finding_search').execute()
}
