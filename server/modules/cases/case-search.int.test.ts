import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseHits, caseTokenCounts, indexedCaseCount, searchCaseTokens } from '../../db/dialect'
import { sql } from 'kysely'
import { as, createTestEnv, engine, login, type Session, type TestEnv } from '../../test/harness'

// The demo library: the 1,997 CJRC passages, published.
let env: TestEnv
let reader: Session
type Json = Record<string, any>

beforeAll(async () => {
  env = await createTestEnv()
  reader = await login(env.app, 'bj_liaison')
})
afterAll(() => env.close())

const hitsOf = (words: string[], opts: Parameters<typeof caseHits>[2]) =>
  env.db
    .selectFrom(caseHits(env.db, words, opts).as('h'))
    .select(['h.id', 'h.score'])
    .execute()
    .then((rows) => rows.map((r) => ({ caseId: r.id, score: Number(r.score) })))

const search = (q: string) =>
  as(env.app, reader)
    .get(`/api/cases/search?q=${encodeURIComponent(q)}&pageSize=20`)
    .then((r) => r.json())

describe('case search planning', () => {
  it('ranks every match within the budget exactly as the full-text query does', async () => {
    const words = ['故意', '伤害', '故意伤害']
    const full = await searchCaseTokens(env.db, words, 10, 'all')
    expect(full.length).toBe(10)
    const hits = await hitsOf(words, { mode: 'all', limit: 10, budget: 2000 })
    expect(hits.sort((a, b) => b.score - a.score || (a.caseId < b.caseId ? -1 : 1))).toEqual(full)
  })

  it('ranks only `limit` of the matches when more than the budget match', async () => {
    const words = ['被告人']
    const matching = new Set((await searchCaseTokens(env.db, words, 5000, 'all')).map((h) => h.caseId))
    expect(matching.size).toBeGreaterThan(50)
    const hits = await hitsOf(words, { mode: 'all', limit: 5, budget: 50 })
    expect(hits).toHaveLength(5)
    expect(hits.every((h) => matching.has(h.caseId))).toBe(true)
  })

  it('counts the cases holding a word, and none for a word no case holds', async () => {
    const counts = await caseTokenCounts(env.db, ['故意伤害', '龘'])
    expect(counts.get('故意伤害')).toBeGreaterThan(0)
    expect(counts.get('龘')).toBe(0)
  })

  it('does not rank by words nearly every case holds', async () => {
    // PostgreSQL's counts come from the planner's statistics.
    if (engine === 'postgres') await sql`analyze legal_case`.execute(env.db)
    const cases = await indexedCaseCount(env.db)
    expect(cases).toBeGreaterThan(1900)
    const counts = await caseTokenCounts(env.db, ['年', '月'])
    expect(counts.get('年')).toBeGreaterThan(cases / 2)
    expect(counts.get('月')).toBeGreaterThan(cases / 2)
    const res = await search('年 月')
    expect(res.total).toBe(1000)
    expect(new Set(res.items.map((i: Json) => i.score))).toEqual(new Set([1]))
    // a rarer word restores the ranking
    const ranked = await search('年 月 抢劫')
    expect(new Set(ranked.items.map((i: Json) => i.score)).size).toBeGreaterThan(1)
  })

  it('leaves out a word no case holds instead of falling back to cases holding any word', async () => {
    const plain = await search('故意伤害')
    const withUnknown = await search('故意伤害龘靐')
    expect(withUnknown.terms).toEqual([...plain.terms, '龘', '靐'])
    expect(withUnknown.total).toBe(plain.total)
    expect(withUnknown.items.map((i: Json) => i.id)).toEqual(plain.items.map((i: Json) => i.id))
    expect((await search('龘靐')).total).toBe(0)
  })

  it('puts the cases holding every word above those holding some of them', async () => {
    // One demo case holds both words: the any-word tier fills the rest of the page, below it.
    const both = await searchCaseTokens(env.db, ['离婚', '抢劫'], 1000, 'all')
    expect(both).toHaveLength(1)
    const res = await search('离婚 抢劫')
    expect(res.total).toBeGreaterThan(20)
    expect(res.items[0].id).toBe(both[0].caseId)
    const scores = res.items.map((i: Json) => i.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
  })
})
