// The only file that branches on the database engine.
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import {
  CamelCasePlugin,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  CompiledQuery,
  type DatabaseConnection,
  type SqliteDialectConfig,
  sql,
  type Expression,
  type RawBuilder,
  type SqlBool,
} from 'kysely'

export type Engine = 'sqlite' | 'postgres'

// timestamptz comes back as an ISO string, like SQLite's text times; bigint counts as numbers.
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString())
pg.types.setTypeParser(20, (v) => Number(v))

/**
 * SQLite transactions begin IMMEDIATE: a writer takes the write lock up front and others
 * wait (busy_timeout) instead of failing when two processes upgrade read locks at once.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings)
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.settings)
  }
}

export function createKysely<DB>(opts: { databaseUrl?: string; dataDir: string }): Kysely<DB> {
  const plugins = [new CamelCasePlugin()]
  if (opts.databaseUrl && /^postgres(ql)?:/.test(opts.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 })
    // An idle connection the server closes (restart, failover) must not crash the process;
    // the pool replaces it on the next checkout.
    pool.on('error', (err) => console.error(`database connection lost: ${err.message}`))
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins })
  }
  const file = opts.databaseUrl?.startsWith('sqlite:')
    ? opts.databaseUrl.slice('sqlite:'.length)
    : path.join(opts.dataDir, 'duban.sqlite')
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const database = new SQLite(file)
  database.pragma('journal_mode = WAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  database.pragma('synchronous = NORMAL')
  return new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database }), plugins })
}

export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** Column type for a point in time: timestamptz on PostgreSQL, ISO-8601 text on SQLite. */
export function timeType(db: Kysely<any>) {
  return engineOf(db) === 'postgres' ? 'timestamptz' : 'text'
}

/** Case-insensitive substring match. */
export function containsText(db: Kysely<any>, column: Expression<any>, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`
  return engineOf(db) === 'postgres'
    ? sql<SqlBool>`${column} ilike ${pattern} escape '\\'`
    : sql<SqlBool>`${column} like ${pattern} escape '\\'`
}

/** Prefix match for materialized unit paths (subtree filtering). */
export function startsWith(column: Expression<any>, prefix: string): RawBuilder<SqlBool> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => '\\' + c)}%`
  return sql<SqlBool>`${column} like ${pattern} escape '\\'`
}

/** `for update skip locked` on PostgreSQL, so instances claim different jobs; SQLite has one writer. */
export function skipLocked<Q extends { forUpdate(): Q; skipLocked(): Q }>(db: Kysely<any>, q: Q): Q {
  return engineOf(db) === 'postgres' ? q.forUpdate().skipLocked() : q
}

/** `for update` where the engine has row locks; SQLite serializes writers already. */
export function forUpdate<Q extends { forUpdate(): Q }>(db: Kysely<any>, q: Q): Q {
  return engineOf(db) === 'postgres' ? q.forUpdate() : q
}

/**
 * A handle for writes that should be seen while a long transaction runs (progress of an
 * import): another pooled connection on PostgreSQL; on SQLite, whose one connection the
 * transaction holds, the transaction itself.
 */
export function outsideTransaction<T extends Kysely<any>>(db: T, trx: T): T {
  return engineOf(db) === 'postgres' ? db : trx
}

/** Stores a case's search tokens in the engine's full-text index (FTS5 or tsvector). */
export async function indexCaseTokens(db: Kysely<any>, caseId: string, tokens: string) {
  if (engineOf(db) === 'postgres') {
    await sql`update legal_case set search_vector = to_tsvector('simple', ${tokens}) where id = ${caseId}`.execute(
      db,
    )
  } else {
    // Delete by rowid through the keyed map (FTS5 cannot look up an unindexed column).
    const prev = await sql<{
      ftsRowid: number
    }>`select fts_rowid from legal_case_fts_row where case_id = ${caseId}`.execute(db)
    if (prev.rows.length)
      await sql`delete from legal_case_fts where rowid = ${prev.rows[0].ftsRowid}`.execute(db)
    // (RETURNING does not report an FTS5 rowid; last_insert_rowid() does, on this connection —
    // callers run inside a transaction, which holds it.)
    await sql`insert into legal_case_fts (case_id, tokens) values (${caseId}, ${tokens})`.execute(db)
    await sql`insert into legal_case_fts_row (case_id, fts_rowid) values (${caseId}, last_insert_rowid())
      on conflict (case_id) do update set fts_rowid = excluded.fts_rowid`.execute(db)
  }
}

/** Case ids matching all (or any) of the words, best first, with a score where higher is better. */
export async function searchCaseTokens(
  db: Kysely<any>,
  words: string[],
  limit: number,
  mode: 'all' | 'any' = 'any',
): Promise<{ caseId: string; score: number }[]> {
  const clean = [...new Set(words.map((w) => w.replace(/["'\\\s:*^()|&!<>]/g, '')).filter(Boolean))].slice(
    0,
    32,
  )
  if (clean.length === 0) return []
  if (engineOf(db) === 'postgres') {
    const query = clean.join(mode === 'all' ? ' & ' : ' | ')
    const r = await sql<{ caseId: string; score: number }>`
      select id as case_id, ts_rank(search_vector, q) as score
      from legal_case, to_tsquery('simple', ${query}) q
      where search_vector @@ q order by score desc, id limit ${limit}`.execute(db)
    return r.rows.map((x) => ({ caseId: x.caseId, score: Number(x.score) }))
  }
  const query = clean.map((w) => `"${w}"`).join(mode === 'all' ? ' AND ' : ' OR ')
  const r = await sql<{ caseId: string; score: number }>`
    select case_id, -bm25(legal_case_fts) as score from legal_case_fts
    where legal_case_fts match ${query} order by score desc, case_id limit ${limit}`.execute(db)
  return r.rows.map((x) => ({ caseId: x.caseId, score: Number(x.score) }))
}

/** A write refused because another row has the same unique key (either engine). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string })?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** A delete or write refused because a foreign key still points at (or to nothing for) the row. */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: string })?.code
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
}

/** A value longer than its column (PostgreSQL enforces varchar(n); SQLite does not). */
export function isValueTooLong(err: unknown): boolean {
  return (err as { code?: string })?.code === '22001'
}
