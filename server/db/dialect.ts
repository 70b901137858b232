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
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteDialect,
  SqliteQueryCompiler,
  SqliteDriver,
  CompiledQuery,
  type DatabaseConnection,
  type SqliteDialectConfig,
  sql,
  type Expression,
  type RawBuilder,
  type SqlBool,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type PostgresDialectConfig,
  type PostgresPool,
  type PostgresPoolClient,
  type RootOperationNode,
  type UnknownRow,
  type LogEvent,
} from 'kysely'
import type { LegalCaseTable } from './schema'
import { keep } from '../bounded'

export type Engine = 'sqlite' | 'postgres'

// timestamptz comes back as an ISO string, like SQLite's text times; bigint counts as numbers.
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString())
pg.types.setTypeParser(20, (v) => Number(v))

/**
 * Names are camelCase in TypeScript and snake_case in the database, as with Kysely's
 * CamelCasePlugin, but identifiers are converted while the compiler writes them instead of
 * by copying every query's tree first: the copy cost as much as compiling. Rows come back
 * with their keys converted, nested plain objects (PostgreSQL's json) included, as before.
 */
type RowBuilder = (row: UnknownRow, nested: (v: object) => unknown) => UnknownRow
class CamelCase extends CamelCasePlugin {
  override transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }
  snake(name: string) {
    return this.snakeCase(name)
  }
  camel(name: string) {
    return this.camelCase(name)
  }
  // The rows of one result share their columns, so each set of columns gets a function that
  // builds its camelCase row as one object literal: 15 times faster than adding each key in
  // turn, which made V8 reshape the object at every key. The column names are the query's
  // own, quoted as JSON string literals.
  readonly #shapes = new Map<string, RowBuilder>()
  override async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const rows = args.result.rows
    if (!Array.isArray(rows) || rows.length === 0) return args.result
    const keys = Object.keys(rows[0])
    if (keys.includes('__proto__')) return { ...args.result, rows: rows.map((r) => this.mapRow(r)) }
    const signature = keys.join('\0')
    let build = this.#shapes.get(signature)
    if (!build) {
      const fields = keys.map(
        (k) =>
          `${JSON.stringify(this.camelCase(k))}: (v = row[${JSON.stringify(k)}], v !== null && typeof v === 'object' ? nested(v) : v)`,
      )
      build = new Function('row', 'nested', `let v; return {${fields.join(',')}}`) as RowBuilder
      keep(this.#shapes, 2000, signature, build)
    }
    const nested = this.#nested
    const mapped: UnknownRow[] = new Array(rows.length)
    for (let i = 0; i < rows.length; i++) mapped[i] = build(rows[i], nested)
    return { ...args.result, rows: mapped }
  }
  readonly #nested = (value: object) => this.nested(value)
  private nested(value: object): unknown {
    if (Array.isArray(value)) return value.map((it) => (isPlainObject(it) ? this.mapRow(it) : it))
    return isPlainObject(value) ? this.mapRow(value) : value
  }
  protected override mapRow(row: UnknownRow): UnknownRow {
    const out: UnknownRow = {}
    for (const key in row) {
      const value = row[key]
      out[this.camelCase(key)] = value !== null && typeof value === 'object' ? this.nested(value) : value
    }
    return out
  }
}
function isPlainObject(v: unknown): v is UnknownRow {
  if (v === null || typeof v !== 'object' || Object.prototype.toString.call(v) !== '[object Object]')
    return false
  const proto = Object.getPrototypeOf(v)
  return proto === null || proto === Object.prototype
}
const camelCase = new CamelCase()
class SnakeSqliteCompiler extends SqliteQueryCompiler {
  protected override sanitizeIdentifier(identifier: string) {
    return super.sanitizeIdentifier(camelCase.snake(identifier))
  }
}
class SnakePostgresCompiler extends PostgresQueryCompiler {
  protected override sanitizeIdentifier(identifier: string) {
    return super.sanitizeIdentifier(camelCase.snake(identifier))
  }
}
class SnakePostgresDialect extends PostgresDialect {
  override createQueryCompiler() {
    return new SnakePostgresCompiler()
  }
}

/**
 * SQLite transactions begin IMMEDIATE: a writer takes the write lock up front and others
 * wait (busy_timeout) instead of failing when two processes upgrade read locks at once.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  /**
   * Whether a query, a streamed read or a transaction has the connection. Set once the holder
   * has it and cleared before it is given back, so it is true whenever a transaction is open
   * or a statement is iterating.
   */
  taken = false
  override async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
  override async acquireConnection() {
    const connection = await super.acquireConnection()
    this.taken = true
    return connection
  }
  override async releaseConnection() {
    this.taken = false
    await super.releaseConnection()
  }
}
/**
 * SQLite changes its schema inside transactions, so the migrator may run pending migrations
 * in one (Kysely assumes it cannot): a process killed halfway through a migration then leaves
 * the schema as it was, not half changed and unrecorded, which no later start could migrate.
 * The transaction begins IMMEDIATE, so a second process waits for the first one's migrations.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl() {
    return true
  }
}
class ImmediateSqliteDialect extends SqliteDialect {
  readonly driver: ImmediateSqliteDriver
  constructor(settings: SqliteDialectConfig) {
    super(settings)
    this.driver = new ImmediateSqliteDriver(settings)
  }
  override createDriver() {
    return this.driver
  }
  override createQueryCompiler() {
    return new SnakeSqliteCompiler()
  }
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter()
  }
}

type ArrayRowBuilder = (row: unknown[]) => UnknownRow

/**
 * A statement as Kysely's SQLite driver uses it (reader, all, run, iterate), whose rows come back
 * with camelCase keys. better-sqlite3 builds a row object by looking up each column's name in
 * V8's string table, for every row: for a page of 25 measures of 27 columns that was 100 µs of
 * the query's 250. The statement returns arrays instead, and one function per statement, made
 * from its columns, builds each row as one object literal (as CamelCase above does for
 * PostgreSQL's rows). The bare route of bench/load.ts reads its rows the same way.
 */
export class SqliteStatement {
  readonly reader: boolean
  #build: ArrayRowBuilder | null = null
  #width = 0
  constructor(readonly statement: SQLite.Statement) {
    this.reader = statement.reader
    if (this.reader) {
      statement.raw(true)
      this.#shape()
    }
  }
  // SQLite prepares a statement again after a schema change, and `select *` may then return
  // other columns: rows of another width make the builder anew (and the cache below drops its
  // statements at any DDL it runs).
  #shape() {
    const columns = this.statement.columns()
    const fields = columns.map((c, i) => {
      const key = JSON.stringify(camelCase.camel(c.name))
      // a computed key only for __proto__, which in a literal would set the prototype
      return `${c.name === '__proto__' ? `[${key}]` : key}: row[${i}]`
    })
    this.#build = new Function('row', `return {${fields.join(',')}}`) as ArrayRowBuilder
    this.#width = columns.length
  }
  get busy() {
    return this.statement.busy
  }
  all(parameters: readonly unknown[]): UnknownRow[] {
    const rows = this.statement.all(parameters) as unknown[][]
    if (rows.length > 0 && rows[0].length !== this.#width) this.#shape()
    const build = this.#build!
    const out: UnknownRow[] = new Array(rows.length)
    for (let i = 0; i < rows.length; i++) out[i] = build(rows[i])
    return out
  }
  run(parameters: readonly unknown[]) {
    return this.statement.run(parameters)
  }
  *iterate(parameters: readonly unknown[]): IterableIterator<UnknownRow> {
    for (const row of this.statement.iterate(parameters) as IterableIterator<unknown[]>) {
      if (row.length !== this.#width) this.#shape()
      yield this.#build!(row)
    }
  }
}

/**
 * The database as Kysely's driver sees it, with prepared statements kept by their SQL: the
 * driver prepares every query it runs, and preparing cost as much as running a keyed read.
 * A statement still iterating (a streamed read) is not handed out twice.
 */
const DDL = /^\s*(create|alter|drop)\s/i
function withStatementCache(database: SQLite.Database, size = 500): SQLite.Database {
  const cache = new Map<string, SqliteStatement>()
  const prepare = (source: string) => {
    if (DDL.test(source)) cache.clear()
    const hit = cache.get(source)
    if (hit && !hit.busy) {
      cache.delete(source)
      cache.set(source, hit)
      return hit
    }
    const stmt = new SqliteStatement(database.prepare(source))
    if (hit) return stmt
    cache.set(source, stmt)
    if (cache.size > size) cache.delete(cache.keys().next().value!)
    return stmt
  }
  return new Proxy(database, {
    get(target, key) {
      if (key === 'prepare') return prepare
      const value = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/**
 * Set on every PostgreSQL connection. PostgreSQL plans each statement anew, and with the default
 * join_collapse_limit of 8 it weighs every order of a list page's eight joined tables: 9–13 ms
 * of planning for 2 ms of work on the findings list. The lists are written from the table that
 * drives them, then the lookups for names; 6 keeps the planner's choice among the first six,
 * where it matters, and plans that page in 4 ms.
 *
 * Named statements (`keepPrepared`) are then planned once for all values. Left to choose,
 * PostgreSQL kept planning some on every run: it weighs a plan for all values against the
 * average of those for each, and for a target with 20 times the average number of measures a
 * page of 25 looked cheaper planned for its own values (0.25 ms to run either way, 2.5 ms to
 * plan). Unnamed statements are still planned per run. An engine without a setting ignores it.
 */
export const PG_SESSION_SETTINGS = ['set join_collapse_limit = 6', 'set plan_cache_mode = force_generic_plan']

/** What every PostgreSQL pool needs (the bare route of bench/load.ts's too). */
export function configurePgPool(pool: pg.Pool): void {
  // An idle connection the server closes (restart, failover) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', (err) => console.error(`database connection lost: ${err.message}`))
}

/**
 * Applies the session settings to a new PostgreSQL connection, awaited before its first query
 * (the pool's own 'connect' event is not awaited, and a query sent beside another on one
 * connection is what pg 9 will refuse). They are set by a statement, not as start-up options,
 * so a pooler such as PgBouncer passes them and an engine without them ignores them.
 */
export async function configurePgConnection(query: (statement: string) => Promise<unknown>): Promise<void> {
  // one statement each: a setting the engine refuses must not undo the others
  for (const statement of PG_SESSION_SETTINGS) await query(statement).catch(() => {})
}

/** At most this many texts get a name; the ones after them run unnamed. */
const MAX_NAMED = 500
const statementNames = new Map<string, string>()

/**
 * Marks a query text that Duban runs again and again with other values (`prepared` and
 * `shaped` queries): PostgreSQL then keeps it prepared on each connection that runs it, as a
 * named statement, instead of parsing and planning it anew on every request. Planning was
 * most of a list page's time there (see PG_SESSION_SETTINGS), and each such statement gets
 * one plan for all values (plan_cache_mode there); list pages write their size into the text
 * (`pageOf`) so that plan knows how many rows are wanted.
 * Texts are few and fixed by the code, so the names stay few; SQLite keeps its statements
 * prepared already (withStatementCache).
 */
export function keepPrepared(db: Kysely<any>, text: string): void {
  if (engineOf(db) !== 'postgres' || statementNames.has(text) || statementNames.size >= MAX_NAMED) return
  statementNames.set(text, `duban_${statementNames.size + 1}`)
}

/** The name `keepPrepared` gave a text, if any. */
export function statementName(text: string): string | undefined {
  return statementNames.get(text)
}

/**
 * The pool as Kysely sees it: each client runs the texts given to `keepPrepared` as named
 * statements (pg prepares a name once per connection, then only binds and executes it).
 * One wrapper per client, since Kysely keeps its connection state per client object.
 */
function namingPool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>()
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((text: unknown, values?: unknown[]): unknown => {
      if (typeof text !== 'string') return client.query(text as never)
      const name = statementNames.get(text)
      return name ? client.query({ name, text, values }) : client.query(text, values)
    }) as PostgresPoolClient['query'],
    release: (destroy) => client.release(destroy),
  })
  return {
    async connect() {
      const client = await pool.connect()
      let wrapper = wrappers.get(client)
      if (!wrapper) wrappers.set(client, (wrapper = wrap(client)))
      return wrapper
    },
    end: () => pool.end(),
  }
}

/** The settings of every SQLite connection Duban opens (the bare route of bench/load.ts too). */
export function configureSqlite(database: SQLite.Database): void {
  database.pragma('journal_mode = WAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  database.pragma('synchronous = NORMAL')
  // Reads come from the page cache through the memory map instead of a read() per page, and
  // a 64 MiB cache keeps the hot indexes resident (the default is 2 MiB).
  database.pragma('mmap_size = 1073741824')
  database.pragma('cache_size = -65536')
  // LIKE tells case apart, as PostgreSQL's does (containsText lowers both sides itself), and
  // as a prefix match (startsWith, a range in binary order) does.
  database.pragma('case_sensitive_like = ON')
}

/** PostgreSQL connections a server process keeps open at most, unless DATABASE_POOL_SIZE says. */
export const PG_POOL_SIZE = 10

export function createKysely<DB>(opts: {
  databaseUrl?: string
  dataDir: string
  /** PostgreSQL: connections kept open at most (`PG_POOL_SIZE` when not given). */
  databasePoolSize?: number
  /** Sees every query run (benchmarks capture the SQL a service runs). */
  log?: (event: LogEvent) => void
}): Kysely<DB> {
  if (opts.databaseUrl && /^postgres(ql)?:/.test(opts.databaseUrl)) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.databasePoolSize ?? PG_POOL_SIZE,
    })
    configurePgPool(pool)
    return new Kysely<DB>({
      dialect: new SnakePostgresDialect({
        pool: namingPool(pool),
        onCreateConnection: (connection) =>
          configurePgConnection((statement) => connection.executeQuery(CompiledQuery.raw(statement))),
      } satisfies PostgresDialectConfig),
      plugins: [camelCase],
      log: opts.log,
    })
  }
  const file = opts.databaseUrl?.startsWith('sqlite:')
    ? opts.databaseUrl.slice('sqlite:'.length)
    : path.join(opts.dataDir, 'duban.sqlite')
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const database = new SQLite(file)
  configureSqlite(database)
  const cached = withStatementCache(database)
  const dialect = new ImmediateSqliteDialect({ database: cached })
  const db = new Kysely<DB>({
    // (rows come back camelCase from the statements themselves: SqliteStatement)
    dialect,
    log: opts.log,
  })
  // (a log sees every query, so with one every query goes through Kysely)
  if (!opts.log)
    directReads.set(db, { prepare: (text) => cached.prepare(text) as never, driver: dialect.driver })
  return db
}

/**
 * SQLite databases whose reads may skip Kysely's executor. better-sqlite3 answers at once, but
 * the executor takes the one connection through a mutex and hands it back over several awaits:
 * for a keyed read that was as much time as the read. Kept for the database itself, never a
 * transaction (its reads go through it, on its connection).
 */
const directReads = new WeakMap<
  Kysely<any>,
  { prepare: (text: string) => SqliteStatement; driver: ImmediateSqliteDriver }
>()

/**
 * The rows of a compiled read run at once on SQLite's connection, or null where it must go
 * through Kysely: PostgreSQL, a transaction, a write, a database with a query log, or while
 * the connection is taken (a transaction is open on it or a statement is still iterating,
 * and another statement would see that transaction's writes or be refused). Nothing else runs
 * between the check and the read, which is synchronous.
 */
export function readAtOnce(
  db: Kysely<any>,
  text: string,
  parameters: readonly unknown[],
): UnknownRow[] | null {
  const direct = directReads.get(db)
  if (!direct || direct.driver.taken) return null
  const statement = direct.prepare(text)
  return statement.reader ? statement.all(parameters) : null
}

/**
 * Whether the engine answers a read in the calling thread (SQLite, through better-sqlite3): a
 * long chain of reads then holds the server's one thread, and no other request is answered
 * until it ends, unless it is read in parts with turns of the event loop between (`oneByOne`
 * in server/turns.ts). PostgreSQL answers over its connections meanwhile.
 */
export function readsInThread(db: Kysely<any>): boolean {
  return engineOf(db) === 'sqlite'
}

export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/**
 * Whether text columns must be declared `collate "C"` to compare in binary order: true on
 * PostgreSQL, whose columns follow the database's locale; false on SQLite, which compares
 * bytes, and on CockroachDB, which compares strings bytewise already (and cannot compare a
 * collated column with a plain value).
 */
export async function needsBinaryCollation(db: Kysely<any>): Promise<boolean> {
  if (engineOf(db) !== 'postgres') return false
  const { rows } = await sql<{ version: string }>`select version() as version`.execute(db)
  return !/cockroach/i.test(rows[0]?.version ?? '')
}

/** Column type for a point in time: timestamptz on PostgreSQL, ISO-8601 text on SQLite. */
export function timeType(db: Kysely<any>) {
  return engineOf(db) === 'postgres' ? 'timestamptz' : 'text'
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => '\\' + c)
/** The LIKE pattern (escape '\\') of texts containing `text`. */
export const likeContains = (text: string) => `%${escapeLike(text)}%`
/**
 * A bound above every text starting with `prefix`, in binary order: the prefix and the last
 * code point. (A text with that code point, a noncharacter, right after the prefix is not
 * below it.)
 */
export const prefixEnd = (prefix: string) => `${prefix}\u{10FFFF}`

/** Case-insensitive substring match. */
export function containsText(db: Kysely<any>, column: Expression<any>, text: string): RawBuilder<SqlBool> {
  const pattern = likeContains(text)
  return engineOf(db) === 'postgres'
    ? sql<SqlBool>`${column} ilike ${pattern} escape '\\'`
    : sql<SqlBool>`lower(${column}) like lower(${pattern}) escape '\\'`
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' text: an integer on both engines, for date arithmetic in SQL. */
export function dayNumber(db: Kysely<any>, date: Expression<any>): RawBuilder<number> {
  return engineOf(db) === 'postgres'
    ? sql<number>`(cast(${date} as date) - date '1970-01-01')`
    : sql<number>`cast(julianday(${date}) - 2440587.5 as integer)`
}

/** The UTC day ('YYYY-MM-DD') of a point in time: ISO text on SQLite, timestamptz on PostgreSQL. */
export function utcDay(db: Kysely<any>, time: Expression<any>): RawBuilder<string> {
  return engineOf(db) === 'postgres'
    ? sql<string>`to_char(${time} at time zone 'UTC', 'YYYY-MM-DD')`
    : sql<string>`substr(${time}, 1, 10)`
}

/**
 * A column that SQLite is not to seek by (its unary plus), for a condition most rows meet on a
 * list walked in another index's order: without statistics SQLite takes any equality as
 * selective and would read by it, then sort. PostgreSQL plans from its statistics.
 */
export function notSought(db: Kysely<any>, column: string): RawBuilder<any> {
  return engineOf(db) === 'postgres' ? sql.ref(column) : sql`+${sql.ref(column)}`
}

/**
 * Prefix match for materialized unit paths (subtree filtering), as a range, for columns that
 * compare in binary order (SQLite's default; unit paths and codes on PostgreSQL, migration
 * 0035). Both engines seek an index by it, PostgreSQL in a plan made once for all values too,
 * which it cannot do for `LIKE 'prefix%'` with the pattern as a value. On SQLite it takes
 * 11–13 µs for a province's units, LIKE 16.
 */
export function startsWith(column: Expression<any>, prefix: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${column} >= ${prefix} and ${column} < ${prefixEnd(prefix)})`
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
 * Holds rows off other writers until the transaction ends, taking them in id order (as another
 * transaction doing the same takes them, so that the two cannot deadlock). SQLite has one writer,
 * and reads nothing for it.
 */
export async function lockRows(db: Kysely<any>, table: string, ids: string[]): Promise<void> {
  if (engineOf(db) !== 'postgres' || ids.length === 0) return
  await db.selectFrom(table).select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute()
}

/**
 * Holds writes to a table off until the transaction ends (PostgreSQL's `share` lock: others
 * still read it). SQLite has one writer: a transaction that has written holds every other off.
 */
export async function holdWrites(db: Kysely<any>, table: string): Promise<void> {
  if (engineOf(db) === 'postgres') await sql`lock table ${sql.table(table)} in share mode`.execute(db)
}

/**
 * A handle for writes that should be seen while a long transaction runs (progress of an
 * import): another pooled connection on PostgreSQL; on SQLite, whose one connection the
 * transaction holds, the transaction itself. On PostgreSQL do not await such a write inside
 * the transaction: with every other connection taken it would wait for ever (`commitJob`
 * chains its writes and awaits them after the transaction).
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

/**
 * An inverted index of character pairs (`grams.ts`) over one table's texts: `table` holds one
 * row per indexed row (`key` names it), in a GIN-indexed array on PostgreSQL; on SQLite its
 * integer `id` is the row of the FTS5 table `fts` that holds the pairs. Findings' (migration
 * 0037) and measures' (0038).
 */
export type GramIndex = { table: string; key: string; fts: string }
export const FINDING_GRAMS: GramIndex = { table: 'finding_search', key: 'finding_id', fts: 'finding_fts' }
export const MEASURE_GRAMS: GramIndex = { table: 'measure_search', key: 'measure_id', fts: 'measure_fts' }

/**
 * Stores the character pairs (`textGrams`) of rows' texts in `ix`, in the transaction that writes
 * the texts.
 */
export async function indexGrams(db: Kysely<any>, ix: GramIndex, given: { id: string; grams: string }[]) {
  // one entry a row, its last pairs (a statement cannot write one key twice)
  const rows = [...new Map(given.map((r) => [r.id, r])).values()]
  if (rows.length === 0) return
  const [table, key, fts] = [sql.table(ix.table), sql.ref(ix.key), sql.table(ix.fts)]
  if (engineOf(db) === 'postgres') {
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500)
      await sql`insert into ${table} (${key}, grams)
        select v.id, string_to_array(v.grams, ' ')
        from unnest(${part.map((r) => r.id)}::text[], ${part.map((r) => r.grams)}::text[]) as v(id, grams)
        on conflict (${key}) do update set grams = excluded.grams`.execute(db)
    }
    return
  }
  // three statements for each 200 rows: their keys, their old pairs gone, their new pairs
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200)
    const kept = await sql<{ id: number; rowId: string }>`insert into ${table} (${key})
      values ${sql.join(part.map((r) => sql`(${r.id})`))}
      on conflict (${key}) do update set ${key} = excluded.${key} returning id, ${key} as row_id`.execute(db)
    const keyOf = new Map(kept.rows.map((k) => [k.rowId, k.id]))
    await sql`delete from ${fts} where rowid in (${sql.join(kept.rows.map((k) => k.id))})`.execute(db)
    await sql`insert into ${fts} (rowid, grams)
      values ${sql.join(part.map((r) => sql`(${keyOf.get(r.id)!}, ${r.grams})`))}`.execute(db)
  }
}

/**
 * Indexes every row of `table` in `ix`, a thousand at a time in id order (`pairs` of each row's
 * `columns`), in the caller's transaction: how many rows (and, after each thousand, how many so
 * far to `onRows`). A migration's filling and `duban reindex` use it.
 */
export async function indexEvery<R extends { id: string }>(
  db: Kysely<any>,
  ix: GramIndex,
  table: string,
  columns: (keyof R & string)[],
  pairs: (row: R) => { id: string; grams: string },
  onRows?: (done: number) => void,
): Promise<number> {
  let after = ''
  let n = 0
  for (;;) {
    const rows = (await db
      .selectFrom(table)
      .select(['id', ...columns])
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute()) as R[]
    if (rows.length === 0) return n
    await indexGrams(db, ix, rows.map(pairs))
    n += rows.length
    onRows?.(n)
    after = rows[rows.length - 1]!.id
  }
}

/** Takes rows out of `ix`, before the rows themselves are deleted (in the same transaction). */
export async function unindexGrams(db: Kysely<any>, ix: GramIndex, ids: string[]) {
  if (ids.length === 0) return
  const [table, key, fts] = [sql.table(ix.table), sql.ref(ix.key), sql.table(ix.fts)]
  if (engineOf(db) === 'sqlite')
    await sql`delete from ${fts} where rowid in
      (select id from ${table} where ${key} in (${sql.join(ids)}))`.execute(db)
  await sql`delete from ${table} where ${key} in (${sql.join(ids)})`.execute(db)
}

/** Empties `ix`, to be filled anew (`duban reindex`), in the caller's transaction. */
export async function clearGrams(db: Kysely<any>, ix: GramIndex) {
  if (engineOf(db) === 'sqlite')
    await sql`insert into ${sql.table(ix.fts)} (${sql.raw(ix.fts)}) values ('delete-all')`.execute(db)
  await sql`delete from ${sql.table(ix.table)}`.execute(db)
}

/**
 * The ids of the rows of `ix` whose texts hold every pair of `grams` (`queryGrams`, not empty): a
 * superset of those containing the query, for `id in (…)`.
 */
export function withGrams(db: Kysely<any>, ix: GramIndex, grams: string) {
  const rows = db.selectFrom(`${ix.table} as s`).select(sql.ref<string>(`s.${ix.key}`).as('id'))
  return engineOf(db) === 'postgres'
    ? rows.where(sql<SqlBool>`s.grams @> string_to_array(${grams}, ' ')`)
    : rows.where(
        sql<SqlBool>`s.id in (select rowid from ${sql.table(ix.fts)} where ${sql.raw(ix.fts)} match ${grams})`,
      )
}

/**
 * At most what share of the rows of `ix` hold every pair of `grams`, for choosing between the
 * index and testing every row (not for display): on PostgreSQL the planner's frequency of the
 * rarest pair, from the statistics' most common elements (after ANALYZE; a pair outside them
 * taken as common as the least common listed, and 0 without statistics). The planner itself
 * takes the pairs as independent, and so expected 2,540 measures to hold 长效机制's three where
 * 19,906 of 60,006 did. On SQLite 0: reading the pairs from FTS5 was the cheaper way there even
 * for a word in a third of the measures.
 */
export async function gramShare(db: Kysely<any>, ix: GramIndex, grams: string): Promise<number> {
  if (engineOf(db) !== 'postgres') return 0
  const pairs = grams.split(' ')
  // The statistics' frequencies of an array column list one per element, then their minimum,
  // maximum and null fraction. An engine without these statistics reads the index.
  const r = await sql<{ least: number | null; rarest: number | null; listed: number }>`
    select s.most_common_elem_freqs[array_length(s.most_common_elem_freqs, 1) - 2] as least,
      min(e.freq) as rarest, count(e.freq)::int as listed
    from pg_stats s
    left join lateral unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as e(pair, freq)
      on e.pair = any(${pairs}::text[])
    where s.schemaname = current_schema() and s.tablename = ${ix.table} and s.attname = 'grams'
      and not s.inherited
    group by s.most_common_elem_freqs`
    .execute(db)
    .catch(() => ({ rows: [] }))
  const row = r.rows[0]
  if (!row || row.least === null) return 0
  return row.listed < new Set(pairs).size ? Number(row.least) : Number(row.rarest)
}

/**
 * How many indexed cases hold each word, for planning a search (not for display): exact counts
 * from FTS5 on SQLite; on PostgreSQL the planner's statistics of the most common lexemes (after
 * ANALYZE), a word outside them that some case holds taken as common as the least common listed
 * (at least 1), and 0 for a word no case holds.
 */
export async function caseTokenCounts(db: Kysely<any>, words: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (engineOf(db) === 'postgres') {
    // The statistics' frequencies of a tsvector list one per lexeme, then their minimum and
    // maximum (no null fraction, as an array column's have).
    const r = await sql<{ cases: number; least: number | null; lexeme: string | null; freq: number | null }>`
      select greatest(c.reltuples, 0)::float8 as cases, e.lexeme, e.freq,
        s.most_common_elem_freqs[array_length(s.most_common_elem_freqs, 1) - 1] as least
      from pg_class c
      left join pg_stats s
        on s.schemaname = current_schema() and s.tablename = 'legal_case' and s.attname = 'search_vector'
      left join lateral unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as e(lexeme, freq)
        on e.lexeme = any(${words.map((w) => w.toLowerCase())}::text[])
      where c.oid = 'legal_case'::regclass`.execute(db)
    const cases = Number(r.rows[0]?.cases ?? 0)
    const least = Number(r.rows[0]?.least ?? 0)
    const freq = new Map(r.rows.filter((x) => x.lexeme !== null).map((x) => [x.lexeme!, Number(x.freq)]))
    const rest = [...new Set(words.filter((w) => !freq.has(w.toLowerCase())).map(cleanWord))].filter(Boolean)
    // Whether any case holds a word outside the statistics: one index probe each.
    const held = new Set(
      rest.length
        ? (
            await sql<{ w: string }>`select w from unnest(${rest}::text[]) as w where exists
              (select 1 from legal_case where search_vector @@ to_tsquery('simple', w))`.execute(db)
          ).rows.map((x) => x.w)
        : [],
    )
    for (const w of words) {
      const f = freq.get(w.toLowerCase())
      counts.set(
        w,
        f !== undefined
          ? Math.round(f * cases)
          : held.has(cleanWord(w))
            ? Math.max(1, Math.round(least * cases))
            : 0,
      )
    }
    return counts
  }
  for (const w of words) {
    const clean = cleanWord(w)
    const r = clean
      ? await sql<{
          n: number
        }>`select count(*) as n from legal_case_fts where legal_case_fts match ${`"${clean}"`}`.execute(db)
      : null
    counts.set(w, Number(r?.rows[0].n ?? 0))
  }
  return counts
}

/** How many cases the full-text index holds: the planner's estimate on PostgreSQL (0 before any). */
export async function indexedCaseCount(db: Kysely<any>): Promise<number> {
  const r =
    engineOf(db) === 'postgres'
      ? await sql<{ n: number }>`select greatest(reltuples, 0)::float8 as n from pg_class
          where oid = 'legal_case'::regclass`.execute(db)
      : await sql<{ n: number }>`select count(*) as n from legal_case_fts_row`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

/**
 * A subquery of the legal_case rows matching all (or any) of the words, each with its `score`
 * (higher is better, as from searchCaseTokens): the best `limit`, ranking every match when at
 * most `budget` match and otherwise only `limit` of them, the newest indexed (SQLite) or the
 * first found (PostgreSQL). Ranking is the cost per match: BM25 reads each match's positions,
 * ts_rank detoasts each match's tsvector; counting matches up to the budget is cheap on both.
 * With `rank: false`, `limit` matches taken that way, unranked (score 0).
 */
export function caseHits(
  db: Kysely<any>,
  words: string[],
  opts: { mode: 'all' | 'any'; limit: number; budget: number; rank?: boolean },
): RawBuilder<LegalCaseTable & { score: number }> {
  const clean = [...new Set(words.map(cleanWord).filter(Boolean))].slice(0, 32)
  if (clean.length === 0) return sql`(select *, 0 as score from legal_case where 1 = 0)`
  const { mode, limit, budget, rank = true } = opts
  if (engineOf(db) === 'postgres') {
    const query = clean.join(mode === 'all' ? ' & ' : ' | ')
    if (!rank)
      return sql`(select *, 0 as score from legal_case
        where search_vector @@ to_tsquery('simple', ${query}) limit ${limit})`
    // The window counts the matches found (up to budget + 1) before any tsvector is read; the
    // rows come from that scan, not from a second lookup by id.
    return sql`(select m.*, ts_rank(m.search_vector, to_tsquery('simple', ${query})) as score
      from (select c.*, count(*) over () as matches, row_number() over () as nth
        from (select * from legal_case
          where search_vector @@ to_tsquery('simple', ${query}) limit ${budget + 1}) c) m
      where m.matches <= ${budget} or m.nth <= ${limit}
      order by score desc, m.id limit ${limit})`
  }
  const query = clean.map((w) => `"${w}"`).join(mode === 'all' ? ' AND ' : ' OR ')
  if (!rank)
    return sql`(select c.*, 0 as score from (select case_id from legal_case_fts
      where legal_case_fts match ${query} order by rowid desc limit ${limit}) h
      join legal_case c on c.id = h.case_id)`
  return sql`(select c.*, h.score from (select case_id, score from (
      select case_id, -bm25(legal_case_fts) as score from legal_case_fts
      where legal_case_fts match ${query} order by rowid desc
      limit (case when (select count(*) from (select 1 from legal_case_fts
        where legal_case_fts match ${query} limit ${budget + 1})) > ${budget} then ${limit} else ${budget} end))
    order by score desc, case_id limit ${limit}) h join legal_case c on c.id = h.case_id)`
}

/** A word as a full-text term: without the characters FTS5 or to_tsquery would read as syntax. */
function cleanWord(w: string) {
  return w.replace(/["'\\\s:*^()|&!<>]/g, '')
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
