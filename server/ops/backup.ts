// Backup and restore: the database (on SQLite an online, consistent copy made with SQLite's
// backup API; on PostgreSQL a pg_dump custom-format dump) and the content-addressed files,
// in one tar archive with a manifest.
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import SQLite from 'better-sqlite3'
import * as tar from 'tar'
import type { Config } from '../config'
import { KNOWN_MIGRATIONS, SchemaTooNewError, openDatabase } from '../db/database'
import { systemCtx } from '../modules/access/context'
import { recordAlone, verifyChain } from '../modules/audit/audit.service'

export const MANIFEST = 'duban-backup.json'
const DB_ENTRY = 'duban.sqlite'
const PG_ENTRY = 'duban.pgdump'
const FILES_ENTRY = 'files'
type Engine = 'sqlite' | 'postgres'

export type BackupManifest = {
  format: 'duban-backup'
  version: 1
  createdAt: string
  engine: Engine
  migrations: string[]
  files: { count: number; bytes: number }
  /** Rows per table in the database copy, to compare after a restore. */
  counts: Record<string, number>
}

/** An operation refused or failed for a reason the operator can act on; `code` is stable. */
export class OpsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const POSTGRES_BACKUP_HELP = `On PostgreSQL, duban backup runs pg_dump and duban restore runs pg_restore, and
neither is on PATH here (apt-get install postgresql-client, of the server's major version
or newer). By hand (see docs/operations.md):
  pg_dump --format=custom --no-owner --file=duban.pgdump "$DATABASE_URL"
  tar -C "$DATA_DIR" -czf duban-files.tar.gz files
and restore into an empty database:
  pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" duban.pgdump
  tar -C "$DATA_DIR" -xzf duban-files.tar.gz
  duban audit-verify`

const run = promisify(execFile)

async function requirePgTool(tool: 'pg_dump' | 'pg_restore') {
  try {
    await run(tool, ['--version'])
  } catch {
    throw new OpsError(`${tool}_missing`, POSTGRES_BACKUP_HELP)
  }
}

/** Runs a PostgreSQL client tool with the password in the environment, not on the command line. */
async function pgTool(tool: 'pg_dump' | 'pg_restore', databaseUrl: string, args: string[]) {
  const url = new URL(databaseUrl)
  const env = { ...process.env }
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password)
  url.password = ''
  try {
    await run(tool, [...args, `--dbname=${url.toString()}`], { env, maxBuffer: 16 * 1_048_576 })
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? (err as Error).message)
    throw new OpsError(`${tool}_failed`, `${tool} failed: ${stderr.trim().slice(0, 2000)}`)
  }
}

function engineOf(config: Config): Engine {
  return config.databaseUrl && /^postgres(ql)?:/.test(config.databaseUrl) ? 'postgres' : 'sqlite'
}

/** Rows per table and recorded migrations of the PostgreSQL database as it is now. */
async function postgresState(config: Config) {
  const db = openDatabase(config).withoutPlugins()
  try {
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
    const counts: Record<string, number> = {}
    for (const { name } of tables.rows) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(db)
      counts[name] = Number(r.rows[0].n)
    }
    const migrations = counts.kysely_migration
      ? (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map(
          (r) => r.name,
        )
      : []
    return { counts, migrations }
  } finally {
    await db.destroy()
  }
}

/** Where the SQLite database lives for this configuration (mirrors db/dialect.ts). */
export function sqlitePath(config: Config) {
  return config.databaseUrl?.startsWith('sqlite:')
    ? path.resolve(config.databaseUrl.slice('sqlite:'.length))
    : path.join(config.dataDir, 'duban.sqlite')
}

const gzipped = (file: string) => /\.(tgz|gz)$/i.test(file)

function tableCounts(sqlite: SQLite.Database): Record<string, number> {
  const tables = sqlite
    .prepare(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
       and upper(sql) not like 'CREATE VIRTUAL TABLE%' order by name`,
    )
    .pluck()
    .all() as string[]
  // FTS5 shadow tables belong to their virtual table; counting the virtual table is enough.
  const virtual = new Set(
    sqlite
      .prepare(
        `select name from sqlite_master where type = 'table' and upper(sql) like 'CREATE VIRTUAL TABLE%'`,
      )
      .pluck()
      .all() as string[],
  )
  const counts: Record<string, number> = {}
  for (const t of tables) {
    if ([...virtual].some((v) => t.startsWith(`${v}_`))) continue
    counts[t] = Number(
      sqlite
        .prepare(`select count(*) from "${t.replace(/"/g, '""')}"`)
        .pluck()
        .get(),
    )
  }
  return counts
}

function migrationsOf(sqlite: SQLite.Database): string[] {
  const has = sqlite
    .prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`)
    .get()
  if (!has) return []
  return sqlite.prepare('select name from kysely_migration order by name').pluck().all() as string[]
}

/** Hard-links (or copies, across file systems) every stored file into the staging folder. */
async function stageFiles(from: string, to: string): Promise<{ count: number; bytes: number }> {
  let count = 0
  let bytes = 0
  const walk = async (dir: string, rel: string) => {
    for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
      // Uploads in flight are not files yet.
      if (rel === '' && entry.name === 'tmp') continue
      const src = path.join(dir, entry.name)
      const dst = path.join(to, rel, entry.name)
      if (entry.isDirectory()) {
        await fs.promises.mkdir(dst, { recursive: true })
        await walk(src, path.join(rel, entry.name))
      } else if (entry.isFile()) {
        try {
          await fs.promises.link(src, dst)
        } catch {
          await fs.promises.copyFile(src, dst)
        }
        count++
        bytes += (await fs.promises.stat(src)).size
      }
    }
  }
  await fs.promises.mkdir(to, { recursive: true })
  if (fs.existsSync(from)) await walk(from, '')
  return { count, bytes }
}

/** SQLite's online backup into the staging folder, checked and made one self-contained file. */
async function snapshotSqlite(dbFile: string, staging: string) {
  const source = new SQLite(dbFile, { fileMustExist: true })
  try {
    source.pragma('busy_timeout = 5000')
    await source.backup(path.join(staging, DB_ENTRY))
  } finally {
    source.close()
  }
  const copy = new SQLite(path.join(staging, DB_ENTRY))
  try {
    // One file in the archive, not a WAL-mode database with side files.
    copy.pragma('journal_mode = DELETE')
    const check = copy.pragma('integrity_check', { simple: true })
    if (check !== 'ok') throw new OpsError('integrity_check_failed', `the database copy is damaged: ${check}`)
    return { entry: DB_ENTRY, migrations: migrationsOf(copy), counts: tableCounts(copy) }
  } finally {
    copy.close()
  }
}

/**
 * Writes one archive with a consistent copy of the database and the stored files. Safe while
 * the server runs: the database is copied first, and a file is never deleted or rewritten, so
 * every file the copy refers to is already on disk when the files are read.
 */
export async function backup(config: Config, archive: string): Promise<BackupManifest> {
  const engine = engineOf(config)
  const dbFile = sqlitePath(config)
  if (engine === 'postgres') await requirePgTool('pg_dump')
  else if (!fs.existsSync(dbFile)) throw new OpsError('no_database', `no database at ${dbFile}`)
  const target = path.resolve(archive)
  await fs.promises.mkdir(path.dirname(target), { recursive: true })

  // The backup is itself an event worth keeping: it leaves with every record in it.
  const db = openDatabase(config)
  try {
    await recordAlone(db, systemCtx(config.auditHash), {
      action: 'system.backup',
      objectType: 'system',
      details: { archive: path.basename(target) },
    })
  } finally {
    await db.destroy()
  }

  // Staging beside the files, so they can be hard-linked rather than copied.
  await fs.promises.mkdir(config.dataDir, { recursive: true })
  const staging = await fs.promises.mkdtemp(
    path.join(engine === 'sqlite' ? path.dirname(dbFile) : config.dataDir, '.backup-'),
  )
  const partial = `${target}.partial`
  try {
    let database: { entry: string; migrations: string[]; counts: Record<string, number> }
    if (engine === 'sqlite') database = await snapshotSqlite(dbFile, staging)
    else {
      // Counted just before the dump; writes in between make the figures approximate.
      const state = await postgresState(config)
      await pgTool('pg_dump', config.databaseUrl!, [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--file=${path.join(staging, PG_ENTRY)}`,
      ])
      database = { entry: PG_ENTRY, ...state }
    }
    const manifest: BackupManifest = {
      format: 'duban-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      engine,
      migrations: database.migrations,
      files: await stageFiles(path.join(config.dataDir, 'files'), path.join(staging, FILES_ENTRY)),
      counts: database.counts,
    }
    await fs.promises.writeFile(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2))
    await tar.create({ file: partial, cwd: staging, gzip: gzipped(target), portable: true }, [
      MANIFEST,
      database.entry,
      FILES_ENTRY,
    ])
    await fs.promises.rename(partial, target)
    return manifest
  } finally {
    await fs.promises.rm(partial, { force: true })
    await fs.promises.rm(staging, { recursive: true, force: true })
  }
}

export type RestoreReport = {
  manifest: BackupManifest
  audit: {
    ok: boolean
    checked: number
    algorithm: string
    firstBadSeq?: number | null
    reason?: string | null
  }
  files: { checked: number; missing: string[] }
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash('sha256')
    fs.createReadStream(file)
      .on('error', reject)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
  })
}

function isEmptyDir(dir: string) {
  return !fs.existsSync(dir) || fs.readdirSync(dir).filter((n) => n !== 'lost+found').length === 0
}

async function hasTables(config: Config) {
  const db = openDatabase(config)
  try {
    return (await db.introspection.getTables({ withInternalKyselyTables: true })).length > 0
  } finally {
    await db.destroy()
  }
}

/**
 * Restores an archive into DATA_DIR (and, on PostgreSQL, the database), which must be empty
 * unless `force`; then checks every stored file's digest and the audit chain. A broken chain
 * or a missing file is reported as an error after the data is in place, so the operator can look.
 */
export async function restore(
  config: Config,
  archive: string,
  opts: { force?: boolean } = {},
): Promise<RestoreReport> {
  const engine = engineOf(config)
  const source = path.resolve(archive)
  if (!fs.existsSync(source)) throw new OpsError('no_archive', `no backup archive at ${source}`)
  if (engine === 'postgres') await requirePgTool('pg_restore')
  const dbFile = sqlitePath(config)
  const filesDir = path.join(config.dataDir, 'files')
  if (!opts.force) {
    if (engine === 'sqlite' && (!isEmptyDir(config.dataDir) || fs.existsSync(dbFile)))
      throw new OpsError(
        'data_dir_not_empty',
        `${config.dataDir} is not empty; restore into an empty data folder, or pass --force to replace its database and files`,
      )
    if (engine === 'postgres' && !isEmptyDir(filesDir))
      throw new OpsError(
        'data_dir_not_empty',
        `${filesDir} is not empty; restore into an empty data folder, or pass --force to replace its files`,
      )
    if (engine === 'postgres' && (await hasTables(config)))
      throw new OpsError(
        'database_not_empty',
        'the database has tables; restore into an empty database, or pass --force to replace what the backup holds',
      )
  }
  await fs.promises.mkdir(config.dataDir, { recursive: true })
  const staging = await fs.promises.mkdtemp(path.join(config.dataDir, '.restore-'))
  let manifest: BackupManifest
  try {
    const refused: string[] = []
    await tar.extract({
      file: source,
      cwd: staging,
      strict: true,
      // Only what a backup contains: the manifest, the database and plain files under files/.
      filter: (p, entry) => {
        const name = p.replace(/^\.\//, '').replace(/\/$/, '')
        const type = 'type' in entry ? entry.type : 'File'
        const ok =
          ((name === MANIFEST || name === DB_ENTRY || name === PG_ENTRY) && type === 'File') ||
          ((name === FILES_ENTRY || name.startsWith(`${FILES_ENTRY}/`)) &&
            (type === 'File' || type === 'Directory'))
        if (!ok) refused.push(name)
        return ok
      },
    })
    if (refused.length)
      throw new OpsError(
        'archive_unexpected_entries',
        `not a Duban backup: unexpected ${refused.slice(0, 5).join(', ')}`,
      )
    const manifestFile = path.join(staging, MANIFEST)
    if (!fs.existsSync(manifestFile))
      throw new OpsError('archive_invalid', 'not a Duban backup: the manifest is missing')
    manifest = JSON.parse(await fs.promises.readFile(manifestFile, 'utf8')) as BackupManifest
    if (manifest.format !== 'duban-backup' || manifest.version !== 1)
      throw new OpsError(
        'archive_invalid',
        `not a Duban backup this build can read (${manifest.format} ${manifest.version})`,
      )
    if (manifest.engine !== engine)
      throw new OpsError(
        'engine_mismatch',
        `this backup is of a ${manifest.engine} installation and the configuration points at ${engine}`,
      )
    const dump = path.join(staging, engine === 'sqlite' ? DB_ENTRY : PG_ENTRY)
    if (!fs.existsSync(dump))
      throw new OpsError('archive_invalid', 'not a Duban backup: the database is missing')

    if (engine === 'sqlite') {
      const copy = new SQLite(dump, { fileMustExist: true })
      try {
        const check = copy.pragma('integrity_check', { simple: true })
        if (check !== 'ok')
          throw new OpsError('integrity_check_failed', `the database in the backup is damaged: ${check}`)
        const unknown = migrationsOf(copy).filter((m) => !KNOWN_MIGRATIONS.includes(m))
        if (unknown.length) throw new SchemaTooNewError(unknown)
      } finally {
        copy.close()
      }
      // Into place by rename within the data folder, so nothing is half-copied.
      for (const suffix of ['', '-wal', '-shm', '-journal'])
        await fs.promises.rm(dbFile + suffix, { force: true })
      await fs.promises.mkdir(path.dirname(dbFile), { recursive: true })
      await fs.promises.rename(dump, dbFile)
    } else {
      const unknown = manifest.migrations.filter((m) => !KNOWN_MIGRATIONS.includes(m))
      if (unknown.length) throw new SchemaTooNewError(unknown)
      // One transaction: a failed restore leaves the database as it was.
      await pgTool('pg_restore', config.databaseUrl!, [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        ...(opts.force ? ['--clean', '--if-exists'] : []),
        dump,
      ])
    }
    await fs.promises.rm(filesDir, { recursive: true, force: true })
    if (fs.existsSync(path.join(staging, FILES_ENTRY)))
      await fs.promises.rename(path.join(staging, FILES_ENTRY), filesDir)
    else await fs.promises.mkdir(filesDir, { recursive: true })
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true })
  }

  const db = openDatabase(config)
  try {
    const stored = await db.selectFrom('storedFile').select(['id', 'sha256']).execute()
    const missing: string[] = []
    const seen = new Set<string>()
    for (const f of stored) {
      if (seen.has(f.sha256)) continue
      seen.add(f.sha256)
      const file = path.join(filesDir, f.sha256.slice(0, 2), f.sha256.slice(2, 4), f.sha256)
      if (!fs.existsSync(file) || (await hashFile(file)) !== f.sha256) missing.push(f.sha256)
    }
    const chain = await verifyChain(db)
    await recordAlone(db, systemCtx(config.auditHash), {
      action: 'system.restore',
      objectType: 'system',
      outcome: chain.ok && missing.length === 0 ? 'success' : 'failure',
      details: { archive: path.basename(source), auditOk: chain.ok, missingFiles: missing.length },
    })
    return {
      manifest,
      audit: chain.ok
        ? { ok: true, checked: chain.checked, algorithm: chain.algorithm }
        : {
            ok: false,
            checked: chain.checked,
            algorithm: chain.algorithm,
            firstBadSeq: chain.firstBadSeq,
            reason: chain.reason,
          },
      files: { checked: seen.size, missing },
    }
  } finally {
    await db.destroy()
  }
}
