import { CompiledQuery, type Compilable } from 'kysely'
import type { DB } from './database'
import { engineOf, type Engine } from './dialect'

const PLACEHOLDER = '\u0000argument '

type Arg = string | number
type Plan = { sql: string; slots: ({ arg: number } | { value: unknown })[] }

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
    const slots = compiled.parameters.map((v) =>
      typeof v === 'string' && v.startsWith(PLACEHOLDER)
        ? { arg: Number(v.slice(PLACEHOLDER.length)) }
        : { value: v },
    )
    for (let i = 0; i < arity; i++)
      if (!slots.some((s) => 'arg' in s && s.arg === i))
        throw new Error(`prepared query: argument ${i} is not used as a value`)
    return { sql: compiled.sql, slots }
  }
  return async (db: DB, ...args: A): Promise<R[]> => {
    const engine = engineOf(db)
    let p = plans.get(engine)
    if (!p) plans.set(engine, (p = plan(db, args.length)))
    const parameters = p.slots.map((s) => ('arg' in s ? args[s.arg] : s.value))
    const result = await db.executeQuery<R>(CompiledQuery.raw(p.sql, parameters))
    return result.rows
  }
}
