import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/database'
import { actorOf } from '../../seed/demo-inspections'
import { sql } from 'kysely'
import { as, createTestEnv, engine, login, type Session, type TestEnv } from '../../test/harness'
import { systemCtx, type Ctx } from '../access/context'
import { keysOfWords } from '../text/similar.service'
import { nearCases, related as relatedCases, search } from './case.service'

// Search answers repeated queries from the hits read at the library's current version, and related
// cases look up only the band keys a case holds: both must answer what reading afresh answers.
let env: TestEnv
let reader: Session // bj_liaison: reads published cases
let editor: Session // yanjiushi: case editor and reviewer at the supreme procuratorate
let committee: Session
let readerCtx: Ctx
type Json = Record<string, any>

/** Another instance on the same database: its own plans and kept hits (none yet). */
const instance = (db: DB): DB =>
  db.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => a.result })

beforeAll(async () => {
  env = await createTestEnv()
  reader = await login(env.app, 'bj_liaison')
  editor = await login(env.app, 'yanjiushi')
  committee = await login(env.app, 'jianweihui')
  readerCtx = { ...systemCtx(), actor: await actorOf(env.db, 'bj_liaison') }
})
afterAll(() => env.close())

const CASE = {
  kind: 'typical',
  title: '某公司虚开增值税专用发票案',
  keywords: ['虚开增值税专用发票'],
  gist: '对于没有骗取国家税款目的、未造成税款损失的开票行为，不以虚开增值税专用发票罪论处。',
  facts: '某公司为虚增营业业绩，与他公司相互开具增值税专用发票，未抵扣税款。',
  procuratorialWork: '检察机关审查认为不构成犯罪，依法作出不起诉决定。',
  significance: '准确把握虚开增值税专用发票罪的构成要件。',
  relatedLaws: ['《中华人民共和国刑法》第二百零五条'],
  domain: 'criminal',
}

let batches = 0
async function publishedCase(fields: Json) {
  const c = (await as(env.app, editor).post('/api/cases', fields)).json()
  await as(env.app, editor).post(`/api/cases/${c.id}/transition`, { action: 'submit' })
  await as(env.app, editor).post(`/api/cases/${c.id}/transition`, { action: 'start_review' })
  await as(env.app, editor).post(`/api/cases/${c.id}/reviews`, {
    scores: { typicality: 28, rule: 27, completeness: 18, writing: 17 },
    comment: '同意',
    decision: 'pass',
  })
  await as(env.app, committee).post(`/api/cases/${c.id}/transition`, { action: 'approve' })
  const created = await as(env.app, committee).post('/api/case-batches', {
    name: `第${++batches}批`,
    theme: '依法保护民营企业',
    caseIds: [c.id],
  })
  expect(created.statusCode).toBe(201)
  const batch = created.json()
  const published = await as(env.app, committee).post(`/api/case-batches/${batch.id}/publish`)
  expect(published.statusCode).toBe(200)
  return { id: c.id as string, batchId: batch.id as string }
}

const searchOf = (db: DB, q: Json) => search(db, readerCtx, { page: 1, pageSize: 10, ...q } as never)

describe('kept search hits', () => {
  it('answer every query, filter and page as a fresh search does', async () => {
    // On PostgreSQL a search plans from the planner's statistics of the cases' words: settled
    // first, so that an autovacuum's ANALYZE between two searches cannot change the plan.
    if (engine === 'postgres') await sql`analyze legal_case`.execute(env.db)
    const queries: Json[] = [
      { q: '故意伤害' },
      { q: '故意伤害', page: 3 },
      { q: '故意伤害', domain: 'criminal', pageSize: 20 },
      { q: '故意伤害', year: 2016 },
      { q: '抢劫', kind: 'typical' },
      { q: '抢劫', used: false },
      { q: '离婚 抢劫' },
      { q: '抚养', domain: 'civil' },
      { q: '年 月' },
      { q: '龘靐' },
    ]
    for (const q of queries) {
      const first = await searchOf(env.db, q)
      const kept = await searchOf(env.db, q)
      const fresh = await searchOf(instance(env.db), q)
      expect(kept).toEqual(first)
      expect(kept).toEqual(fresh)
    }
    const one = await searchOf(env.db, { q: '故意伤害' })
    const keyword = Object.keys(one.facets.keyword)[0]
    expect(await searchOf(env.db, { q: '故意伤害', keyword })).toEqual(
      await searchOf(instance(env.db), { q: '故意伤害', keyword }),
    )
  })

  it('see every write to the library at once, here and on another instance', async () => {
    const other = instance(env.db)
    const q = { q: '虚开增值税专用发票', pageSize: 50 }
    const before = await searchOf(env.db, q)
    expect(await searchOf(other, q)).toEqual(before)

    // a draft is written (the version moves) but stays out of the library
    const draft = (await as(env.app, editor).post('/api/cases', CASE)).json()
    expect((await searchOf(env.db, q)).total).toBe(before.total)

    const { id, batchId } = await publishedCase(CASE)
    for (const db of [env.db, other]) {
      const after = await searchOf(db, q)
      expect(after.total).toBe(before.total + 1)
      expect(after.items.map((i: Json) => i.id)).toContain(id)
      expect(after.items.map((i: Json) => i.id)).not.toContain(draft.id)
      expect(after.facets.batchId[batchId]).toBe(1)
      expect(await searchOf(instance(env.db), q)).toEqual(after)
    }

    // a use recorded
    const unused = (db: DB) => searchOf(db, { ...q, used: false }).then((r) => r.items.map((i: Json) => i.id))
    expect(await unused(other)).toContain(id)
    await as(env.app, reader).post(`/api/cases/${id}/uses`, { kind: 'studied', usedOn: '2024-10-08' })
    expect(await unused(other)).not.toContain(id)
    expect((await searchOf(other, { ...q, used: true })).items.map((i: Json) => i.id)).toEqual([id])

    // an edit of the text (a returned draft) and a withdrawal
    const words = (db: DB, w: string) => searchOf(db, { q: w }).then((r) => r.items.map((i: Json) => i.id))
    expect(await words(other, '增值税')).toContain(id)
    await as(env.app, committee).post(`/api/cases/${id}/transition`, {
      action: 'withdraw',
      reason: '法律修改',
    })
    const withdrawn = await searchOf(other, q)
    expect(withdrawn.total).toBe(before.total + 1)
    expect(withdrawn).toEqual(await searchOf(instance(env.db), q))
  })
})

describe('related cases', () => {
  it('count shared band keys exactly as reading every case’s keys does', async () => {
    const all = await env.db
      .selectFrom('textBand')
      .select(['bandKey', 'objectId'])
      .where('objectType', '=', 'case')
      .execute()
    const holders = new Map<string, string[]>()
    for (const r of all) holders.set(r.bandKey, [...(holders.get(r.bandKey) ?? []), r.objectId])
    const cases = await env.db
      .selectFrom('legalCase')
      .select(['id', 'searchTokens'])
      .where('status', '=', 'published')
      .orderBy('id')
      .execute()
    let compared = 0
    for (const c of cases.filter((_, i) => i % 97 === 0)) {
      const keys = keysOfWords(c.searchTokens.split(' '))
      const shared = new Map<string, number>()
      for (const k of keys)
        for (const o of holders.get(k) ?? []) if (o !== c.id) shared.set(o, (shared.get(o) ?? 0) + 1)
      const expected = [...shared]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 50)
        .map(([objectId, n]) => ({ objectId, n }))
      expect(await nearCases(env.db, c.id, keys)).toEqual(expected)
      compared += expected.length
    }
    expect(compared).toBeGreaterThan(0)
  })

  it('find a near-duplicate, only when published, and are refused where the case is', async () => {
    const base = (await searchOf(env.db, { q: '交通肇事' })).items[0]
    const original = (await as(env.app, reader).get(`/api/cases/${base.id}`)).json()
    const copy = {
      ...CASE,
      title: `${original.title}（复核）`,
      keywords: original.keywords,
      facts: original.facts,
      gist: original.gist,
    }
    const draft = (await as(env.app, editor).post('/api/cases', copy)).json()
    const relatedTo = (s: Session, id: string) => as(env.app, s).get(`/api/cases/${id}/related`)
    // the draft is near the original, but not shown among the original's related cases
    expect((await relatedTo(editor, draft.id)).json()[0].id).toBe(base.id)
    expect((await relatedTo(reader, base.id)).json().map((r: Json) => r.id)).not.toContain(draft.id)
    // access: the draft is hidden from a reader elsewhere; a user without case.read is refused
    expect((await relatedTo(reader, draft.id)).statusCode).toBe(404)
    expect((await relatedTo(await login(env.app, 'sysadmin'), base.id)).statusCode).toBe(403)
    const { id } = await publishedCase(copy)
    const related = (await relatedTo(reader, base.id)).json()
    expect(related[0]).toMatchObject({ id })
    expect(related[0].score).toBeGreaterThan(0.5)
    // read again, and afresh on another instance
    expect((await relatedTo(reader, base.id)).json()).toEqual(related)
    expect(await relatedCases(instance(env.db), readerCtx, base.id)).toEqual(related)
  })
})
