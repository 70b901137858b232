import { sql } from 'kysely'
import { keep } from '../bounded'
import type { DB } from './database'
import { nextValue } from './counter'
import { prepared } from './prepared'

const counterValue = prepared((db: DB, name: string) =>
  db.selectFrom('counter').select('value').where('name', '=', name),
)

const auditChanges = prepared((db: DB) =>
  db.selectFrom('auditHead').select('changes as value').where('id', '=', 1),
)

/** The counters a process keeps things under: each names a counter row moved on by `touch`. */
export const COUNTER_NAMES = ['actors', 'calendar', 'tasks', 'case_library'] as const
export type CounterName = (typeof COUNTER_NAMES)[number]
/**
 * The versions there are: the counters, and `writes`, the audit chain's head's count of changes,
 * which every audited write moves on in its own transaction (`audit.record`), whatever it writes.
 */
export const VERSION_NAMES = [...COUNTER_NAMES, 'writes'] as const
export type VersionName = (typeof VERSION_NAMES)[number]
/** Every version as one request read it (0 for a counter not yet written). */
export type Versions = Readonly<Record<VersionName, number>>

const versionValues = prepared((db: DB, a: string, b: string, c: string, d: string) =>
  db
    .selectFrom('counter')
    .select(['name', 'value'])
    .where('name', 'in', [a, b, c, d])
    .unionAll(
      db
        .selectFrom('auditHead')
        .select([sql<string>`'writes'`.as('name'), 'changes as value'])
        .where('id', '=', 1),
    ),
)

/**
 * Every version in one read: a request that writes nothing reads them once, where its session is
 * checked, and its caches use them (`version(db, seen)`) instead of a read each. On PostgreSQL
 * each read is a round trip.
 */
export async function readVersions(db: DB): Promise<Versions> {
  const out: Record<VersionName, number> = { actors: 0, calendar: 0, tasks: 0, case_library: 0, writes: 0 }
  for (const row of await versionValues(db, ...COUNTER_NAMES))
    out[row.name as VersionName] = Number(row.value)
  return out
}

/**
 * The state a process keeps per database handle under a version: `at(db, version)` is the state
 * kept at `version`, begun afresh when the version is newer than the kept one; null when a
 * request has seen a later version already (keep nothing then). Inside a transaction there is
 * none: what it reads may include its own writes, yet to be rolled back. Kept per handle, so two
 * instances in one process (the tests) keep apart.
 */
function keeper<S>(fresh: () => S) {
  const kept = new WeakMap<DB, { version: number; state: S }>()
  return (db: DB, version: number): S | null => {
    if (db.isTransaction) return null
    let entry = kept.get(db)
    if (!entry || version > entry.version) kept.set(db, (entry = { version, state: fresh() }))
    return entry.version === version ? entry.state : null
  }
}

/**
 * What a process keeps of something it reads on many requests and that changes seldom (the case
 * library's hits, the task ledger's light counts, who a session is), under a version every
 * instance sees: a counter row that each transaction writing the thing moves on (`touch`).
 *
 * A reader asks for the version first (`version`), then for what was kept under it (`at`); what
 * it reads afresh it keeps there only if no request has seen a later version meanwhile. Kept
 * state is per database handle, so two instances in one process (the tests) keep apart.
 */
export function versioned<S>(name: CounterName, fresh: () => S) {
  const at = keeper(fresh)
  return {
    name,
    /**
     * Moves the version on. In a transaction, call it first where the transaction writes several
     * things, so that all such transactions take the counter's row lock first (no deadlock on
     * PostgreSQL); outside one, call it after the write, so that no reader keeps the old state
     * under the new version.
     */
    touch(db: DB): Promise<number> {
      return nextValue(db, name)
    },
    /**
     * The version now, or as `seen` at the start of a request that writes nothing: what is kept
     * under it is never older than that start. Inside a transaction it is always read.
     */
    async version(db: DB, seen?: Versions | null): Promise<number> {
      if (seen && !db.isTransaction) return seen[name]
      return Number((await counterValue(db, name))[0]?.value ?? 0)
    },
    /**
     * The state kept for `db` at `version`, begun afresh when the version is newer than the kept
     * one; null when a request has seen a later version already (keep nothing then). Inside a
     * transaction there is none: what it reads may include its own writes, yet to be rolled back.
     */
    at,
  }
}

/**
 * One value a process works out from the database once per version and handle (the calendar, the
 * light rule): `get` returns the value read under the version now, or as `seen` by the request,
 * and reads it afresh only when the version has moved on.
 */
export function versionedValue<T>(name: CounterName, read: (db: DB) => Promise<T>) {
  const kept = versioned(name, (): { value?: T; read: boolean } => ({ read: false }))
  return {
    touch: kept.touch,
    async get(db: DB, seen?: Versions | null): Promise<T> {
      const state = kept.at(db, await kept.version(db, seen))
      if (state?.read) return state.value as T
      const value = await read(db)
      if (state) Object.assign(state, { value, read: true })
      return value
    },
  }
}

/** The count of changes now, or as `seen` at the start of a request that writes nothing. */
async function writesNow(db: DB, seen?: Versions | null): Promise<number> {
  if (seen && !db.isTransaction) return seen.writes
  return Number((await auditChanges(db))[0]?.value ?? 0)
}

/**
 * Values a process keeps by key until the next audited write of any kind, under `writes`: for
 * reads that join many tables written by many services (a round's dashboard), where a counter of
 * their own would have to be moved by each of those writes. Every write records its audit event
 * in its own transaction, and each event updates the chain's one head row: its count of changes
 * moves on at commit as a counter does, for every event but the few that change nothing kept
 * (`CHANGES_NOTHING_KEPT` in audit.service.ts: sign-ins, downloads, refusals…). As any write
 * moves it on, what is kept lasts while nothing is written. At most `limit` keys are kept, the
 * first kept dropped first (`keep` in bounded.ts).
 */
export function keptUntilWrite<T>(limit: number) {
  const at = keeper(() => new Map<string, Promise<T>>())
  return {
    version: writesNow,
    /**
     * The value kept under `key`, else `read` afresh and kept (unless a later version was seen);
     * requests that ask while it is read wait for the same read, and a failed read is not kept.
     */
    async get(db: DB, seen: Versions | null | undefined, key: string, read: () => Promise<T>): Promise<T> {
      const kept = at(db, await writesNow(db, seen))
      const hit = kept?.get(key)
      if (hit) return hit
      const value = read()
      if (kept) {
        keep(kept, limit, key, value)
        value.catch(() => kept.get(key) === value && kept.delete(key))
      }
      return value
    },
  }
}

/**
 * Values kept by key as `keptUntilWrite` keeps them, for counts too costly to make again after
 * every write (the leader's page over a year of rounds, tasks and cases): a value is counted
 * afresh after a write only once `atLeastMs` have passed since its count began, so under a stream
 * of writes each key is counted at most once in that time and what is given may be that old (the
 * value says when it was counted). While a key is counted afresh, other requests for it are given
 * the value before rather than wait, however old it is; the request that began the count waits
 * for it, and so do all when there is none before. `fresh` skips the wait of `atLeastMs`: the
 * value given was counted after every write the request saw (a count under way since then is
 * waited for, and one begun before is waited out first, so that a key is never counted twice
 * at once). A failed count keeps the value before, which is given until `atLeastMs` have passed
 * since the failed count began (a count that keeps failing is tried once in that time, not on
 * every request); asked fresh, it is counted again at once. Without a value before, the next
 * request after a failed count counts again at once, as in `keptUntilWrite`. At most `limit`
 * keys, the first kept dropped first; inside a transaction nothing is kept.
 */
export function keptAtLeast<T>(
  limit: number,
  atLeastMs: number,
  now: () => number = () => performance.now(),
) {
  type Entry = {
    /** the value last counted, the count of changes it was counted under and when it began */
    done?: { value: T; version: number; at: number }
    /** a count under way and the count of changes it began under */
    counting?: { value: Promise<T>; version: number }
    /** when the last count that failed began */
    failedAt?: number
  }
  const kept = new WeakMap<DB, Map<string, Entry>>()
  return {
    async get(
      db: DB,
      seen: Versions | null | undefined,
      key: string,
      read: () => Promise<T>,
      opts: { fresh?: boolean } = {},
    ): Promise<T> {
      if (db.isTransaction) return read()
      const version = await writesNow(db, seen)
      let byKey = kept.get(db)
      if (!byKey) kept.set(db, (byKey = new Map()))
      const entry = byKey.get(key) ?? keep(byKey, limit, key, {})
      // counted under every write the request saw
      const current = (c: { version: number }) => c.version >= version
      // One count at a time per key: asked fresh, wait for one under way that began before a
      // write the request saw, then look again.
      while (opts.fresh && entry.counting && !current(entry.counting))
        await entry.counting.value.catch(() => undefined)
      const { done, counting } = entry
      const tried = Math.max(done?.at ?? -Infinity, entry.failedAt ?? -Infinity)
      if (done && (current(done) || (!opts.fresh && now() - tried < atLeastMs))) return done.value
      if (counting) return done && !opts.fresh ? done.value : counting.value
      const at = now()
      const value = read()
      const mine = { value, version }
      entry.counting = mine
      try {
        const got = await value
        if (!entry.done || entry.done.version <= version) entry.done = { value: got, version, at }
        // dropped at the limit while it was counted, and not made anew since: kept again
        if (!byKey.has(key)) keep(byKey, limit, key, entry)
        return got
      } catch (err) {
        entry.failedAt = at
        throw err
      } finally {
        if (entry.counting === mine) entry.counting = undefined
      }
    },
  }
}
