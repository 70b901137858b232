import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import { createKysely } from './dialect'
import type { Database } from './schema'
import * as m0001 from './migrations/0001-unit-department'
import * as m0002 from './migrations/0002-user-role'
import * as m0003 from './migrations/0003-session'
import * as m0004 from './migrations/0004-audit'
import * as m0005 from './migrations/0005-counter'
import * as m0006 from './migrations/0006-inspection'
import * as m0007 from './migrations/0007-finding-taxonomy'
import * as m0008 from './migrations/0008-file-import'
import * as m0009 from './migrations/0009-rectification'
import * as m0010 from './migrations/0010-calendar-seed'
import * as m0011 from './migrations/0011-referral-common-problem'
import * as m0012 from './migrations/0012-job-notification'
import * as m0013 from './migrations/0013-tasks'
import * as m0014 from './migrations/0014-notice-score'
import * as m0015 from './migrations/0015-cases'
import * as m0016 from './migrations/0016-case-review-criteria'
import * as m0017 from './migrations/0017-meetings'
import * as m0018 from './migrations/0018-text-original'
import * as m0019 from './migrations/0019-text-band'
import * as m0020 from './migrations/0020-case-fts-rowid'
import * as m0021 from './migrations/0021-finding-status-index'
import * as m0022 from './migrations/0022-measure-target-deadline-index'
import * as m0023 from './migrations/0023-task-expected-quarters'
import * as m0025 from './migrations/0025-rate-limit'
import * as m0026 from './migrations/0026-round-finding-indexes'
import * as m0027 from './migrations/0027-text-band-period'
import * as m0028 from './migrations/0028-task-light-inputs'
import * as m0029 from './migrations/0029-measure-evidence-count'
import * as m0030 from './migrations/0030-drop-task-expected-quarters'
import * as m0031 from './migrations/0031-list-order-indexes'
import * as m0032 from './migrations/0032-page-indexes'
import * as m0033 from './migrations/0033-case-stats-index'
import * as m0034 from './migrations/0034-case-title-index'
import * as m0035 from './migrations/0035-unit-path-binary'
import * as m0036 from './migrations/0036-measure-tally'
import * as m0037 from './migrations/0037-finding-search'
import * as m0038 from './migrations/0038-measure-search'
import * as m0039 from './migrations/0039-audit-changes'

export type DB = Kysely<Database>

const migrations: Record<string, Migration> = {
  '0001-unit-department': m0001,
  '0002-user-role': m0002,
  '0003-session': m0003,
  '0004-audit': m0004,
  '0005-counter': m0005,
  '0006-inspection': m0006,
  '0007-finding-taxonomy': m0007,
  '0008-file-import': m0008,
  '0009-rectification': m0009,
  '0010-calendar-seed': m0010,
  '0011-referral-common-problem': m0011,
  '0012-job-notification': m0012,
  '0013-tasks': m0013,
  '0014-notice-score': m0014,
  '0015-cases': m0015,
  '0016-case-review-criteria': m0016,
  '0017-meetings': m0017,
  '0018-text-original': m0018,
  '0019-text-band': m0019,
  '0020-case-fts-rowid': m0020,
  '0021-finding-status-index': m0021,
  '0022-measure-target-deadline-index': m0022,
  '0023-task-expected-quarters': m0023,
  '0025-rate-limit': m0025,
  '0026-round-finding-indexes': m0026,
  '0027-text-band-period': m0027,
  '0028-task-light-inputs': m0028,
  '0029-measure-evidence-count': m0029,
  '0030-drop-task-expected-quarters': m0030,
  '0031-list-order-indexes': m0031,
  '0032-page-indexes': m0032,
  '0033-case-stats-index': m0033,
  '0034-case-title-index': m0034,
  '0035-unit-path-binary': m0035,
  '0036-measure-tally': m0036,
  '0037-finding-search': m0037,
  '0038-measure-search': m0038,
  '0039-audit-changes': m0039,
}
const provider: MigrationProvider = { getMigrations: async () => migrations }

export function openDatabase(opts: Parameters<typeof createKysely>[0]): DB {
  return createKysely<Database>(opts)
}

/** The migrations this build knows, oldest first. */
export const KNOWN_MIGRATIONS = Object.keys(migrations).sort()

/** A database a newer build has migrated: this build must not write to it. */
export class SchemaTooNewError extends Error {
  readonly code = 'schema_too_new'
  constructor(readonly unknown: string[]) {
    super(
      `this database was migrated by a newer Duban build (migrations this build does not know: ${unknown.join(', ')}); ` +
        'refusing to run: upgrade Duban to that build or newer, or restore a backup taken with this one',
    )
  }
}

/** Migrations recorded in the database that this build does not have (empty for a new database). */
export async function unknownMigrations(db: DB): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true })
  if (!tables.some((t) => t.name === 'kysely_migration')) return []
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db.withoutPlugins())
  return rows.rows.map((r) => r.name).filter((name) => !(name in migrations))
}

/** Brings the schema up to date; throws (never just logs) when a migration fails or the database is newer. */
export async function migrate(db: DB): Promise<string[]> {
  const unknown = await unknownMigrations(db)
  if (unknown.length) throw new SchemaTooNewError(unknown)
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '')
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${cause}`)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
