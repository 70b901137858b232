import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/database'
import { as, createTestEnv, engine, login, upload, type Session, type TestEnv } from '../../test/harness'
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
    // the library's batch facet names the batch and filters by it
    const found = (
      await as(env.app, editor).get(`/api/cases/search?q=${encodeURIComponent('虚开增值税专用发票')}`)
    ).json()
    expect(found.facets.batchId[batch.id]).toBe(3)
    expect(found.batchNames[batch.id]).toBe('第五十批')
    const inBatch = (
      await as(env.app, editor).get(
        `/api/cases/search?q=${encodeURIComponent('虚开增值税专用发票')}&batchId=${batch.id}`,
      )
    ).json()
    expect(inBatch.total).toBe(3)
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
    // from the similarity engine: scored, best first, explained by what they share
    expect(related.every((r: Json) => r.id !== hit.id && r.sharedTerms.length > 0)).toBe(true)
    expect(related.map((r: Json) => r.score)).toEqual(
      [...related.map((r: Json) => r.score)].sort((a, b) => b - a),
    )
    expect(related[0].sharedTerms.map((t: Json) => t.term)).toContain('交通肇事罪')
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
  it('counts in the database what a tally of every case past drafting counts', async () => {
    const BUCKET: Record<string, string> = {
      published: 'issued',
      submitted: 'pending',
      in_review: 'pending',
      committee: 'pending',
      approved: 'pending',
      returned: 'returned',
      rejected: 'rejected',
      withdrawn: 'withdrawn',
    }
    const rows = await env.db
      .selectFrom('legalCase as c')
      .innerJoin('unit as u', 'u.id', 'c.sourceUnitId')
      .select(['c.kind', 'c.domain', 'c.status', 'c.publishedAt', 'c.submittedAt', 'c.createdAt', 'u.name'])
      .where('c.status', '!=', 'draft')
      .execute()
    const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null))
    const statuses = new Set(rows.map((r) => r.status))
    expect(statuses.size).toBeGreaterThan(1)
    for (const year of [undefined, 2024, 2001]) {
      const zero = () => ({ issued: 0, pending: 0, returned: 0, rejected: 0, withdrawn: 0 })
      const want: Json = { total: zero(), kind: {}, domain: {}, quarter: {}, unit: {} }
      for (const r of rows) {
        const at = [iso(r.publishedAt), iso(r.submittedAt)]
        if (year && !at.some((t) => t?.startsWith(String(year)))) continue
        const b = BUCKET[r.status]
        const day = (at[0] ?? at[1] ?? iso(r.createdAt))!
        const quarter = `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`
        want.total[b]++
        for (const [dim, key] of [
          ['kind', r.kind],
          ['domain', r.domain],
          ['quarter', quarter],
          ['unit', r.name],
        ])
          (want[dim][key] ??= zero())[b]++
      }
      const got = (await as(env.app, editor).get(`/api/cases/stats${year ? `?year=${year}` : ''}`)).json()
      expect({
        total: got.total,
        kind: got.kind,
        domain: got.domain,
        quarter: got.quarter,
        unit: got.unit,
      }).toEqual(want)
    }
  })

  it('counts issued, pending, returned and rejected cases and downloads the ledger', async () => {
    const stats = (await as(env.app, editor).get('/api/cases/stats')).json()
    expect(stats.total.issued).toBeGreaterThanOrEqual(1997)
    expect(stats.kind.typical.issued).toBeGreaterThanOrEqual(1997)
    expect(stats.usedCases).toBeGreaterThanOrEqual(1)
    const y2024 = (await as(env.app, editor).get('/api/cases/stats?year=2024')).json()
    expect(y2024.quarter['2024Q2'].issued).toBeGreaterThanOrEqual(1997)
    expect((await as(env.app, editor).get('/api/cases/stats?year=2001')).json().total.issued).toBe(0)
    const res = await as(env.app, editor).get('/api/ledgers/cases.xlsx')
    expect(res.statusCode).toBe(200)
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK')
    expect((await as(env.app, bjLiaison).get('/api/cases/stats')).statusCode).toBe(403)
  })
})

/** A Word document: headings as Word headings, or 【inline】 with their text, as case documents have both. */
async function docx(blocks: (string | { h: string })[]) {
  const doc = new Document({
    sections: [
      {
        children: blocks.map((b) =>
          typeof b === 'string'
            ? new Paragraph(b)
            : new Paragraph({ text: b.h, heading: HeadingLevel.HEADING_2 }),
        ),
      },
    ],
  })
  return Packer.toBuffer(doc)
}

const GOOD_CASE = [
  '检例第999号',
  '某環(huán)保公司污染環境刑事附帶民事公益訴訟案',
  { h: '关键词' },
  '污染环境；刑事附带民事公益诉讼；生态修复',
  '【要旨】 对污染环境犯罪，检察机关应当一并追究生态环境损害赔偿责任。',
  { h: '基本案情' },
  '２０２２年３月，某公司将未经处理的废水直接排放，造成河道污染。',
  '經查，該公司累計排放廢水1200余噸，??傮w 造成直接損失。',
  { h: '检察履职情况' },
  '检察机关提起刑事附带民事公益诉讼，请求判令被告承担修复费用。',
  { h: '典型意义' },
  '本案明确了生态修复责任与刑事责任一并追究的规则。',
  '相关规定：',
  '《中华人民共和国刑法》第三百三十八条',
  '《中华人民共和国民法典》第一千二百三十四条',
  '领域：公益诉讼',
]

describe('import from Word', () => {
  const events = () =>
    env.db
      .selectFrom('auditEvent')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n))
  const cases = () =>
    env.db
      .selectFrom('legalCase')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n))

  it('reads the headings into a normalized draft and returns its damaged runs', async () => {
    const file = await docx(GOOD_CASE)
    const res = await upload(env.app, editor, '/api/cases/import', {}, { name: '案例.docx', content: file })
    expect(res.statusCode).toBe(201)
    const { case: c, flags, changes, notes } = res.json()
    expect(c).toMatchObject({
      status: 'draft',
      kind: 'typical',
      domain: 'public_interest',
      title: '某環保公司污染環境刑事附帶民事公益訴訟案',
      keywords: ['污染环境', '刑事附带民事公益诉讼', '生态修复'],
      relatedLaws: ['《中华人民共和国刑法》第三百三十八条', '《中华人民共和国民法典》第一千二百三十四条'],
      gist: '对污染环境犯罪，检察机关应当一并追究生态环境损害赔偿责任。',
      procuratorialWork: '检察机关提起刑事附带民事公益诉讼，请求判令被告承担修复费用。',
      significance: '本案明确了生态修复责任与刑事责任一并追究的规则。',
    })
    expect(c.facts.startsWith('2022年3月')).toBe(true)
    expect(changes).toMatchObject({ pinyinRemoved: 1 })
    expect(changes.widthFolded).toBeGreaterThanOrEqual(5)
    expect(notes.some((n: string) => n.includes('典型案例'))).toBe(true)
    expect(flags).toHaveLength(1)
    expect(flags[0]).toMatchObject({ field: 'facts', text: '??傮w' })
    expect(c.facts.slice(flags[0].start, flags[0].end)).toBe('??傮w')
    const audit = await env.db
      .selectFrom('auditEvent')
      .select(['action', 'actorUsername'])
      .where('objectId', '=', c.id)
      .execute()
    expect(audit).toEqual([{ action: 'case.import', actorUsername: 'yanjiushi' }])
    // the imported draft is found by the traditional and simplified title alike once published;
    // as a draft it is the editor's own
    expect((await as(env.app, bjLiaison).get(`/api/cases/${c.id}`)).statusCode).toBe(404)
  })

  it('names the missing headings and writes nothing', async () => {
    const before = [await cases(), await events()]
    const file = await docx(
      GOOD_CASE.filter((b) => !(typeof b === 'object' && b.h === '基本案情')).slice(0, 11),
    )
    const res = await upload(env.app, editor, '/api/cases/import', {}, { name: 'x.docx', content: file })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('docx_heading_missing')
    expect(res.json().error.details.missing).toEqual(['基本案情', '相关规定'])
    expect(res.json().error.message).toContain('基本案情')
    expect([await cases(), await events()]).toEqual(before)
  })

  it('refuses what is not a .docx, and non-editors', async () => {
    const before = [await cases(), await events()]
    const txt = await upload(
      env.app,
      editor,
      '/api/cases/import',
      {},
      { name: 'case.txt', content: Buffer.from('标题\n某案') },
    )
    expect(txt.json().error.code).toBe('file_type_not_allowed')
    const doc = await upload(
      env.app,
      editor,
      '/api/cases/import',
      {},
      { name: 'old.docx', content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
    )
    expect(doc.json().error.code).toBe('file_type_not_allowed')
    const zip = await upload(
      env.app,
      editor,
      '/api/cases/import',
      {},
      { name: 'sheet.docx', content: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64)]) },
    )
    expect(zip.json().error.code).toBe('docx_unreadable')
    const big = await upload(
      env.app,
      editor,
      '/api/cases/import',
      {},
      { name: 'big.docx', content: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(11 * 1_048_576)]) },
    )
    expect(big.json().error.code).toBe('file_too_large')
    const file = await docx(GOOD_CASE)
    const denied = await upload(
      env.app,
      bjLiaison,
      '/api/cases/import',
      {},
      { name: 'a.docx', content: file },
    )
    expect(denied.statusCode).toBe(403)
    // audited denial aside, nothing was written
    expect(await cases()).toBe(before[0])
  })
})

describe('review checklist', () => {
  const ORIGINAL = [
    { key: 'typicality', name: '典型性', max: 30 },
    { key: 'rule', name: '提炼的司法规则', max: 30 },
    { key: 'completeness', name: '要素完整性', max: 20 },
    { key: 'writing', name: '文字表达', max: 20 },
  ]

  it('is kept by a case reviewer at the top unit, audited; others are refused', async () => {
    const got = (await as(env.app, editor).get('/api/case-review-criteria')).json()
    expect(got.canEdit).toBe(true)
    expect(got.items.map((c: Json) => [c.key, c.max, c.active])).toEqual(
      ORIGINAL.map((c) => [c.key, c.max, true]),
    )
    expect((await as(env.app, committee).get('/api/case-review-criteria')).json().canEdit).toBe(false)
    const body = { criteria: ORIGINAL }
    expect((await as(env.app, bjLiaison).put('/api/case-review-criteria', body)).statusCode).toBe(403)
    expect((await as(env.app, committee).put('/api/case-review-criteria', body)).statusCode).toBe(403)
    const dup = await as(env.app, editor).put('/api/case-review-criteria', {
      criteria: [...ORIGINAL, ORIGINAL[0]],
    })
    expect(dup.json().error.code).toBe('criterion_duplicate')
    const none = await as(env.app, editor).put('/api/case-review-criteria', {
      criteria: ORIGINAL.map((c) => ({ ...c, active: false })),
    })
    expect(none.json().error.code).toBe('criteria_none_active')
  })

  it('validates reviews against the active criteria and keeps each round on its own list', async () => {
    const c = (
      await as(env.app, editor).post('/api/cases', { ...CASE, title: '评审标准变更前后的案例' })
    ).json()
    const go = (action: string) => as(env.app, editor).post(`/api/cases/${c.id}/transition`, { action })
    await go('submit')
    await go('start_review')
    await as(env.app, editor).post(`/api/cases/${c.id}/reviews`, {
      scores: { typicality: 20, rule: 20, completeness: 15, writing: 10 },
      comment: '请补充法律依据',
      decision: 'return',
    })

    // the checklist changes: a new criterion first, 文字表达 switched off
    const put = await as(env.app, editor).put('/api/case-review-criteria', {
      criteria: [
        { key: 'legal_basis', name: '法律依据', max: 10, description: '援引的规定准确、现行有效' },
        ...ORIGINAL.map((x) => ({ ...x, active: x.key !== 'writing' })),
      ],
    })
    expect(put.statusCode).toBe(200)
    expect(put.json().items.map((x: Json) => `${x.sortOrder}:${x.key}:${x.active}`)).toEqual([
      '1:legal_basis:true',
      '2:typicality:true',
      '3:rule:true',
      '4:completeness:true',
      '5:writing:false',
    ])
    const event = await env.db
      .selectFrom('auditEvent')
      .select(['actorUsername', 'details'])
      .where('action', '=', 'case.criteria_update')
      .executeTakeFirstOrThrow()
    expect(event.actorUsername).toBe('yanjiushi')

    await go('submit')
    await go('start_review')
    const missing = await as(env.app, editor).post(`/api/cases/${c.id}/reviews`, {
      scores: { typicality: 28, rule: 27, completeness: 18 },
      comment: '',
      decision: 'pass',
    })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error).toMatchObject({ code: 'score_incomplete', details: { key: 'legal_basis' } })
    const stale = await as(env.app, editor).post(`/api/cases/${c.id}/reviews`, {
      scores: { legal_basis: 9, typicality: 28, rule: 27, completeness: 18, writing: 15 },
      comment: '',
      decision: 'pass',
    })
    expect(stale.json().error.code).toBe('score_unknown_criterion')
    const over = await as(env.app, editor).post(`/api/cases/${c.id}/reviews`, {
      scores: { legal_basis: 11, typicality: 28, rule: 27, completeness: 18 },
      comment: '',
      decision: 'pass',
    })
    expect(over.json().error.code).toBe('score_exceeds')
    const ok = await as(env.app, editor).post(`/api/cases/${c.id}/reviews`, {
      scores: { legal_basis: 9, typicality: 28, rule: 27, completeness: 18 },
      comment: '',
      decision: 'pass',
    })
    expect(ok.statusCode).toBe(201)

    const scored = (await as(env.app, editor).get(`/api/cases/${c.id}/reviews`))
      .json()
      .filter((r: Json) => r.criteria.length > 0)
    expect(scored.map((r: Json) => [r.round, r.action, r.total])).toEqual([
      [1, 'return', 65],
      [2, 'pass', 82],
    ])
    expect(scored[0].criteria).toEqual(ORIGINAL)
    expect(scored[1].criteria.map((x: Json) => x.key)).toEqual([
      'legal_basis',
      'typicality',
      'rule',
      'completeness',
    ])

    // back to the original list for the other tests; the removed criterion leaves round 2 as it was
    expect(
      (await as(env.app, editor).put('/api/case-review-criteria', { criteria: ORIGINAL })).statusCode,
    ).toBe(200)
    const again = (await as(env.app, editor).get(`/api/cases/${c.id}/reviews`)).json()
    expect(again.find((r: Json) => r.action === 'pass').criteria[0]).toEqual({
      key: 'legal_basis',
      name: '法律依据',
      max: 10,
    })
  })
})

describe('used and unused cases', () => {
  it('filters the list and the search by whether a case was studied or cited', async () => {
    const hit = (await as(env.app, bjLiaison).get(`/api/cases/search?q=${encodeURIComponent('抢劫')}`))
      .json()
      .items.find((i: Json) => i.useCount === 0)
    expect(hit).toBeDefined()
    await as(env.app, bjLiaison).post(`/api/cases/${hit.id}/uses`, { kind: 'studied', usedOn: '2024-10-08' })
    await as(env.app, bjLiaison).post(`/api/cases/${hit.id}/uses`, {
      kind: 'cited',
      matter: '京检刑诉〔2024〕8号',
      usedOn: '2024-10-09',
    })
    expect((await as(env.app, bjLiaison).get(`/api/cases/${hit.id}`)).json().useCount).toBe(2)

    const list = (used?: string) =>
      as(env.app, bjLiaison)
        .get(`/api/cases?status=published&pageSize=200${used ? `&used=${used}` : ''}`)
        .then((r) => r.json())
    const [all, used, unused] = [await list(), await list('true'), await list('false')]
    expect(used.total + unused.total).toBe(all.total)
    expect(used.items.every((c: Json) => c.useCount > 0)).toBe(true)
    expect(used.items.map((c: Json) => c.id)).toContain(hit.id)
    expect(unused.items.every((c: Json) => c.useCount === 0)).toBe(true)
    expect(unused.items.map((c: Json) => c.id)).not.toContain(hit.id)

    const search = (used: string) =>
      as(env.app, bjLiaison)
        .get(`/api/cases/search?q=${encodeURIComponent('抢劫')}&pageSize=50&used=${used}`)
        .then((r) => r.json())
    const [s1, s0] = [await search('true'), await search('false')]
    expect(s1.items.map((i: Json) => i.id)).toContain(hit.id)
    expect(s1.items.every((i: Json) => i.useCount > 0)).toBe(true)
    expect(s0.items.map((i: Json) => i.id)).not.toContain(hit.id)
    expect(s0.total).toBeGreaterThan(0)
    expect((await as(env.app, bjLiaison).get('/api/cases?used=maybe')).statusCode).toBe(400)
  })
})

describe('case text kept as it arrived', () => {
  it('stores typed text normalized and keeps the original with damaged runs flagged', async () => {
    const res = await as(env.app, editor).post('/api/cases', {
      ...CASE,
      title: '某公司虛開增值稅專用發(fā)票案',
      gist: '對於沒有騙取國家稅款目的??傮w的開票行為',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().title).toBe('某公司虛開增值稅專用發票案')
    const originals = (await as(env.app, editor).get(`/api/cases/${res.json().id}/text-originals`)).json()
    expect(originals.find((o: Json) => o.field === 'title').original).toBe('某公司虛開增值稅專用發(fā)票案')
    expect(originals.find((o: Json) => o.field === 'gist').flags).toHaveLength(1)
    // a draft stays with its unit: its original too
    expect((await as(env.app, bjLiaison).get(`/api/cases/${res.json().id}/text-originals`)).statusCode).toBe(
      404,
    )
  })
})
