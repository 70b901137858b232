// Authorization matrix generated from the route table: every registered route, called by
// every demo role and by nobody, with dummy ids and bodies. Expectations are the tables below.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// Collect the route table as the app registers it (an onRoute hook on every Fastify instance).
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

import { as, createTestEnv, login, type Session, type TestEnv } from './harness'

type Json = Record<string, any>
const ROLES = [
  'sysadmin',
  'secadmin',
  'auditor',
  'xunshiban',
  'leader',
  'ducha',
  'yanjiushi',
  'jianweihui',
  'bj_liaison',
  'xs_zuyuan1',
  'dept_siting',
] as const
type Role = (typeof ROLES)[number]

/** API routes anyone may call without signing in. */
const PUBLIC_API = ['POST /api/auth/login', 'GET /api/openapi.json', 'GET /api/docs*']
/** Operations endpoints outside /api/, open by design (restrict /metrics at the proxy). */
const PUBLIC_OPS = ['GET /healthz', 'GET /readyz', 'GET /metrics']

/**
 * Who may list what: 200 (filtered to the caller's scope) for the roles named, 403 for every
 * other signed-in role. 三员分立: the three administrators see no business records, and no
 * business role reaches users or the audit log. Published cases are read by every business role.
 */
const BUSINESS: Role[] = [
  'xunshiban',
  'leader',
  'ducha',
  'yanjiushi',
  'jianweihui',
  'bj_liaison',
  'xs_zuyuan1',
  'dept_siting',
]
const LIST_ACCESS: Record<string, Role[]> = {
  'GET /api/users': ['sysadmin', 'secadmin'],
  'GET /api/audit/events': ['auditor'],
  'GET /api/audit/verify': ['auditor'],
  'GET /api/rounds': ['xunshiban', 'leader', 'bj_liaison', 'xs_zuyuan1', 'dept_siting'],
  'GET /api/findings': ['xunshiban', 'leader', 'bj_liaison', 'xs_zuyuan1', 'dept_siting'],
  'GET /api/tasks': ['leader', 'ducha', 'dept_siting'],
  'GET /api/meetings': ['xunshiban', 'leader', 'ducha'],
  'GET /api/cases': BUSINESS,
}

const DUMMY_ID = '01900000-0000-7000-8000-000000000000'
const PARAM_VALUES: Record<string, string> = { date: '2025-01-01', quarter: '2', version: '1' }

function concrete(url: string) {
  return url.replace(/:(\w+)/g, (_m, name: string) => PARAM_VALUES[name] ?? DUMMY_ID).replace(/\*$/, 'x')
}

function matches(patterns: string[], key: string) {
  return patterns.some((p) => (p.endsWith('*') ? key.startsWith(p.slice(0, -1)) : p === key))
}

let env: TestEnv
const sessions = new Map<Role, Session>()
let table: { method: string; url: string; key: string }[] = []

beforeAll(async () => {
  env = await createTestEnv()
  for (const r of ROLES) sessions.set(r, await login(env.app, r))
  const seen = new Set<string>()
  for (const r of routes)
    for (const method of [r.method].flat()) {
      const key = `${method} ${r.url}`
      if (method === 'HEAD' || seen.has(key)) continue
      if (!r.url.startsWith('/api/') && !PUBLIC_OPS.includes(key)) continue
      seen.add(key)
      table.push({ method, url: r.url, key })
    }
  // Signing out ends the session the rest of the matrix uses: keep it for last.
  table = [
    ...table.filter((t) => t.key !== 'POST /api/auth/logout'),
    ...table.filter((t) => t.key === 'POST /api/auth/logout'),
  ]
}, 120_000)
afterAll(() => env.close())

function call(s: Session | null, method: string, url: string) {
  const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH'
  return env.app.inject({
    method: method as 'GET',
    url,
    ...(withBody && { payload: {} }),
    headers: { ...(s && { cookie: s.cookie, 'x-csrf-token': s.csrf }) },
  })
}

describe('authorization matrix', () => {
  it('covers the whole API', () => {
    expect(table.length).toBeGreaterThan(150)
    for (const k of [...PUBLIC_API.filter((p) => !p.endsWith('*')), ...PUBLIC_OPS])
      expect(table.map((t) => t.key)).toContain(k)
  })

  it('answers 401 to anyone not signed in, on every API route but the public ones', async () => {
    const wrong: string[] = []
    for (const t of table) {
      const res = await call(null, t.method, concrete(t.url))
      if (matches(PUBLIC_API, t.key) || PUBLIC_OPS.includes(t.key)) {
        if (res.statusCode >= 500 || res.statusCode === 401)
          wrong.push(`${t.key} → ${res.statusCode} (public)`)
        continue
      }
      if (res.statusCode !== 401 || res.json().error?.code !== 'unauthenticated')
        wrong.push(`${t.key} → ${res.statusCode} ${res.body.slice(0, 80)}`)
    }
    expect(wrong).toEqual([])
  })

  it('never answers 5xx to any role, and every API error carries the envelope', async () => {
    const wrong: string[] = []
    for (const t of table) {
      for (const role of ROLES) {
        const res = await call(sessions.get(role)!, t.method, concrete(t.url))
        const type = String(res.headers['content-type'] ?? '')
        if (res.statusCode >= 500) wrong.push(`${role} ${t.key} → ${res.statusCode}`)
        else if (res.statusCode >= 400 && t.url.startsWith('/api/') && !matches(PUBLIC_API, t.key)) {
          const body = type.includes('json') ? res.json() : null
          if (typeof body?.error?.code !== 'string' || typeof body?.error?.message !== 'string')
            wrong.push(`${role} ${t.key} → ${res.statusCode} without envelope`)
        }
      }
    }
    expect(wrong).toEqual([])
    // The matrix ended with signing out: sign everyone in again for what follows.
    for (const r of ROLES) sessions.set(r, await login(env.app, r))
  }, 120_000)

  it('lets exactly the expected roles list each kind of record', async () => {
    const observed: Record<string, string[]> = {}
    for (const key of Object.keys(LIST_ACCESS)) {
      const [method, url] = key.split(' ')
      observed[key] = []
      for (const role of ROLES) {
        const res = await call(sessions.get(role)!, method, url)
        if (res.statusCode === 200) observed[key].push(role)
        else expect(res.statusCode, `${role} ${key}`).toBe(403)
      }
    }
    expect(observed).toEqual(LIST_ACCESS)
  })
})

describe('objects out of scope', () => {
  // For each case: the object is visible to the first account and not to the second, whose
  // direct read (and write, where there is one) must be refused with 403 or 404.
  async function listIds(s: Session, url: string): Promise<string[]> {
    const res = await as(env.app, s).get(url)
    if (res.statusCode === 403) return []
    expect(res.statusCode, url).toBe(200)
    const body = res.json()
    return ((Array.isArray(body) ? body : body.items) as Json[]).map((x) => x.id)
  }
  async function hiddenFrom(seer: Role, outsider: Role, listUrl: string) {
    const all = await listIds(sessions.get(seer)!, listUrl)
    const visible = new Set(await listIds(sessions.get(outsider)!, listUrl))
    const hidden = all.filter((id) => !visible.has(id))
    expect(hidden.length, `${listUrl}: something ${seer} sees and ${outsider} does not`).toBeGreaterThan(0)
    return hidden[0]
  }
  const refused = (status: number) => status === 403 || status === 404

  const CASES: {
    what: string
    seer: Role
    outsider: Role
    list: string
    reads: string[]
    writes: [string, string, unknown][]
  }[] = [
    {
      what: "another unit's finding, for a unit liaison",
      seer: 'xunshiban',
      outsider: 'bj_liaison',
      list: '/api/findings?pageSize=200',
      reads: [
        '/api/findings/:id',
        '/api/findings/:id/history',
        '/api/findings/:id/similar',
        '/api/findings/:id/text-originals',
      ],
      writes: [
        ['PATCH', '/api/findings/:id', { title: '改' }],
        ['POST', '/api/findings/:id/transition', { action: 'submit' }],
      ],
    },
    {
      what: "another team's finding, for an inspection team member",
      seer: 'xunshiban',
      outsider: 'xs_zuyuan1',
      list: '/api/findings?pageSize=200',
      reads: ['/api/findings/:id', '/api/findings/:id/history'],
      writes: [['PATCH', '/api/findings/:id', { title: '改' }]],
    },
    {
      what: "another department's task, for a department head",
      seer: 'ducha',
      outsider: 'dept_siting',
      list: '/api/tasks?pageSize=200',
      reads: ['/api/tasks/:id', '/api/tasks/:id/subtasks', '/api/tasks/:id/text-originals'],
      writes: [
        ['PATCH', '/api/tasks/:id', { name: '改' }],
        ['POST', '/api/tasks/:id/urge', { message: '催办' }],
      ],
    },
    {
      what: "another unit's rectification measure, for a unit liaison",
      seer: 'xunshiban',
      outsider: 'bj_liaison',
      list: '/api/measures?pageSize=200',
      reads: ['/api/measures/:id', '/api/measures/:id/progress', '/api/measures/:id/text-originals'],
      writes: [
        ['PATCH', '/api/measures/:id', { content: '改' }],
        ['POST', '/api/measures/:id/progress', { content: '进展', progress: 10, done: false }],
      ],
    },
    {
      what: 'a meeting of the supreme procuratorate, for a unit liaison',
      seer: 'ducha',
      outsider: 'bj_liaison',
      list: '/api/meetings',
      reads: ['/api/meetings/:id', '/api/meetings/:id/agenda', '/api/meetings/:id/directives'],
      writes: [
        ['PATCH', '/api/meetings/:id', { title: '改' }],
        ['DELETE', '/api/meetings/:id', undefined],
      ],
    },
    {
      what: 'a meeting of the supreme procuratorate, for an inspection team member',
      seer: 'ducha',
      outsider: 'xs_zuyuan1',
      list: '/api/meetings',
      reads: ['/api/meetings/:id', '/api/meetings/:id/directives'],
      writes: [],
    },
  ]

  it.each(CASES)('refuses $what', async (c) => {
    const id = await hiddenFrom(c.seer, c.outsider, c.list)
    const s = sessions.get(c.outsider)!
    for (const r of c.reads) {
      const res = await as(env.app, s).get(r.replace(':id', id))
      expect(refused(res.statusCode), `${c.outsider} GET ${r} → ${res.statusCode}`).toBe(true)
    }
    for (const [method, r, body] of c.writes) {
      const url = r.replace(':id', id)
      const res =
        method === 'DELETE'
          ? await as(env.app, s).del(url)
          : await (method === 'PATCH' ? as(env.app, s).patch(url, body) : as(env.app, s).post(url, body))
      // 400 would mean the input was judged before the scope: acceptable only if it is not 2xx.
      expect(res.statusCode, `${c.outsider} ${method} ${r} → ${res.statusCode}`).toBeGreaterThanOrEqual(400)
      expect(res.statusCode).toBeLessThan(500)
    }
    // The seer still sees it: the refusal is about scope, not a missing record.
    expect((await as(env.app, sessions.get(c.seer)!).get(c.reads[0].replace(':id', id))).statusCode).toBe(200)
  })
})
