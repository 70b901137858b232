import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/database'
import { as, createTestEnv, engine, login, type Session, type TestEnv } from '../../test/harness'
import { publishBatch } from './case.service'

let env: TestEnv
let editor: Session // yanjiushi: case_editor + case_reviewer at the supreme procuratorate
let committee: Session
let bjLiaison: Session
type Json = Record<string, any>

const CASE = {
  kind: 'guiding',
  title: '某公司虚开增值税专用发票案',
  keywords: ['虚开增值税专用发票', '检察护企'],
  gist: '对于没有骗取国家税款目的、未造成税款损失的开票行为，不以虚开增值税专用发票罪论处。',
  facts: '某公司为虚增营业业绩，与他公司相互开具增值税专用发票，未抵扣税款。',
  procuratorialWork: '检察机关审查认为不构成犯罪，依法作出不起诉决定。',
  significance: '准确把握虚开增值税专用发票罪的构成要件，依法保护民营企业合法权益。',
  relatedLaws: ['《中华人民共和国刑法》第二百零五条'],
  domain: 'criminal',
}

beforeAll(async () => {
  env = await createTestEnv()
  editor = await login(env.app, 'yanjiushi')
  bjLiaison = await login(env.app, 'bj_liaison')
  committee = await login(env.app, 'jianweihui')
})
afterAll(() => env.close())

async function approvedCase(title: string, kind = 'guiding') {
  const c = (await as(env.app, editor).post('/api/cases', { ...CASE, title, kind })).json()
  await as(env.app, editor).post(`/api/cases/${c.id}/transition`, { action: 'submit' })
  await as(env.app, editor).post(`/api/cases/${c.id}/transition`, { action: 'start_review' })
  await as(env.app, editor).post(`/api/cases/${c.id}/reviews`, {
    scores: { typicality: 28, rule: 27, completeness: 18, writing: 17 },
    comment: '同意提交检委会',
    decision: 'pass',
  })
  await as(env.app, committee).post(`/api/cases/${c.id}/transition`, { action: 'approve' })
  return c.id as string
}

describe('case workflow', () => {
  it('goes from draft through review rounds and the committee, keeping every review', async () => {
    const c = (await as(env.app, editor).post('/api/cases', CASE)).json()
    expect(c).toMatchObject({ status: 'draft', sourceUnitName: '最高人民检察院' })
    await as(env.app, editor).post(`/api/cases/${c.id}/transition`, { action: 'submit' })
    await as(env.app, editor).post(`/api/cases/${c.id}/transition`, { action: 'start_review' })
    const ret = await as(env.app, editor).post(`/api/cases/${c.id}/reviews`, {
      scores: { typicality: 20, rule: 15, completeness: 15, writing: 15 },
      comment: '指导意义提炼不够',
      decision: 'return',
    })
    expect(ret.statusCode).toBe(201)
    expect((await as(env.app, editor).get(`/api/cases/${c.id}`)).json().status).toBe('returned')
    await as(env.app, editor).patch(`/api/cases/${c.id}`, {
      significance: '明确了不以犯罪论处的情形，为办理类案提供指引。',
    })
    await as(env.app, editor).post(`/api/cases/${c.id}/transition`, { action: 'submit' })
    await as(env.app, editor).post(`/api/cases/${c.id}/transition`, { action: 'start_review' })
    const over = await as(env.app, editor).post(`/api/cases/${c.id}/reviews`, {
      scores: { typicality: 40, rule: 25, completeness: 15, writing: 15 },
      comment: '',
      decision: 'pass',
    })
    expect(over.json().error.code).toBe('score_exceeds')
    await as(env.app, editor).post(`/api/cases/${c.id}/reviews`, {
      scores: { typicality: 28, rule: 27, completeness: 18, writing: 17 },
      comment: '',
      decision: 'pass',
    })
    expect(
      (await as(env.app, editor).post(`/api/cases/${c.id}/transition`, { action: 'approve' })).statusCode,
    ).toBe(403)
    const rejected = await as(env.app, committee).post(`/api/cases/${c.id}/transition`, { action: 'reject' })
    expect(rejected.json().error.code).toBe('reason_required')
    expect(
      (await as(env.app, committee).post(`/api/cases/${c.id}/transition`, { action: 'approve' })).json()
        .status,
    ).toBe('approved')
    const reviews = (await as(env.app, editor).get(`/api/cases/${c.id}/reviews`)).json()
    expect(reviews.map((r: Json) => `${r.round}:${r.action}`)).toEqual([
      '1:submit',
      '1:start_review',
      '1:return',
      '2:submit',
      '2:start_review',
      '2:pass',
      '2:approve',
    ])
    expect(reviews[2]).toMatchObject({ total: 65, comment: '指导意义提炼不够' })
  })

  it('keeps drafts from readers outside the editing unit and refuses writes to non-editors', async () => {
    const c = (await as(env.app, editor).post('/api/cases', { ...CASE, title: '草稿案例' })).json()
    expect((await as(env.app, bjLiaison).get(`/api/cases/${c.id}`)).statusCode).toBe(404)
    expect((await as(env.app, bjLiaison).get('/api/cases?status=draft')).json().total).toBe(0)
    expect((await as(env.app, bjLiaison).post('/api/cases', CASE)).statusCode).toBe(403)
    expect((await as(env.app, bjLiaison).post('/api/cases', { ...CASE, domain: 'space' })).statusCode).toBe(
      400,
    )
  })
})

describe('batches and 检例第N号', () => {
  it('numbers guiding cases at publication, typical cases get none, and a withdrawn number is never reused', async () => {
    const a = await approvedCase('指导案例甲')
    const b = await approvedCase('典型案例乙', 'typical')
    const c = await approvedCase('指导案例丙')
    const batch = (
      await as(env.app, committee).post('/api/case-batches', {
        name: '第五十批',
        theme: '依法保护民营企业',
        caseIds: [a, b, c],
      })
    ).json()
    expect((await as(env.app, editor).post(`/api/case-batches/${batch.id}/publish`)).statusCode).toBe(403)
    const published = (await as(env.app, committee).post(`/api/case-batches/${batch.id}/publish`)).json()
    expect(published.cases.map((x: Json) => x.numberLabel)).toEqual(['检例第1号', null, '检例第2号'])
    expect(
      (await as(env.app, committee).post(`/api/case-batches/${batch.id}/publish`)).json().error.code,
    ).toBe('batch_published')
    expect(
      (
        await as(env.app, committee).post(`/api/cases/${a}/transition`, {
          action: 'withdraw',
          reason: '法律修改',
        })
      ).json().status,
    ).toBe('withdrawn')
    const d = await approvedCase('指导案例丁')
    const next = (
      await as(env.app, committee).post('/api/case-batches', {
        name: '第五十一批',
        theme: '公益诉讼',
        caseIds: [d],
      })
    ).json()
    expect(
      (await as(env.app, committee).post(`/api/case-batches/${next.id}/publish`)).json().cases[0].numberLabel,
    ).toBe('检例第3号')
  })

  it('never leaves a gap or reuses a number when two publications race', async () => {
    const ids1 = [await approvedCase('并发甲1'), await approvedCase('并发甲2')]
    const ids2 = [await approvedCase('并发乙1'), await approvedCase('并发乙2')]
    const b1 = (
      await as(env.app, committee).post('/api/case-batches', {
        name: '并发批次一',
        theme: 't',
        caseIds: ids1,
      })
    ).json()
    const b2 = (
      await as(env.app, committee).post('/api/case-batches', {
        name: '并发批次二',
        theme: 't',
        caseIds: ids2,
      })
    ).json()
    // on PostgreSQL the two publications run on separate pooled connections at once
    const second =
      engine === 'postgres' ? openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir }) : env.db
    try {
      const me = (await as(env.app, committee).get('/api/auth/me')).json()
      const { actorOf } = await import('../../seed/demo-inspections')
      const c = { actor: await actorOf(env.db, me.user.username), ip: null, auditHash: 'sm3' as const }
      await Promise.all([publishBatch(env.db, c, b1.id), publishBatch(second, c, b2.id)])
    } finally {
      if (second !== env.db) await second.destroy()
    }
    const numbers = (
      await env.db
        .selectFrom('legalCase')
        .select('number')
        .where('number', 'is not', null)
        .orderBy('number')
        .execute()
    ).map((r) => r.number)
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1))
  })
})

describe('search, related cases and use', () => {
  it('finds the same cases for simplified, traditional and pinyin-annotated queries', async () => {
    const simple = (
      await as(env.app, bjLiaison).get(`/api/cases/search?q=${encodeURIComponent('故意伤害')}`)
    ).json()
    expect(simple.total).toBeGreaterThan(10)
    const trad = (
      await as(env.app, bjLiaison).get(`/api/cases/search?q=${encodeURIComponent('故意傷害')}`)
    ).json()
    const pinyin = (
      await as(env.app, bjLiaison).get(`/api/cases/search?q=${encodeURIComponent('故意傷(shāng)害')}`)
    ).json()
    expect(trad.items.map((i: Json) => i.id)).toEqual(simple.items.map((i: Json) => i.id))
    expect(pinyin.items.map((i: Json) => i.id)).toEqual(simple.items.map((i: Json) => i.id))
    // most of the first page carries the charge searched for (ranking differs between FTS5 and tsvector)
    expect(
      simple.items.filter((i: Json) => i.keywords[0].includes('故意伤害')).length,
    ).toBeGreaterThanOrEqual(6)
    expect(simple.items[0].highlights.length).toBeGreaterThan(0)
    expect(simple.facets.domain.criminal).toBeGreaterThan(0)
    const civil = (
      await as(env.app, bjLiaison).get(`/api/cases/search?q=${encodeURIComponent('抚养')}&domain=civil`)
    ).json()
    expect(civil.items.every((i: Json) => i.domain === 'civil')).toBe(true)
  })

  it('lists related cases and records study and citation', async () => {
    const hit = (await as(env.app, bjLiaison).get(`/api/cases/search?q=${encodeURIComponent('交通肇事')}`))
      .json()
      .items.find((i: Json) => i.keywords.includes('交通肇事罪'))
    const related = (await as(env.app, bjLiaison).get(`/api/cases/${hit.id}/related`)).json()
    expect(related.length).toBeGreaterThan(0)
    expect(related.some((r: Json) => r.keywords.includes('交通肇事罪'))).toBe(true)
    const use = await as(env.app, bjLiaison).post(`/api/cases/${hit.id}/uses`, {
      kind: 'cited',
      matter: '（2024）京检刑诉1号',
      usedOn: '2024-09-01',
    })
    expect(use.statusCode).toBe(201)
    expect((await as(env.app, bjLiaison).get(`/api/cases/${hit.id}/uses`)).json()[0]).toMatchObject({
      unitName: '北京市人民检察院',
      kind: 'cited',
    })
    const sys = await login(env.app, 'sysadmin')
    expect((await as(env.app, sys).get(`/api/cases/search?q=x`)).statusCode).toBe(403)
  })
})

describe('case statistics and ledger', () => {
  it('counts issued, pending, returned and rejected cases and downloads the ledger', async () => {
    const stats = (await as(env.app, editor).get('/api/cases/stats')).json()
    expect(stats.total.issued).toBeGreaterThanOrEqual(1997)
    expect(stats.kind.typical.issued).toBeGreaterThanOrEqual(1997)
    expect(stats.usedCases).toBeGreaterThanOrEqual(1)
    const res = await as(env.app, editor).get('/api/ledgers/cases.xlsx')
    expect(res.statusCode).toBe(200)
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK')
    expect((await as(env.app, bjLiaison).get('/api/cases/stats')).statusCode).toBe(403)
  })
})
