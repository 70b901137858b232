import { CompiledQuery, sql, type Compilable, type RawBuilder, type SelectQueryBuilder } from 'kysely'
import type { DB } from './database'
import type { Database } from './schema'
import { engineOf, keepPrepared, likeContains, prefixEnd, readAtOnce, type Engine } from './dialect'
import { keep } from '../bounded'

const PLACEHOLDER = '\u0000argument '
const EXACT = /^\u0000argument (\d+)$/
const ANY = /\u0000argument (\d+)/

type Arg = string | number
/** Where each parameter of a compiled query comes from: an argument, one derived from it, a constant. */
type Slot = { arg: number; derive?: (value: string) => string } | { value: unknown }
type Plan = { sql: string; slots: Slot[] }

/**
 * The values the query builders derive from an argument rather than use as is: a LIKE pattern
 * with its escapes, and the upper bound of a prefix's range. A parameter equal to one of
 * them applied to a placeholder is filled by applying it to the argument, so the escaping
 * stays exactly the builders' own.
 */
const DERIVATIONS = [likeContains, prefixEnd]

function slotsOf({ sql, parameters }: CompiledQuery, placeholder: (i: number) => string): Slot[] {
  if (sql.includes('\u0000'))
    throw new Error('prepared query: an argument is written into the SQL, not passed as a value')
  return parameters.map((v) => {
    if (typeof v === 'number' && Number.isNaN(v))
      throw new Error('prepared query: an argument was computed with, not used as a value')
    if (typeof v !== 'string') return { value: v }
    const exact = EXACT.exec(v)
    if (exact) return { arg: Number(exact[1]) }
    if (!v.includes('\u0000')) return { value: v }
    const inner = ANY.exec(v)
    const arg = inner ? Number(inner[1]) : -1
    const derive = inner && DERIVATIONS.find((d) => d(placeholder(arg)) === v)
    if (!derive)
      throw new Error('prepared query: an argument is changed into a value it cannot be filled from')
    return { arg, derive }
  })
}

function fill(slots: Slot[], args: readonly unknown[]) {
  return slots.map((s) => {
    if ('value' in s) return s.value
    const a = args[s.arg]
    return s.derive ? s.derive(a as string) : a
  })
}

/**
 * A query whose shape never changes, built and compiled once per engine and then run with each
 * call's values: Kysely builds a query of a few joins in 3–5 times the time the database takes
 * to answer it by key, and the lookups behind every request (the session, the actor's roles)
 * are such queries. `build` gets placeholders for its arguments and may use them only as
 * values to compare or store, never to choose the query's shape (no `if` on them, no lists).
 */
export function prepared<A extends Arg[], R>(build: (db: DB, ...args: A) => Compilable<R>) {
  const plans = new Map<Engine, Plan>()
  const plan = (db: DB, arity: number): Plan => {
    const placeholders = Array.from({ length: arity }, (_, i) => `${PLACEHOLDER}${i}`) as A
    const compiled = build(db, ...placeholders).compile()
    const slots = slotsOf(compiled, (i) => `${PLACEHOLDER}${i}`)
    for (let i = 0; i < arity; i++)
      if (!slots.some((s) => 'arg' in s && s.arg === i))
        throw new Error(`prepared query: argument ${i} is not used as a value`)
    keepPrepared(db, compiled.sql)
    return { sql: compiled.sql, slots }
  }
  return async (db: DB, ...args: A): Promise<R[]> => {
    const engine = engineOf(db)
    let p = plans.get(engine)
    if (!p) plans.set(engine, (p = plan(db, args.length)))
    return run<R>(db, p.sql, fill(p.slots, args))
  }
}

/** At most this many shapes are kept per query; past it they are compiled afresh. */
const MAX_SHAPES = 500

/**
 * A query whose shape follows what its arguments hold, compiled once per shape. `args` is a
 * tree of plain objects, arrays, strings, numbers and booleans. Its shape is everything but
 * the non-empty strings and non-zero numbers: which keys are present (undefined and null
 * included), each list's length, each boolean, each empty string and zero, and the strings
 * and numbers under the `literal` keys (a sort column, a scope that is `'all'`, a page's
 * size). Those choose the query.
 * Every other value reaches `build` as a placeholder, which it may only compare or store, or
 * turn into a prefix's range through `startsWith` or a LIKE pattern through `containsText`;
 * anything else it does with one is refused when the shape is first compiled.
 */
export function shaped<A extends object, R>(
  build: (db: DB, args: A) => Compilable<R>,
  literal: readonly string[] = [],
) {
  const literalKeys = new Set(literal)
  const plans = new Map<string, Plan>()
  // One walk gives the shape's key and the values in order; the first walk of a shape also
  // gives the tree with placeholders in their places.
  const walk = (v: unknown, lit: boolean, key: string[], values: unknown[], stand: boolean): unknown => {
    if (v === undefined || v === null || typeof v === 'boolean' || v === '' || v === 0) {
      key.push(String(v), ',')
      return v
    }
    if (typeof v === 'string') {
      if (lit) {
        key.push('=', JSON.stringify(v), ',')
        return v
      }
      key.push('s,')
      values.push(v)
      return stand ? `${PLACEHOLDER}${values.length - 1}` : v
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error('shaped query: a number that is not finite')
      if (lit) {
        key.push('=', String(v), ',')
        return v
      }
      key.push('n,')
      values.push(v)
      return stand ? `${PLACEHOLDER}${values.length - 1}` : v
    }
    // (the tree with placeholders is built only when asked for: not on every call)
    if (Array.isArray(v)) {
      key.push('[', String(v.length), ':')
      const out: unknown[] | null = stand ? [] : null
      for (const x of v) {
        const w = walk(x, false, key, values, stand)
        if (out) out.push(w)
      }
      key.push(']')
      return out
    }
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      key.push('{')
      const out: Record<string, unknown> | null = stand ? {} : null
      for (const k of Object.keys(v).sort()) {
        key.push(k, ':')
        const w = walk((v as Record<string, unknown>)[k], literalKeys.has(k), key, values, stand)
        if (out) out[k] = w
      }
      key.push('}')
      return out
    }
    throw new Error(`shaped query: a ${typeof v} cannot be an argument`)
  }
  return async (db: DB, args: A): Promise<R[]> => {
    const parts: string[] = [engineOf(db)]
    const values: unknown[] = []
    walk(args, false, parts, values, false)
    const key = parts.join('')
    let p = plans.get(key)
    if (!p) {
      const stood = walk(args, false, [], [], true) as A
      const compiled = build(db, stood).compile()
      p = { sql: compiled.sql, slots: slotsOf(compiled, (i) => `${PLACEHOLDER}${i}`) }
      keepPrepared(db, compiled.sql)
      keep(plans, MAX_SHAPES, key, p)
    }
    return run<R>(db, p.sql, fill(p.slots, values))
  }
}

async function run<R>(db: DB, text: string, parameters: unknown[]): Promise<R[]> {
  const rows = readAtOnce(db, text, parameters)
  if (rows) return rows as R[]
  return (await db.executeQuery<R>(CompiledQuery.raw(text, parameters))).rows
}

/**
 * A list page of a shaped query, its arguments' `limit` under a literal key: the page's size
 * is written into the query's text and the first page has no OFFSET. PostgreSQL can plan a
 * LIMIT it does not know only by guessing a tenth of the rows, so a named statement whose
 * LIMIT is a parameter never gets a plan for all values and is planned on every run (3 ms of
 * the findings list's 3.7); the first page, the one most asked for, now is not. Sizes are few
 * (1–200), later pages keep their OFFSET as a parameter, so the texts stay few.
 */
export function pageOf<Q extends { limit(n: RawBuilder<number>): Q; offset(n: number): Q }>(
  q: Q,
  p: { limit: number; offset: number },
): Q {
  if (typeof p.limit !== 'number') throw new Error("shaped query: a page's limit must be under a literal key")
  const limited = q.limit(sql.lit(p.limit))
  return p.offset === 0 ? limited : limited.offset(p.offset)
}

/**
 * A page's rows: the ids chosen first (by `pageOf`), as the first item in FROM, and `table`
 * joined on them under `alias`; the list's own joins follow. The order matters on PostgreSQL:
 * past `join_collapse_limit` (6) it joins in written order, and with the ids after the joins it
 * had joined every finding to its round, units and categories before keeping the page's
 * (95 ms at scale 0.1, against 1 ms).
 */
export function rowsOfPage<T extends keyof Database & string, A extends string>(
  db: DB,
  ids: SelectQueryBuilder<any, any, { id: string }>,
  table: T,
  alias: A,
): SelectQueryBuilder<Database & { [K in A]: Database[T] }, A, object> {
  const from = (alias === (table as string) ? table : `${table} as ${alias}`) as never
  return db.selectFrom(ids.as('page')).innerJoin(from, `${alias}.id` as never, 'page.id') as never
}
