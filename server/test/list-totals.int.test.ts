import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, login, type Session, type TestEnv } from './harness'

// The findings list and the rectification ledger count their totals with a query of their
// own (without the list's joins); each total must agree with the rows the list returns, for
// every kind of scope and filter.
describe('list totals', () => {
  let env: TestEnv
  beforeAll(async () => {
    env = await createTestEnv()
  })
  afterAll(async () => env?.close())

  const users = ['xunshiban', 'leader', 'bj_liaison', 'bj_leader', 'tj_liaison', 'xs_zuzhang1', 'xs_zuyuan2']
  const TEXT = encodeURIComponent('整改')

  /** Every row of a list, page by page, and the total it reported. */
  async function collect(s: Session, url: string) {
    const ids: string[] = []
    let total = -1
    for (let page = 1; page < 50; page++) {
      const res = await as(env.app, s).get(`${url}&pageSize=200&page=${page}`)
      expect(res.statusCode, url).toBe(200)
      total = res.json().total
      ids.push(...res.json().items.map((m: { id: string }) => m.id))
      if (res.json().items.length < 200) break
    }
    return { total, ids }
  }

  async function check(path: string, filters: string[]) {
    let seen = 0
    for (const username of users) {
      const s = await login(env.app, username)
      for (const f of filters) {
        const { total, ids } = await collect(s, `${path}?${f}`)
        expect(total, `${username} ${path}?${f}`).toBe(ids.length)
        seen += ids.length
      }
    }
    // the demo's rounds carry these rows, so the comparison is not between empty lists
    expect(seen).toBeGreaterThan(0)
  }

  it('of the rectification ledger equal its rows, for each scope and filter', async () => {
    const rounds = await env.db.selectFrom('round').select('id').execute()
    await check('/api/measures', [
      '',
      'status=open',
      'status=done',
      'overdue=1',
      `q=${TEXT}`,
      'sort=progress&order=desc',
      ...rounds.map((r) => `roundId=${r.id}`),
    ])
  })

  it('of the findings list equal its rows, for each scope and filter', async () => {
    const rounds = await env.db.selectFrom('round').select('id').execute()
    const parent = await env.db
      .selectFrom('findingCategory')
      .select('id')
      .where('parentId', 'is', null)
      .executeTakeFirstOrThrow()
    await check('/api/findings', [
      '',
      'status=draft',
      'status=rectifying',
      'severity=severe',
      `categoryId=${parent.id}`,
      `q=${TEXT}`,
      'sort=title&order=desc',
      ...rounds.map((r) => `roundId=${r.id}`),
    ])
  })

  it("of each round's findings equal the findings list of that round, for each scope", async () => {
    let seen = 0
    for (const username of users) {
      const s = await login(env.app, username)
      const rounds = (await as(env.app, s).get('/api/rounds?pageSize=100')).json().items as {
        id: string
        findingCount: number
      }[]
      for (const r of rounds) {
        const one = (await as(env.app, s).get(`/api/rounds/${r.id}`)).json()
        const { total } = await collect(s, `/api/findings?roundId=${r.id}`)
        expect(r.findingCount, `${username} round ${r.id}`).toBe(total)
        expect(one.findingCount).toBe(total)
        seen += total
      }
    }
    expect(seen).toBeGreaterThan(0)
  })

  it('of the ledger count a department owner by the measures of their department as well as their scope', async () => {
    const grant = await env.db
      .selectFrom('roleGrant as g')
      .select(['g.userId', 'g.scopeId'])
      .select((eb) =>
        eb.selectFrom('appUser as u').select('u.username').whereRef('u.id', '=', 'g.userId').as('username'),
      )
      .where('g.role', '=', 'department_owner')
      .executeTakeFirstOrThrow()
    // hand two measures to the department (the demo's departments with accounts are the
    // supreme procuratorate's, its measures the provinces')
    const measures = await env.db.selectFrom('rectificationMeasure').select('id').limit(2).execute()
    expect(measures.length).toBe(2)
    await env.db
      .updateTable('rectificationMeasure')
      .set({ departmentId: grant.scopeId })
      .where(
        'id',
        'in',
        measures.map((m) => m.id),
      )
      .execute()
    const s = await login(env.app, grant.username!)
    for (const f of ['', 'status=open', `q=${TEXT}`]) {
      const { total, ids } = await collect(s, `/api/measures?${f}`)
      expect(total, f).toBe(ids.length)
    }
    expect((await collect(s, '/api/measures?')).total).toBeGreaterThanOrEqual(2)
  })
})
