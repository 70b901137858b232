import { sql } from 'kysely'
import type { DB } from '../db/database'

type Result = { current: number; ttl: number }
type Callback = (err: Error | null, res: Result) => void
type RouteOptions = { routeInfo?: { method?: string; url?: string } }

// Stale windows are deleted now and then by whichever request comes along.
const SWEEP_EVERY = 500
const KEEP_MS = 3_600_000

/**
 * @fastify/rate-limit's store kept in the database, so instances behind one load balancer share
 * one count per client and route: with the default in-memory store each instance allowed the
 * limit on its own. One upsert per request counts a hit, restarting the window when it has
 * passed; the statement is atomic on both engines.
 */
export function databaseRateLimitStore(db: DB) {
  let calls = 0
  class DatabaseStore {
    // the plugin constructs the store with its options, then asks for one child per route
    route = ''

    incr(key: string, cb: Callback, timeWindow: number) {
      const now = Date.now()
      const id = `${this.route} ${key}`
      const expired = sql<boolean>`rate_limit.window_start + ${timeWindow} <= ${now}`
      db.insertInto('rateLimit')
        .values({ key: id, windowStart: now, hits: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            hits: sql<number>`case when ${expired} then 1 else rate_limit.hits + 1 end`,
            windowStart: sql<number>`case when ${expired} then ${now} else rate_limit.window_start end`,
          }),
        )
        .returning(['hits', 'windowStart'])
        .executeTakeFirstOrThrow()
        .then(async (r) => {
          if (++calls % SWEEP_EVERY === 0)
            await db
              .deleteFrom('rateLimit')
              .where('windowStart', '<', now - KEEP_MS)
              .execute()
          cb(null, { current: Number(r.hits), ttl: Number(r.windowStart) + timeWindow - now })
        })
        .catch((err: Error) => cb(err, { current: 0, ttl: 0 }))
    }

    read(key: string, cb: Callback, timeWindow: number) {
      const now = Date.now()
      db.selectFrom('rateLimit')
        .select(['hits', 'windowStart'])
        .where('key', '=', `${this.route} ${key}`)
        .executeTakeFirst()
        .then((r) =>
          !r || Number(r.windowStart) + timeWindow <= now
            ? cb(null, { current: 0, ttl: 0 })
            : cb(null, { current: Number(r.hits), ttl: Number(r.windowStart) + timeWindow - now }),
        )
        .catch((err: Error) => cb(err, { current: 0, ttl: 0 }))
    }

    child(options: object) {
      // the route's merged options; the plugin's types leave out `routeInfo`
      const routeOptions = options as RouteOptions
      const store = new DatabaseStore()
      store.route = `${routeOptions.routeInfo?.method ?? ''} ${routeOptions.routeInfo?.url ?? ''}`
      return store
    }
  }
  return DatabaseStore
}
