import { indexMissingCases, indexMissingFindings } from './modules/text/similar.service'
import fs from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import { ROLES, type Role } from '../common/roles'
import { buildApp } from './app'
import { loadConfig, type Config } from './config'
import { migrate, openDatabase, type DB } from './db/database'
import { systemCtx } from './modules/access/context'
import { verifyChain } from './modules/audit/audit.service'
import * as users from './modules/orgs/user.service'
import * as unitRepo from './modules/orgs/unit.repository'
import { seedOrganization } from './seed/organization'
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed/demo'
import { OpsError, backup, restore } from './ops/backup'
import { rebuildSearch } from './ops/reindex'
import { checkTally, rebuildTally, type TallyCheck } from './ops/tally'
import { runWorkers, workerIndex } from './cluster'

const USAGE = `usage: duban <command>
  start                 build the web app if needed, migrate, load the demo on first start, serve
  serve                 migrate and serve (loads the demo organization into an empty database)
  migrate               bring the database schema up to date
  seed-demo             load the demo organization and accounts
  user create --username U --password P --unit UNITCODE [--name NAME] --role ROLE[:UNITCODE] ...
  audit-verify          recompute the audit chain; exit 1 if it is broken
  tally [--rebuild]     check the measures' tally against a count of the measures (exit 1 when it
                        differs); --rebuild makes it anew from them
  reindex               make the findings' and measures' text search indexes anew from their rows
  backup FILE           write the database and the files to one tar archive (.tar.gz to compress;
                        PostgreSQL through pg_dump)
  restore FILE [--force]  restore an archive into an empty DATA_DIR (and database), then verify the
                        files and the audit chain
environment: PORT, HOST, DATA_DIR, DATABASE_URL, DATABASE_POOL_SIZE (PostgreSQL connections per
  server process; default 10), AUDIT_HASH (sm3|sha256), LOG_LEVEL,
  WORKERS (server processes on the port; default 1)`

async function withDb<T>(config: Config, fn: (db: DB) => Promise<T>): Promise<T> {
  const db = openDatabase(config)
  try {
    await migrate(db)
    return await fn(db)
  } finally {
    await db.destroy()
  }
}

function ensureWebBuilt(config: Config) {
  if (fs.existsSync(path.join(config.webDir, 'index.html'))) return
  console.log('building the web app (first start)…')
  const root = path.resolve(import.meta.dirname, '..')
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  })
}

/** Builds the app over `db`, listens, and closes both on a stop signal (and on `alsoOn`). */
async function listen(config: Config, db: DB, alsoOn: string[] = []) {
  const app = await buildApp(config, db)
  const close = async () => {
    await app.close()
    await db.destroy()
    process.exit(0)
  }
  for (const signal of ['SIGINT', 'SIGTERM', ...alsoOn]) process.once(signal, close)
  await app.listen({ port: config.port, host: config.host })
}

/** A worker of WORKERS=N: the primary has migrated and seeded; only worker 0 runs jobs. */
async function serveWorker(config: Config, index: number) {
  // The primary is gone (killed, not stopped): no worker stays behind holding the database.
  await listen({ ...config, jobs: config.jobs && index === 0 }, openDatabase(config), ['disconnect'])
}

/**
 * Texts written before the similarity index existed (or restored from elsewhere) get their
 * keys, once the server is listening: finding the texts without keys reads the whole key index
 * (at national scale about a second, and twenty from a cold disk), which a start need not wait for.
 */
async function indexMissingKeys(db: DB) {
  try {
    const indexed = (await indexMissingFindings(db)) + (await indexMissingCases(db))
    if (indexed) console.log(`indexed ${indexed} findings and cases for similarity`)
  } catch (e) {
    // a stop while it runs closes the database under it; the next start takes it up again
    console.error('similarity keys not completed:', (e as Error).message)
  }
}

async function serve(config: Config, opts: { demo: boolean }) {
  const db = openDatabase(config)
  await migrate(db)
  const fresh = opts.demo
    ? await seedDemo(db, systemCtx(config.auditHash))
    : await seedOrganization(db, { municipal: false })
  if (config.workers > 1) {
    await runWorkers(config.workers)
    // the primary keeps its connection for the similarity keys below, then lets it go
    void indexMissingKeys(db).finally(() => db.destroy().catch(() => {}))
  } else {
    await listen(config, db)
    void indexMissingKeys(db)
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  console.log(
    `Duban is serving on http://${shown}:${config.port}  (${config.databaseUrl ? 'PostgreSQL' : 'SQLite in ' + config.dataDir}${config.workers > 1 ? `, ${config.workers} workers` : ''})`,
  )
  if (opts.demo) {
    if (fresh) console.log('demo organization loaded')
    console.log(`demo accounts (password ${DEMO_PASSWORD}):`)
    for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(12)} ${u.roles.join(', ')} @ ${u.unit}`)
    console.log(
      '  xs_zuzhang1…5, xs_zuyuan1…5  inspection team leaders and members; tj_liaison, tj_leader  Tianjin (rectifying)',
    )
  }
}

async function userCreate(config: Config, argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      unit: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
    },
    strict: true,
  })
  if (!values.username || !values.password || !values.unit)
    throw new Error('--username, --password and --unit are required')
  const roles = (values.role ?? []).map((r) => {
    const [role, scope] = r.split(':')
    if (!(ROLES as readonly string[]).includes(role))
      throw new Error(`unknown role ${role}; one of ${ROLES.join(', ')}`)
    return { role: role as Role, scope }
  })
  await withDb(config, async (db) => {
    await seedOrganization(db, { municipal: false })
    const unit = await unitRepo.findByCode(db, values.unit!)
    if (!unit) throw new Error(`no unit with code ${values.unit}`)
    const ctx = systemCtx(config.auditHash)
    const user = await users.create(
      db,
      ctx,
      {
        username: values.username!,
        displayName: values.name ?? values.username!,
        unitId: unit.id,
        password: values.password!,
      },
      { mustChangePassword: false },
    )
    for (const r of roles) {
      await users.grantRole(
        db,
        ctx,
        user.id,
        { role: r.role, scopeType: 'unit', scopeId: r.scope ?? unit.id },
        { bootstrap: true },
      )
    }
    console.log(
      `created ${user.username} at ${unit.name}${roles.length ? ' with ' + roles.map((r) => r.role).join(', ') : ''}`,
    )
  })
}

async function backupOrRestore(config: Config, command: 'backup' | 'restore', argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { force: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 1 || (command === 'backup' && values.force)) {
    console.error(command === 'backup' ? 'usage: duban backup FILE' : 'usage: duban restore FILE [--force]')
    return 2
  }
  try {
    if (command === 'backup') {
      const m = await backup(config, positionals[0])
      const rows = Object.values(m.counts).reduce((a, b) => a + b, 0)
      console.log(
        `backup written to ${path.resolve(positionals[0])}: ${rows} rows in ${Object.keys(m.counts).length} tables, ${m.files.count} files (${m.files.bytes} bytes)`,
      )
      return 0
    }
    const r = await restore(config, positionals[0], { force: values.force })
    console.log(`restored the backup of ${r.manifest.createdAt} into ${config.dataDir}`)
    if (r.files.missing.length)
      console.error(`${r.files.missing.length} of ${r.files.checked} stored files are missing or damaged`)
    else console.log(`${r.files.checked} stored files present and intact`)
    if (!r.audit.ok) {
      console.error(`audit chain BROKEN at event seq ${r.audit.firstBadSeq}: ${r.audit.reason}`)
      return 1
    }
    console.log(`audit chain intact: ${r.audit.checked} events (${r.audit.algorithm})`)
    return r.files.missing.length ? 1 : 0
  } catch (err) {
    if (!(err instanceof OpsError)) throw err
    console.error(`duban ${command}: ${err.message} [${err.code}]`)
    return 2
  }
}

async function tally(config: Config, argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { rebuild: { type: 'boolean', default: false } },
    strict: true,
  })
  const shown = 20
  const list = (drift: TallyCheck['drift']) => {
    for (const d of drift.slice(0, shown))
      console.error(`  target ${d.targetId} ${d.status}: tally ${d.tally}, measures ${d.counted}`)
    if (drift.length > shown) console.error(`  … and ${drift.length - shown} more`)
  }
  return withDb(config, async (db) => {
    if (values.rebuild) {
      const r = await rebuildTally(db, systemCtx(config.auditHash))
      if (r.drift.length) {
        console.error(`${r.drift.length} tally rows differed from the measures:`)
        list(r.drift)
      }
      console.log(`measure tally rebuilt from the measures: ${r.rows} rows`)
      return 0
    }
    const r = await checkTally(db)
    if (r.drift.length === 0) {
      console.log(`measure tally agrees with the measures: ${r.rows} rows`)
      return 0
    }
    console.error(`measure tally DIFFERS from the measures in ${r.drift.length} rows:`)
    list(r.drift)
    console.error('run `duban tally --rebuild` to make it anew from the measures')
    return 1
  })
}

async function reindex(config: Config, argv: string[]) {
  parseArgs({ args: argv, options: {}, strict: true })
  return withDb(config, async (db) => {
    // on a terminal, how far it has come, on one line written over (at national scale it takes a minute)
    const shown = process.stderr.isTTY
      ? (table: string, done: number, total: number) =>
          process.stderr.write(`\r${table} ${done.toLocaleString()} / ${total.toLocaleString()}\x1b[K`)
      : undefined
    const r = await rebuildSearch(db, systemCtx(config.auditHash), shown).finally(
      () => shown && process.stderr.write('\r\x1b[K'),
    )
    console.log(`text search indexed anew: ${r.findings} findings, ${r.measures} measures`)
    return 0
  })
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const config = loadConfig()
  const worker = workerIndex()
  if (worker !== null) {
    await serveWorker(config, worker)
    return -1
  }
  switch (command) {
    case 'start':
      ensureWebBuilt(config)
      await serve(config, { demo: true })
      return -1
    case 'serve':
      await serve(config, { demo: !rest.includes('--no-demo') })
      return -1
    case 'migrate': {
      const db = openDatabase(config)
      try {
        const applied = await migrate(db)
        console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date')
      } finally {
        await db.destroy()
      }
      return 0
    }
    case 'backup':
    case 'restore':
      return backupOrRestore(config, command, rest)
    case 'seed-demo':
      await withDb(config, async (db) => {
        const done = await seedDemo(db, systemCtx(config.auditHash))
        console.log(done ? 'demo organization loaded' : 'demo organization was already there')
      })
      return 0
    case 'user':
      if (rest[0] !== 'create')
        throw new Error(
          'usage: duban user create --username U --password P --unit CODE --role ROLE[:UNITCODE]',
        )
      await userCreate(config, rest.slice(1))
      return 0
    case 'audit-verify': {
      const r = await withDb(config, (db) => verifyChain(db))
      if (r.ok) {
        console.log(`audit chain intact: ${r.checked} events (${r.algorithm})`)
        return 0
      }
      console.error(
        `audit chain BROKEN at event seq ${r.firstBadSeq}${r.firstBadId ? ` (id ${r.firstBadId})` : ''}: ${r.reason}`,
      )
      return 1
    }
    case 'tally':
      return tally(config, rest)
    case 'reindex':
      return reindex(config, rest)
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE)
      return command ? 0 : 2
    default:
      console.error(`unknown command: ${command}\n${USAGE}`)
      return 2
  }
}
