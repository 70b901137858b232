// The lists people open first, unfiltered and in their default order, read their page from an
// index in that order instead of sorting every visible row (migration 0031): at national scale
// the sort cost the findings list 0.5 s and the ledger 1 s. Shown on SQLite's plans; the
// results in either order are checked against a sort in JavaScript. The case library likewise
// (migration 0032), newest first, and counted from an index alone; a team member's pages and a
// department's tasks are read by index, not by testing every row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  as,
  createTestEnv,
  engine,
  login,
  withLoggedApp,
  type Logged,
  type PlanRow,
  type Session,
  type TestEnv,
} from './harness'

type Json = Record<string, any>

/** The plan's node for the subquery choosing a page's ids, first in FROM. */
const CHOSEN_FIRST = /^(CO-ROUTINE|MATERIALIZE) page\b/

/** The plan of the subquery choosing a page's ids (the whole plan when there is none). */
function pageIds(rows: PlanRow[]): string {
  const list = rows.find((r) => CHOSEN_FIRST.test(r.detail))
  if (!list) return rows.map((r) => r.detail).join('\n')
  const under = new Set([list.id])
  for (const r of rows) if (under.has(r.parent)) under.add(r.id)
  return rows
    .filter((r) => under.has(r.id))
    .map((r) => r.detail)
    .join('\n')
}
let env: TestEnv
let office: Session
let dept: Session
let leader: Session
let editor: Session
beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'xunshiban')
  dept = await login(env.app, 'dept_bating')
  leader = await login(env.app, 'leader')
  editor = await login(env.app, 'yanjiushi')
})
afterAll(() => env.close())

/** The plan's lines as one text. */
const text = (rows: PlanRow[]) => rows.map((r) => r.detail).join('\n')

/** `withLoggedApp` over this file's database. */
const logged = (keep: (sql: string) => boolean, check: (l: Logged) => Promise<void>) =>
  withLoggedApp(env, keep, check)

describe('list pages in their default order', () => {
  it('come in the order asked for, ties by id the same way, page after page', async () => {
    for (const [path, key] of [
      ['/api/findings', 'createdAt'],
      ['/api/measures', 'deadline'],
    ] as const)
      for (const order of ['asc', 'desc'] as const) {
        const all = (await as(env.app, office).get(`${path}?sort=${key}&order=${order}&pageSize=200`)).json()
        expect(all.items.length).toBe(all.total)
        const sign = order === 'asc' ? 1 : -1
        const sorted = [...all.items].sort(
          (a: Json, b: Json) => sign * (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id < b.id ? -1 : 1),
        )
        expect(all.items.map((x: Json) => x.id)).toEqual(sorted.map((x: Json) => x.id))
        const pages: string[] = []
        for (let page = 1; page <= 3; page++)
          pages.push(
            ...(await as(env.app, office).get(`${path}?sort=${key}&order=${order}&pageSize=3&page=${page}`))
              .json()
              .items.map((x: Json) => x.id),
          )
        expect(pages).toEqual(all.items.slice(0, 9).map((x: Json) => x.id))
      }
  })

  it.skipIf(engine !== 'sqlite')(
    'read the page from an index in its order on SQLite, for the office and a department',
    () =>
      logged(
        (sql) => /\blimit\b/.test(sql),
        async ({ app, seen, plan }) => {
          for (const s of [office, dept])
            for (const path of ['/api/findings', '/api/measures', '/api/measures?status=open&'])
              for (const order of ['asc', 'desc'])
                expect(
                  (await as(app, s).get(`${path}${path.endsWith('&') ? '' : '?'}order=${order}`)).statusCode,
                ).toBe(200)
          expect(seen.length).toBeGreaterThanOrEqual(10)
          // a page's ids are chosen first (a subquery); joining them, it sorts its own few rows
          for (const q of seen)
            expect(pageIds(await plan(q)), q.sql).not.toMatch(/TEMP B-TREE FOR .*ORDER BY/)
        },
      ),
  )

  it('the case library comes newest first, ties by id the same way, page after page', async () => {
    for (const s of [leader, editor]) {
      const all = (await as(env.app, s).get('/api/cases?pageSize=100')).json()
      expect(all.items.length).toBe(Math.min(100, all.total))
      expect(all.total).toBeGreaterThan(3)
      const sorted = [...all.items].sort((a: Json, b: Json) =>
        a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : a.id > b.id ? -1 : 1,
      )
      expect(all.items.map((x: Json) => x.id)).toEqual(sorted.map((x: Json) => x.id))
      const pages: string[] = []
      for (let page = 1; page <= 2; page++)
        pages.push(
          ...(await as(env.app, s).get(`/api/cases?pageSize=2&page=${page}`))
            .json()
            .items.map((x: Json) => x.id),
        )
      expect(pages).toEqual(all.items.slice(0, 4).map((x: Json) => x.id))
    }
  })

  it.skipIf(engine !== 'sqlite')(
    "reads the case library's page in its order and counts it from an index alone on SQLite",
    () =>
      logged(
        (sql) => /\bfrom "legal_case"/.test(sql),
        async ({ app, seen, plan }) => {
          for (const s of [leader, editor])
            for (const query of ['', '?kind=typical', '?domain=criminal', '?q=' + encodeURIComponent('盗窃')])
              expect((await as(app, s).get(`/api/cases${query}`)).statusCode).toBe(200)
          const pages = seen.filter((q) => /\blimit\b/.test(q.sql))
          const counts = seen.filter((q) => /^select count/.test(q.sql))
          expect(pages).toHaveLength(8)
          expect(counts).toHaveLength(8)
          for (const q of pages) expect(text(await plan(q)), q.sql).not.toMatch(/TEMP B-TREE FOR .*ORDER BY/)
          for (const q of counts) {
            const t = text(await plan(q))
            expect(t, q.sql).toMatch(/COVERING INDEX/)
            expect(t, q.sql).not.toMatch(/unit/)
          }
        },
      ),
  )

  it.skipIf(engine !== 'sqlite')(
    "reads a department's tasks and reports, and a team member's pages, by index on SQLite",
    async () => {
      const member = await login(env.app, 'xs_zuyuan1')
      const yiting = await login(env.app, 'dept_yiting')
      await logged(
        () => true,
        async ({ app, seen, plan }) => {
          for (const path of ['/api/tasks?year=2024', '/api/quarterly-reports', '/api/tasks'])
            expect((await as(app, yiting).get(path)).statusCode).toBe(200)
          const tasks = seen.filter((q) => /\bfrom "task"/.test(q.sql))
          expect(tasks.length).toBeGreaterThanOrEqual(3)
          for (const q of tasks) expect(text(await plan(q)), q.sql).not.toMatch(/SCAN task\b/)

          seen.length = 0
          for (const path of ['/api/findings', '/api/measures', '/api/targets'])
            expect((await as(app, member).get(path)).statusCode).toBe(200)
          const pages = seen.filter((q) => /\blimit\b/.test(q.sql))
          expect(pages).toHaveLength(3)
          for (const q of pages) {
            // the page's ids come first, from the rows' own columns; only they are joined
            const rows = await plan(q)
            expect(
              rows.some((r) => CHOSEN_FIRST.test(r.detail)),
              q.sql,
            ).toBe(true)
            expect(pageIds(rows), q.sql).not.toMatch(/\b(ou|fu|team|finding_category|d)\b/)
          }
          // and the targets' count reads the target rows alone
          const count = seen.find((q) => /^select count\(\*\) as "n" from "target"/.test(q.sql))!
          expect(count.sql).not.toMatch(/join/)
        },
      )
    },
  )
})
