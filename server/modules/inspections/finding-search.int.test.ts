// The findings list's text search through the character-pair index (migration 0037): it finds
// exactly what a substring test of every finding finds, follows edits, and is read by the index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { containsText } from '../../db/dialect'
import { textGrams, queryGrams } from '../../db/grams'
import * as m0037 from '../../db/migrations/0037-finding-search'
import * as repo from './finding.repository'
import type { Scopes } from './inspection.policy'
import {
  as,
  createTestEnv,
  engine,
  login,
  unitId,
  withLoggedApp,
  type Session,
  type TestEnv,
} from '../../test/harness'
import { expectPages, FROM_THE_INDEX } from '../../test/pair-pages'

let env: TestEnv
let office: Session
let member: Session
let targetId: string
let categoryId: string
type Json = Record<string, any>

/** Texts that a search must tell apart: case, pairs spread over fields, one character, symbols. */
const TEXTS: [title: string, description: string, personsMatters: string][] = [
  ['线索移送不及时', '对控告申诉线索未按期移送', '某科室'],
  ['案件线索管理', '线索台账不全', ''],
  ['监督线', '索取材料不规范', '线索'],
  ['SQL Injection in OA module', 'Login page of the OA system', 'IT 科'],
  ['sql 注入', 'oa 系统', ''],
  ['虚假诉讼监督不力', '对虚假诉讼线索查处不力', '民事检察部'],
  ['“三个规定”落实不到位', '未如实记录（过问）情况', '100% 未填报'],
  ['一', '二', '三'],
  ['𠀀生僻字𠀁测试', '含扩展区汉字', ''],
]

const QUERIES = [
  '线索',
  '线索移送',
  '线',
  '索',
  '监督线索', // across two fields of one finding: not there
  'sql',
  'SQL',
  'Sql Inj',
  'oa',
  'OA 系',
  '虚假诉讼',
  '“三个规定”',
  '（过问）',
  '100%',
  '%',
  '_',
  '一二', // one character in each of two fields
  '𠀀生',
  '生僻字𠀁',
  '不存在的词',
]

const contains = (text: string, q: string) => text.toLowerCase().includes(q.toLowerCase())

beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'xunshiban')
  const api = as(env.app, office)
  const round = (await api.post('/api/rounds', { year: 2026, ordinal: 9 })).json()
  member = await login(env.app, 'xs_zuyuan1')
  const team = (
    await api.post(`/api/rounds/${round.id}/teams`, {
      name: '第一巡视组',
      leaderId: (await login(env.app, 'xs_zuzhang1')).userId,
      memberIds: [member.userId],
    })
  ).json()
  targetId = (
    await api.post('/api/targets', {
      roundId: round.id,
      teamId: team.id,
      unitId: await unitId(env.db, '110000'),
    })
  ).json().id
  await api.post(`/api/rounds/${round.id}/transition`, { action: 'advance' })
  categoryId = (
    await env.db
      .selectFrom('findingCategory')
      .select('id')
      .where('code', '=', 'T2.2')
      .executeTakeFirstOrThrow()
  ).id
  for (const [title, description, personsMatters] of TEXTS) await record(title, description, personsMatters)
})
afterAll(() => env.close())

/** A finding the team's member records at the target. */
async function record(title: string, description: string, personsMatters = '') {
  const res = await as(env.app, member).post('/api/findings', {
    targetId,
    title,
    description,
    personsMatters,
    categoryId,
    severity: 'major',
    source: 'talk',
  })
  expect(res.statusCode, res.body).toBe(201)
}

/**
 * A search as the team's member, narrowed to the target (each finding tested), or as the office
 * over the whole system (through the pair index): ids and titles in the list's order, and the total.
 */
async function search(q: string, who: 'member' | 'office' = 'office') {
  const narrowed = who === 'member' ? `targetId=${targetId}&` : ''
  const res = await as(env.app, who === 'office' ? office : member).get(
    `/api/findings?${narrowed}pageSize=200&sort=createdAt&order=desc&q=${encodeURIComponent(q)}`,
  )
  expect(res.statusCode, res.body).toBe(200)
  const body = res.json()
  const items = body.items as Json[]
  return {
    ids: items.map((f) => f.id as string),
    titles: items.map((f) => f.title as string),
    total: body.total as number,
  }
}

/** The ids of every finding that contains `q`, each tested as the engine compares (`containsText`), newest first. */
async function scan(q: string) {
  const rows = await env.db
    .selectFrom('finding')
    .select('id')
    .where((eb) =>
      eb.or(
        (['title', 'description', 'personsMatters'] as const).map((c) =>
          containsText(env.db, eb.ref(`finding.${c}`), q),
        ),
      ),
    )
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => r.id)
}

const all: Scopes = { office: 'all', teams: [], unit: [], leader: [] }

/** The list as the whole system's office reads it, newest first. */
const listed = (q: string, at: { limit: number; offset: number }, walkAbove: number) =>
  repo.list(env.db, all, { q, sort: 'createdAt', order: 'desc' }, at, walkAbove)

describe('character pairs', () => {
  it('are the distinct pairs of each text, lower-cased, none across two texts', () => {
    expect(queryGrams('一')).toBe('')
    expect(queryGrams('一二')).toBe('g4e00g4e8c')
    expect(queryGrams('Ab')).toBe(queryGrams('aB'))
    expect(textGrams('一二', '三')).toBe('g4e00g4e8c')
    expect(textGrams('一二一二').split(' ')).toEqual(['g4e00g4e8c', 'g4e8cg4e00'])
    // a character outside the basic plane is one character, not two halves
    expect(queryGrams('𠀀生')).toBe('g20000g751f')
  })
})

describe('the findings list searched by text', () => {
  it('finds exactly the findings whose title, description or persons contain the text', async () => {
    for (const q of QUERIES) {
      // ASCII letters case aside, as both engines compare (`containsText`); newest first
      const expected = TEXTS.filter((t) => t.some((field) => contains(field, q)))
        .map((t) => t[0])
        .reverse()
      const byMember = await search(q, 'member')
      expect(byMember.titles, q).toEqual(expected)
      expect(byMember.total, q).toBe(expected.length)
      // the office, through the index, over every finding of the system (the demo's too)
      const truth = await scan(q)
      const byOffice = await search(q, 'office')
      expect(byOffice.ids, q).toEqual(truth)
      expect(byOffice.total, q).toBe(truth.length)
      expect(
        byMember.titles.every((t) => byOffice.titles.includes(t)),
        q,
      ).toBe(true)
    }
  })

  it('finds through the pair index what testing every finding finds, on either way to a page', async () => {
    // letters whose case the engines fold beyond ASCII: PostgreSQL's ILIKE takes İ as i, Σ as σ, ẞ as ß
    for (const title of ['İstanbul 检察院', 'ΟΔΟΣ 调查', 'οδος 调查', 'STRAẞE 检查'])
      await record(title, title)
    for (const q of [...QUERIES, 'istanbul', 'İSTANBUL', 'οδοσ', 'ΟΔΟΣ', 'οδος', 'straße', 'STRAẞE']) {
      const truth = await scan(q)
      await expectPages(listed, q, truth)
    }
  })

  it('follows an edit of the texts, in the index too', async () => {
    const id = (
      await env.db
        .selectFrom('finding')
        .select('id')
        .where('title', '=', '线索移送不及时')
        .executeTakeFirstOrThrow()
    ).id
    expect((await search('线索移送')).ids).toContain(id)
    const res = await as(env.app, member).patch(`/api/findings/${id}`, {
      title: '举报材料流转慢',
      description: '材料未按期流转',
    })
    expect(res.statusCode, res.body).toBe(200)
    for (const who of ['office', 'member'] as const) {
      expect((await search('线索移送', who)).ids, who).not.toContain(id)
      expect((await search('流转慢', who)).ids, who).toEqual([id])
      // a field left alone is still searched
      expect((await search('某科室', who)).ids, who).toContain(id)
    }
  })

  it.runIf(engine === 'sqlite')(
    'reads the findings holding the pairs from the index, not every finding',
    async () => {
      await withLoggedApp(
        env,
        (sql) => sql.includes('finding_fts'),
        async ({ app, seen, plan }) => {
          const res = await app.inject({
            method: 'GET',
            url: `/api/findings?q=${encodeURIComponent('虚假诉讼')}`,
            headers: { cookie: office.cookie },
          })
          expect(res.statusCode).toBe(200)
          expect(seen.length).toBe(2) // the page and the total
          for (const q of seen) {
            const steps = (await plan(q)).map((r) => r.detail)
            expect(
              steps.some((d) => /VIRTUAL TABLE INDEX/.test(d)),
              steps.join('\n'),
            ).toBe(true)
            expect(
              steps.some((d) => /^SCAN finding\b/.test(d)),
              steps.join('\n'),
            ).toBe(false)
          }
          // a search narrowed to a target reads that target's findings, and not the index
          seen.length = 0
          const narrowed = await app.inject({
            method: 'GET',
            url: `/api/findings?targetId=${targetId}&q=${encodeURIComponent('虚假诉讼')}`,
            headers: { cookie: office.cookie },
          })
          expect(narrowed.json().total).toBe(1)
          expect(seen).toEqual([])
        },
      )
    },
  )

  it('is filled by its migration for the findings already there', async () => {
    await m0037.down(env.db)
    await m0037.up(env.db)
    for (const q of ['线索', '流转慢', 'oa', '虚假诉讼', 'istanbul']) {
      const truth = await scan(q)
      await expectPages(listed, q, truth, FROM_THE_INDEX)
    }
  })
})
