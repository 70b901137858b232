// Every GET route of the API, answered for records that exist, reads the versions once: where its
// session is checked (`readVersions`). A cache that asks for its version without the request's
// (`seen`) reads the counter again, which still works but costs a round trip on PostgreSQL; this
// test is what notices. The routes are the OpenAPI document's, so a new route is covered.
import type { LogEvent } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestEnv,
  login,
  otherInstance,
  upload,
  type Instance,
  type Session,
  type TestEnv,
} from './harness'

const ROLES = [
  'xunshiban',
  'leader',
  'ducha',
  'yanjiushi',
  'bj_liaison',
  'xs_zuyuan1',
  'dept_siting',
  'sysadmin',
  'secadmin',
  'auditor',
] as const

/** Where each kind of record's id is found: the first item of its list, for whoever sees one. */
const LISTS: Record<string, string> = {
  units: '/api/units',
  users: '/api/users',
  measures: '/api/measures',
  findings: '/api/findings?status=rectifying', // handed over, so its verification answers too
  cases: '/api/cases',
  meetings: '/api/meetings',
  tasks: '/api/tasks',
  rounds: '/api/rounds',
  targets: '/api/targets',
}

const year = new Date().getUTCFullYear()
/** The query each route needs, where it needs one. */
const QUERIES: Record<string, () => string> = {
  '/api/files': () => `ownerType=finding&ownerId=${ids.get('attached')}`,
  '/api/calendar': () => `year=${year}`,
  '/api/calendar/working-days': () => `from=${year}-05-06&days=3`,
  '/api/cases/search': () => 'q=' + encodeURIComponent('故意伤害'),
  '/api/task-scores': () => `year=${year}`,
  '/api/targets/{id}/reports/compare': () => 'a=1&b=1',
  ...Object.fromEntries(
    ['data', '.docx', 'generate'].flatMap((end) => {
      const at = (name: string) => `/api/reports/${name}${end === '.docx' ? end : '/' + end}`
      return [
        [at('rectification-progress'), () => `roundId=${ids.get('rounds')}`],
        [at('inspection-round'), () => `roundId=${ids.get('rounds')}`],
        [at('case-issuing'), () => `year=${year}`],
        [at('task-quarter'), () => `year=${year}&quarter=2`],
      ]
    }),
  ),
}

let env: TestEnv
let app: Instance
let statements: string[] | null = null
const sessions = new Map<string, Session>()
const ids = new Map<string, string>()

beforeAll(async () => {
  env = await createTestEnv()
  app = await otherInstance(env, (e: LogEvent) => {
    if (e.level === 'query') statements?.push(e.query.sql)
  })
  for (const role of ROLES) sessions.set(role, await login(app.app, role))
  for (const [kind, url] of Object.entries(LISTS))
    for (const s of sessions.values()) {
      const res = await get(s, url)
      if (res.statusCode !== 200) continue
      const body = res.json()
      const first = (Array.isArray(body) ? body : body.items)?.[0]
      if (first?.id) {
        ids.set(kind, first.id)
        break
      }
    }
  // an attachment, so that the file routes answer too: a team member's, on one of their drafts
  // (the fifth team keeps two drafts in the demo)
  const member = await login(app.app, 'xs_zuyuan5')
  ids.set('attached', (await get(member, '/api/findings?status=draft')).json().items[0]?.id)
  const file = await upload(
    app.app,
    member,
    `/api/files?${QUERIES['/api/files']!()}`,
    {},
    {
      name: '谈话记录.pdf',
      content: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n'),
    },
  )
  if (file.statusCode !== 201) throw new Error(`upload: ${file.statusCode} ${file.body}`)
  ids.set('files', file.json().id)
}, 120_000)
afterAll(async () => {
  await app?.close()
  await env?.close()
})

function get(s: Session, url: string) {
  return app.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } })
}

/** The route's path with a real record's id in `{id}`, or null when there is none to use. */
function concrete(path: string): string | null {
  const kind = path.split('/')[2]!
  const id = path.startsWith('/api/findings/import/') ? null : ids.get(kind)
  if (path.includes('{id}') && !id) return null
  const query = QUERIES[path]?.()
  const url = path
    .replace('{id}', id ?? '')
    .replace('{quarter}', '2')
    .replace('{version}', '1')
  return query ? `${url}?${query}` : url
}

const readsCounter = (sql: string) => /^\s*select\b[\s\S]*\bfrom "counter"/i.test(sql)

describe('versions on GET', () => {
  it('every GET route answered reads the counter once, where the session is checked', async () => {
    const doc = (await app.app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
    const paths = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([, ops]) => 'get' in ops)
      .map(([p]) => p)
    expect(paths.length).toBeGreaterThan(80)
    expect([...ids.keys()].sort()).toEqual([...Object.keys(LISTS), 'attached', 'files'].sort())

    const answered = new Set<string>()
    const wrong: string[] = []
    for (const path of paths) {
      const url = concrete(path)
      if (!url || url === '/api/openapi.json' || url.startsWith('/api/docs')) continue
      for (const [role, s] of sessions) {
        // twice: the first may fill caches, the second is a warm request
        for (let i = 0; i < 2; i++) {
          statements = []
          const res = await get(s, url)
          const reads = statements.filter(readsCounter)
          statements = null
          if (res.statusCode >= 500) wrong.push(`${role} ${url}: ${res.statusCode}`)
          if (res.statusCode >= 300) break
          answered.add(path)
          if (reads.length !== 1) wrong.push(`${role} ${url}: ${reads.length} reads of the counter`)
        }
      }
    }
    expect(wrong).toEqual([])
    // The demo has no common problem, supervision notice or import job to answer for.
    expect(
      paths.filter((p) => !answered.has(p) && !p.startsWith('/api/docs') && p !== '/api/openapi.json'),
    ).toEqual(['/api/common-problems/{id}', '/api/supervision-notices/{id}', '/api/findings/import/{id}'])
  }, 300_000)
})
