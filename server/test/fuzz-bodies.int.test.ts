// Property: whatever JSON arrives at a route with a body schema, the answer is 2xx or 4xx
// with the error envelope, never 5xx. Bodies are arbitrary JSON, or built from the route's
// own zod schema (through its JSON Schema) and then bent: a field dropped, retyped or added.
import fc from 'fast-check'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const routes = vi.hoisted(
  () => [] as { method: string | string[]; url: string; schema?: Record<string, unknown> }[],
)
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>()
  const make = ((opts: Parameters<typeof mod.default>[0]) => {
    const app = mod.default(opts)
    app.addHook('onRoute', (r) => void routes.push(r as (typeof routes)[number]))
    return app
  }) as typeof mod.default
  return { ...mod, default: make, fastify: make }
})

import { createTestEnv, login, type Session, type TestEnv } from './harness'

type JsonSchema = Record<string, any>
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 80)
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_129)

let env: TestEnv
let ids: string[] = []
const sessions: Record<string, Session> = {}
const ROTATION = ['xunshiban', 'ducha', 'yanjiushi', 'sysadmin', 'secadmin', 'bj_liaison', 'xs_zuyuan1']

/** Real ids of each kind of record, so generated bodies and paths reach past "not found". */
async function idPool() {
  const tables = [
    'unit',
    'department',
    'appUser',
    'round',
    'team',
    'target',
    'finding',
    'findingCategory',
    'rectificationMeasure',
    'task',
    'subtask',
    'campaign',
    'meeting',
    'meetingAgendaItem',
    'meetingDirective',
    'legalCase',
    'caseBatch',
    'commonProblem',
    'referral',
  ] as const
  const byTable: Record<string, string[]> = {}
  for (const t of tables) {
    const rows = await env.db.selectFrom(t).select('id').limit(5).execute()
    byTable[t] = rows.map((r) => String(r.id))
  }
  return byTable
}

const PATH_TABLE: Record<string, string> = {
  units: 'unit',
  departments: 'department',
  users: 'appUser',
  rounds: 'round',
  teams: 'team',
  targets: 'target',
  findings: 'finding',
  taxonomy: 'findingCategory',
  measures: 'rectificationMeasure',
  tasks: 'task',
  subtasks: 'subtask',
  campaigns: 'campaign',
  meetings: 'meeting',
  cases: 'legalCase',
  'case-batches': 'caseBatch',
  'common-problems': 'commonProblem',
  referrals: 'referral',
}
const SUB_PARAM_TABLE: Record<string, string> = {
  itemId: 'meetingAgendaItem',
  directiveId: 'meetingDirective',
  findingId: 'finding',
}
const FIXED_PARAMS: Record<string, string> = { date: '2025-10-08', quarter: '2', version: '1' }
const DUMMY_ID = '01900000-0000-7000-8000-000000000000'

function concreteUrl(url: string, pool: Record<string, string[]>) {
  const parts = url.split('/')
  return parts
    .map((p, i) => {
      if (!p.startsWith(':')) return p
      const name = p.slice(1)
      if (FIXED_PARAMS[name]) return FIXED_PARAMS[name]
      // The people the fuzzing signs in as are not edited: a disabled account ends the run.
      if (parts[i - 1] === 'users') return pool.bjLeader[0]
      const table = SUB_PARAM_TABLE[name] ?? PATH_TABLE[parts[i - 1]]
      return pool[table]?.[0] ?? DUMMY_ID
    })
    .join('/')
}

/** An arbitrary for values a JSON Schema accepts (roughly: bounds kept small for speed). */
function fromSchema(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (!s || typeof s !== 'object' || depth > 6) return fc.jsonValue({ maxDepth: 2 })
  if ('const' in s) return fc.constant(s.const)
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum)
  const union = s.anyOf ?? s.oneOf
  if (Array.isArray(union) && union.length)
    return fc.oneof(...union.map((x: JsonSchema) => fromSchema(x, depth + 1)))
  if (Array.isArray(s.allOf) && s.allOf.length) return fromSchema(s.allOf[0], depth + 1)
  if (Array.isArray(s.type))
    return fc.oneof(...s.type.map((t: string) => fromSchema({ ...s, type: t }, depth + 1)))
  switch (s.type) {
    case 'string': {
      if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...ids), fc.uuid())
      if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
      if (s.format === 'date')
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
      if (typeof s.pattern === 'string') {
        try {
          return fc.stringMatching(new RegExp(s.pattern))
        } catch {
          // a pattern JavaScript cannot take: fall through to plain strings
        }
      }
      const minLength = s.minLength ?? 0
      const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 200))
      return fc.oneof(
        fc.string({ minLength, maxLength }),
        fc.string({ minLength, maxLength, unit: 'grapheme' }),
        fc.constantFrom(
          '巡视发现问题',
          '统(tǒng)一',
          "'; drop table finding; --",
          '<script>x</script>',
          '\u0000',
        ),
      )
    }
    case 'integer':
      return fc.integer({
        min: Math.max(s.minimum ?? -1e6, -(2 ** 31)),
        max: Math.min(s.maximum ?? 1e6, 2 ** 31 - 1),
      })
    case 'number':
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const minLength = s.minItems ?? 0
      return fc.array(fromSchema(s.items ?? {}, depth + 1), {
        minLength,
        maxLength: Math.max(minLength, Math.min(s.maxItems ?? 4, 6)),
      })
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>
      const model: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, v] of Object.entries(props)) model[k] = fromSchema(v, depth + 1)
      if (!Object.keys(model).length)
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }))
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k: string) => k in model) })
    }
  }
  return fc.jsonValue({ maxDepth: 2 })
}

/** Near the schema: a conforming value, or one with a field dropped, retyped or added. */
function nearSchema(s: JsonSchema): fc.Arbitrary<unknown> {
  const base = fromSchema(s)
  const bent = fc
    .tuple(base, fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('drop', 'retype', 'add'))
    .map(([v, n, junk, how]) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return junk
      const o = { ...(v as Record<string, unknown>) }
      const keys = Object.keys(o)
      const key = keys.length ? keys[n % keys.length] : 'extra'
      if (how === 'drop') delete o[key]
      else if (how === 'retype') o[key] = junk
      else o[`extra_${n % 7}`] = junk
      return o
    })
  return fc.oneof({ weight: 3, arbitrary: base }, { weight: 2, arbitrary: bent })
}

beforeAll(async () => {
  env = await createTestEnv()
  for (const u of [...ROTATION, 'leader']) sessions[u] = await login(env.app, u)
}, 120_000)
afterAll(() => env.close())

describe('fuzzing JSON bodies', () => {
  it('answers every body on every route with 2xx or an enveloped 4xx', async () => {
    const byTable = await idPool()
    const bjLeader = await env.db
      .selectFrom('appUser')
      .select('id')
      .where('username', '=', 'bj_leader')
      .execute()
    const pool = { ...byTable, bjLeader: bjLeader.map((u) => u.id) }
    ids = Object.values(pool).flat()

    const targets: { method: string; url: string; schema: JsonSchema }[] = []
    for (const r of routes) {
      const body = r.schema?.body as z.ZodType | undefined
      if (!body) continue
      for (const method of [r.method].flat()) {
        if (!['POST', 'PUT', 'PATCH'].includes(method)) continue
        let schema: JsonSchema = {}
        try {
          schema = z.toJSONSchema(body, { unrepresentable: 'any', io: 'input' }) as JsonSchema
        } catch {
          // not representable: arbitrary JSON only
        }
        targets.push({ method, url: r.url, schema })
      }
    }
    expect(targets.length).toBeGreaterThan(60)

    const failures: string[] = []
    let sent = 0
    const outcomes = new Map<string, number>()
    const started = Date.now()
    for (const [i, t] of targets.entries()) {
      const url = concreteUrl(t.url, pool)
      const who = (n: number) =>
        t.url.startsWith('/api/auth/') ? sessions.leader : sessions[ROTATION[(i + n) % ROTATION.length]]
      let n = 0
      const result = await fc.check(
        fc.asyncProperty(
          fc.oneof(
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
            { weight: 3, arbitrary: nearSchema(t.schema) },
          ),
          async (body) => {
            const s = who(n++)
            sent++
            const res = await env.app.inject({
              method: t.method as 'POST',
              url,
              payload: JSON.stringify(body),
              headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
            })
            const kind =
              res.statusCode < 300 ? '2xx' : res.statusCode >= 500 ? '5xx' : String(res.json().error?.code)
            outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1)
            if (res.statusCode >= 500) return false
            if (res.statusCode >= 400) {
              const e = res.json().error
              return typeof e?.code === 'string' && typeof e?.message === 'string'
            }
            return res.statusCode >= 200 && res.statusCode < 300
          },
        ),
        { numRuns: RUNS_PER_ROUTE, seed: SEED + i, endOnFailure: true },
      )
      if (result.failed)
        failures.push(
          `${t.method} ${t.url}: ${JSON.stringify(result.counterexample?.[0]).slice(0, 300)} (seed ${SEED + i})`,
        )
    }
    // Visible in the test output: how much was sent, in how long.
    const top = [...outcomes].sort((a, b) => b[1] - a[1]).slice(0, 8)
    console.log(
      `fuzzed ${targets.length} routes with ${sent} bodies in ${Date.now() - started} ms: ${top.map(([k, v]) => `${k} ${v}`).join(', ')}`,
    )
    expect(failures).toEqual([])
  }, 180_000)

  it('answers a NUL character in a body or a query with 2xx or 4xx on either engine', async () => {
    // PostgreSQL refuses NUL in text (22021) where SQLite stores it; found by the fuzzing above.
    const s = sessions.xunshiban
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf }
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'a\u0000b', password: 'x' },
    })
    expect([400, 401]).toContain(login.statusCode)
    for (const url of [
      '/api/findings?q=%00',
      '/api/cases/search?q=%00',
      '/api/users/lookup?q=%00',
      '/api/rounds?q=a%00',
    ]) {
      const res = await env.app.inject({ url, headers })
      expect(res.statusCode, url).toBeLessThan(500)
    }
  })
})
