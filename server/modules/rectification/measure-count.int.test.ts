import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, login, type TestEnv } from '../../test/harness'

// The ledger's total is counted by a query of its own (without the list's joins); it must
// agree with the rows the list returns, for every kind of scope and filter.
describe('rectification ledger total', () => {
  let env: TestEnv
  beforeAll(async () => {
    env = await createTestEnv()
  })
  afterAll(async () => env?.close())

  const users = ['xunshiban', 'leader', 'bj_liaison', 'bj_leader', 'tj_liaison', 'xs_zuzhang1', 'xs_zuyuan2']
  const filters = [
    '',
    'status=open',
    'status=done',
    'overdue=1',
    'q=%E6%95%B4%E6%94%B9',
    'sort=progress&order=desc',
  ]

  it('equals the number of rows listed, for each scope and filter', async () => {
    const rounds = await env.db.selectFrom('round').select('id').execute()
    let seen = 0
    for (const username of users) {
      const s = await login(env.app, username)
      const extra = [...filters, ...rounds.map((r) => `roundId=${r.id}`)]
      for (const f of extra) {
        const ids: string[] = []
        let total = -1
        for (let page = 1; page < 50; page++) {
          const res = await as(env.app, s).get(`/api/measures?pageSize=200&page=${page}&${f}`)
          expect(res.statusCode, `${username} ${f}`).toBe(200)
          const body = res.json()
          total = body.total
          ids.push(...body.items.map((m: { id: string }) => m.id))
          if (body.items.length < 200) break
        }
        expect(total, `${username} ${f}`).toBe(ids.length)
        seen += ids.length
      }
    }
    // the demo's rounds carry measures, so the comparison is not between empty lists
    expect(seen).toBeGreaterThan(0)
  })

  it('counts a department owner by the measures of their department as well as their scope', async () => {
    const grant = await env.db
      .selectFrom('roleGrant as g')
      .innerJoin('appUser as u', 'u.id', 'g.userId')
      .innerJoin('department as d', 'd.id', 'g.scopeId')
      .select(['u.username', 'g.scopeId'])
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
    const s = await login(env.app, grant.username)
    for (const f of ['', 'status=open', 'q=%E6%95%B4%E6%94%B9']) {
      const res = await as(env.app, s).get(`/api/measures?pageSize=200&${f}`)
      expect(res.statusCode).toBe(200)
      expect(res.json().total, f).toBe(res.json().items.length)
    }
    const all = await as(env.app, s).get('/api/measures?pageSize=200')
    expect(all.json().total).toBeGreaterThanOrEqual(2)
  })
})
