import { sql, type Kysely } from 'kysely'
import { engineOf, indexEvery, MEASURE_GRAMS } from '../dialect'
import { textGrams } from '../grams'

// The measures' contents as character pairs in an inverted index (`grams.ts`, as 0037 did for the
// findings), so that the rectification ledger's text search reads the measures holding the
// query's pairs instead of every measure: at national scale (600,000 measures) the office's
// search read them all twice, for the page and the total (3.5 s on SQLite).
// Each migration runs in a transaction on both engines (dialect.ts), so a stop halfway through
// the filling leaves nothing behind.
export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await db.schema
      .createTable('measure_search')
      .addColumn('measure_id', 'varchar(36)', (c) =>
        c.primaryKey().references('rectification_measure.id').onDelete('cascade'),
      )
      .addColumn('grams', sql`text[]`, (c) => c.notNull())
      .execute()
    await sql`create index measure_search_grams_idx on measure_search using gin (grams)`.execute(db)
  } else {
    // Its integer key is the FTS5 row (stable: an INTEGER PRIMARY KEY keeps its values through VACUUM).
    await db.schema
      .createTable('measure_search')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('measure_id', 'varchar(36)', (c) =>
        c.notNull().unique().references('rectification_measure.id').onDelete('cascade'),
      )
      .execute()
    await sql`create virtual table measure_fts using fts5(grams, content = '', contentless_delete = 1)`.execute(
      db,
    )
  }
  // every row's pairs, a thousand rows at a time in id order
  await indexEvery<{ id: string; content: string }>(
    db,
    MEASURE_GRAMS,
    'rectification_measure',
    ['content'],
    (r) => ({
      id: r.id,
      grams: textGrams(r.content),
    }),
  )
  // statistics now, so that the planner reads the index from the first search on
  if (engineOf(db) === 'postgres') await sql`analyze measure_search`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) !== 'postgres') await sql`drop table measure_fts`.execute(db)
  await db.schema.dropTable('measure_search').execute()
}
