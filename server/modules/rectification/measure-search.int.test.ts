// The rectification ledger's text search through the character-pair indexes (migration 0038 for
// the measures' contents, 0037 for their findings' titles): it finds exactly what testing every
// measure finds, follows edits and deletions, is read by the indexes and made anew by `duban reindex`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { sql } from 'kysely'
import { containsText, gramShare, indexGrams, MEASURE_GRAMS, withGrams } from '../../db/dialect'
import { queryGrams, textGrams } from '../../db/grams'
import * as m0038 from '../../db/migrations/0038-measure-search'
import { verifyChain } from '../audit/audit.service'
import { runCli } from '../../test/process'
import { rebuildSearch } from '../../ops/reindex'
import { systemCtx } from '../access/context'
import * as repo from './rectification.repository'
import {
  as,
  createTestEnv,
  engine,
  login,
  withLoggedApp,
  type Session,
  type TestEnv,
} from '../../test/harness'
import { expectPages, FROM_THE_INDEX } from '../../test/pair-pages'

let env: TestEnv
let office: Session
let liaison: Session
let bjTarget: string
let findings: { id: string; title: string }[]
type Json = Record<string, any>

/** Contents a search must tell apart: case, one character, symbols, characters outside the BMP. */
const CONTENTS = [
  '建立线索移送台账，按月核对',
  '完善案件线索管理制度',
  '监督线上办案，索取材料须登记',
  'Patch the OA module against SQL injection',
  'sql 注入漏洞修补，oa 系统升级',
  '开展虚假诉讼专项监督',
  '落实“三个规定”，如实记录（过问）情况',
  '100% 填报',
  '一',
  '𠀀生僻字𠀁 测试',
  'İstanbul 检察院交流',
  'ΟΔΟΣ 调查',
  'STRAẞE 检查',
]

const QUERIES = [
  '线索',
  '线索移送',
  '线',
  '监督线索', // not in one text
  'sql',
  'SQL',
  'Oa Module',
  'oa',
  '虚假诉讼',
  '“三个规定”',
  '（过问）',
  '100%',
  '%',
  '_',
  '𠀀生',
  '生僻字𠀁',
  'istanbul',
  'İSTANBUL',
  'οδοσ',
  'straße',
  '不存在的词',
]

const all: Parameters<typeof repo.listMeasures>[1] = {
  office: 'all',
  teams: [],
  unit: [],
  leader: [],
  departments: [],
}

beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'xunshiban')
  liaison = await login(env.app, 'bj_liaison')
  const targets = (await as(env.app, office).get('/api/targets?pageSize=50')).json().items as Json[]
  bjTarget = targets.find((t) => t.unitCode === '110000')!.id
  findings = (await as(env.app, liaison).get(`/api/findings?targetId=${bjTarget}&sort=seq&order=asc`)).json()
    .items
  expect(findings.length).toBeGreaterThan(1)
  for (const [i, content] of CONTENTS.entries()) await record(findings[i % findings.length]!.id, content)
})
afterAll(() => env.close())

/** A measure Beijing's liaison drafts on a finding of its target. */
async function record(findingId: string, content: string) {
  const res = await as(env.app, liaison).post('/api/measures', {
    findingId,
    content,
    responsibleLeader: '张副检察长',
    deadline: '2024-10-31',
    kind: 'immediate',
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}

/**
 * A search as the office over the whole system (through the indexes), or as Beijing's liaison
 * narrowed to its target (each measure tested): ids in the ledger's order, and the total.
 */
async function search(q: string, who: 'office' | 'liaison' = 'office') {
  const narrowed = who === 'liaison' ? `targetId=${bjTarget}&` : ''
  const res = await as(env.app, who === 'office' ? office : liaison).get(
    `/api/measures?${narrowed}pageSize=200&sort=createdAt&order=desc&q=${encodeURIComponent(q)}`,
  )
  expect(res.statusCode, res.body).toBe(200)
  const body = res.json()
  return { ids: (body.items as Json[]).map((m) => m.id as string), total: body.total as number }
}

/** Every measure whose content or finding's title contains `q`, as the engine compares, newest first. */
async function scan(q: string, targetId?: string) {
  const rows = await env.db
    .selectFrom('rectificationMeasure as m')
    .innerJoin('finding', 'finding.id', 'm.findingId')
    .select('m.id')
    .where((eb) =>
      eb.or([containsText(env.db, eb.ref('m.content'), q), containsText(env.db, eb.ref('finding.title'), q)]),
    )
    .$if(!!targetId, (qb) => qb.where('m.targetId', '=', targetId!))
    .orderBy('m.createdAt', 'desc')
    .orderBy('m.id', 'desc')
    .execute()
  return rows.map((r) => r.id)
}

/** The measures the index itself gives for `q`'s pairs, before any text is tested. */
async function fromIndex(q: string) {
  const rows = await withGrams(env.db, MEASURE_GRAMS, queryGrams(q)).execute()
  return rows.map((r) => r.id).sort()
}

/** Indexes a measure's pairs as its writes do, in a transaction of its own. */
function indexMeasure(id: string, content: string) {
  return env.db
    .transaction()
    .execute((trx) => indexGrams(trx, MEASURE_GRAMS, [{ id, grams: textGrams(content) }]))
}

/** How many measures the index holds pairs for, and how many there are. */
async function indexed() {
  const count = async (table: string) =>
    Number(
      (
        await env.db
          .selectFrom(table as never)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  // on SQLite the pairs are the FTS5 table's rows, which no foreign key removes
  return {
    rows: engine === 'sqlite' ? await count('measureFts') : await count('measureSearch'),
    measures: await count('rectificationMeasure'),
  }
}

/** The list as the whole system's office reads it, newest first. */
const listed = (q: string, at: { limit: number; offset: number }, walkAbove: number) =>
  repo.listMeasures(env.db, all, { q, sort: 'createdAt', order: 'desc' }, at, walkAbove)

describe('the rectification ledger searched by text', () => {
  it('finds exactly the measures whose content or finding title contains the text', async () => {
    // a finding's title, searched: each of its measures is found, whatever their contents
    const queries = [...QUERIES, findings[1]!.title.slice(0, 4)]
    for (const q of queries) {
      const truth = await scan(q)
      const byOffice = await search(q)
      expect(byOffice.ids, q).toEqual(truth)
      expect(byOffice.total, q).toBe(truth.length)
      const mine = await scan(q, bjTarget)
      expect((await search(q, 'liaison')).ids, q).toEqual(mine)
    }
    expect((await search('线索')).total).toBeGreaterThanOrEqual(2)
    expect((await search('İstanbul')).total).toBe(1)
  })

  it('finds through the pair indexes what testing every measure finds, on either way to a page', async () => {
    for (const q of QUERIES) {
      const truth = await scan(q)
      await expectPages(listed, q, truth)
    }
  })

  it('follows an edit of a content and a deletion, in the index too', async () => {
    const id = await record(findings[0]!.id, '整改督办台账按周更新')
    expect((await search('按周更新')).ids).toEqual([id])
    expect(await fromIndex('按周更新')).toEqual([id])
    const edited = await as(env.app, liaison).patch(`/api/measures/${id}`, {
      content: '整改督办清单逐项销号',
    })
    expect(edited.statusCode, edited.body).toBe(200)
    for (const who of ['office', 'liaison'] as const) {
      expect((await search('按周更新', who)).ids, who).toEqual([])
      expect((await search('逐项销号', who)).ids, who).toEqual([id])
    }
    // the index no longer gives the old words' pairs
    expect(await fromIndex('按周更新')).toEqual([])
    expect(await fromIndex('逐项销号')).toEqual([id])
    // an edit of another field keeps the content's pairs
    await as(env.app, liaison).patch(`/api/measures/${id}`, { responsibleLeader: '王副检察长' })
    expect(await fromIndex('逐项销号')).toEqual([id])
    const before = await indexed()
    expect(before.rows).toBe(before.measures)
    const gone = await as(env.app, liaison).del(`/api/measures/${id}`)
    expect(gone.statusCode, gone.body).toBe(204)
    expect((await search('逐项销号')).ids).toEqual([])
    expect(await fromIndex('逐项销号')).toEqual([])
    expect(await indexed()).toEqual({ rows: before.rows - 1, measures: before.measures - 1 })
    // a new measure may take the freed key on SQLite: the index gives it for its own words alone
    const next = await record(findings[0]!.id, '新建督办措施')
    expect(await fromIndex('逐项销号')).toEqual([])
    expect(await fromIndex('新建督办')).toEqual([next])
    // a measure deleted before its edit is written: nothing to index, and no error
    await env.db.transaction().execute((trx) => repo.updateMeasure(trx, id, { content: '已删除的措施' }))
    expect(await fromIndex('已删除的措施')).toEqual([])
  })

  it.runIf(engine === 'sqlite')(
    'reads the measures holding the pairs from the indexes, not every measure',
    async () => {
      await withLoggedApp(
        env,
        (sql) => sql.includes('measure_fts'),
        async ({ app, seen, plan }) => {
          const res = await app.inject({
            method: 'GET',
            url: `/api/measures?q=${encodeURIComponent('虚假诉讼')}`,
            headers: { cookie: office.cookie },
          })
          expect(res.statusCode).toBe(200)
          expect(seen.length).toBe(2) // the total and the page
          for (const q of seen) {
            const steps = (await plan(q)).map((r) => r.detail)
            expect(steps.filter((d) => /VIRTUAL TABLE INDEX/.test(d)).length, steps.join('\n')).toBe(2) // the measures' contents and the findings' texts
            expect(
              steps.some((d) => /^SCAN (m|mc|mf|tf|s|rectification_measure|finding)\b/.test(d)),
              steps.join('\n'),
            ).toBe(false)
          }
          // a search narrowed to a target tests that target's measures, and reads no index
          seen.length = 0
          const narrowed = await app.inject({
            method: 'GET',
            url: `/api/measures?targetId=${bjTarget}&q=${encodeURIComponent('虚假诉讼')}`,
            headers: { cookie: office.cookie },
          })
          expect(narrowed.json().total).toBe(1)
          expect(seen).toEqual([])
        },
      )
    },
  )

  it('is made anew by `duban reindex` after rows were written by hand in SQL', async () => {
    const source = await env.db
      .selectFrom('rectificationMeasure')
      .selectAll()
      .where('targetId', '=', bjTarget)
      .executeTakeFirstOrThrow()
    const id = uuidv7()
    await env.db
      .insertInto('rectificationMeasure')
      .values({ ...source, id, content: '手工录入的整改措施' })
      .execute()
    // a measure deleted by hand: on SQLite its pairs stay in the FTS table, which no key removes
    // (a second one, kept, takes the next key, so that the first's is not taken again)
    const [stray, kept] = [uuidv7(), uuidv7()]
    for (const [m, content] of [
      [stray, '手工删除的措施'],
      [kept, '手工保留的措施'],
    ] as const) {
      await env.db
        .insertInto('rectificationMeasure')
        .values({ ...source, id: m, content })
        .execute()
      await indexMeasure(m, content)
    }
    await env.db.deleteFrom('rectificationMeasure').where('id', '=', stray).execute()
    const stale = await indexed()
    // the measure written by hand is not indexed; on SQLite the deleted one's pairs are
    expect(stale.rows).toBe(stale.measures - 1 + (engine === 'sqlite' ? 1 : 0))
    const finding = findings[2]!.id
    await env.db
      .updateTable('finding')
      .set({ title: '手工改过的问题标题' })
      .where('id', '=', finding)
      .execute()
    const officeFinds = async (path: string) =>
      ((await as(env.app, office).get(path)).json().items as Json[]).map((x) => x.id)
    // the office's searches read the indexes, which the hand-written rows did not reach
    expect(await officeFinds(`/api/measures?q=${encodeURIComponent('手工录入')}`)).toEqual([])
    expect(await officeFinds(`/api/findings?q=${encodeURIComponent('手工改过')}`)).toEqual([])
    expect((await search('手工录入', 'liaison')).ids).toEqual([id])
    const run = await runCli(['reindex'], {
      DATA_DIR: env.dataDir,
      ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {}),
    })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/text search indexed anew: \d+ findings, \d+ measures/)
    expect(await officeFinds(`/api/measures?q=${encodeURIComponent('手工录入')}`)).toEqual([id])
    expect(await officeFinds(`/api/findings?q=${encodeURIComponent('手工改过')}`)).toEqual([finding])
    // each measure of the renamed finding is found by the finding's new title
    expect((await search('手工改过')).ids.sort()).toEqual(
      (
        await env.db
          .selectFrom('rectificationMeasure')
          .select('id')
          .where('findingId', '=', finding)
          .execute()
      )
        .map((m) => m.id)
        .sort(),
    )
    const after = await indexed()
    expect(after.rows).toBe(after.measures)
    const events = await env.db
      .selectFrom('auditEvent')
      .select('details')
      .where('action', '=', 'search_index.rebuild')
      .execute()
    const findingCount = await env.db
      .selectFrom('finding')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(events.map((e) => JSON.parse(String(e.details)))).toEqual([
      { findings: Number(findingCount.n), measures: after.measures },
    ])
    expect((await verifyChain(env.db)).ok).toBe(true)

    // called with a progress listener: each table's thousand-row steps, the last at its total
    const heard: [string, number, number][] = []
    const again = await rebuildSearch(env.db, systemCtx(env.config.auditHash), (table, done, total) =>
      heard.push([table, done, total]),
    )
    expect(heard).toEqual([
      ['findings', again.findings, again.findings],
      ['measures', again.measures, again.measures],
    ])
  })

  it.runIf(engine === 'postgres')(
    'tests every measure instead when the statistics say most measures hold the pairs',
    async () => {
      for (let i = 0; i < 40; i++) await record(findings[i % findings.length]!.id, `健全长效机制第${i}项`)
      await sql`analyze measure_search`.execute(env.db)
      const common = await gramShare(env.db, MEASURE_GRAMS, queryGrams('长效机制'))
      expect(common).toBeGreaterThan(0.2)
      expect(await gramShare(env.db, MEASURE_GRAMS, queryGrams('虚假诉讼'))).toBeLessThan(0.2)
      // a pair no measure holds: outside the statistics, as rare as their least common
      const least = await gramShare(env.db, MEASURE_GRAMS, queryGrams('长效机制囧'))
      expect(least).toBeGreaterThan(0)
      expect(least).toBeLessThan(0.2)
      await withLoggedApp(
        env,
        (text) => text.includes('measure_search'),
        async ({ app, seen }) => {
          const get = async (q: string) => {
            const res = await app.inject({
              method: 'GET',
              url: `/api/measures?pageSize=200&sort=createdAt&order=desc&q=${encodeURIComponent(q)}`,
              headers: { cookie: office.cookie },
            })
            expect(res.statusCode, res.body).toBe(200)
            return res.json() as Json
          }
          const found = await get('长效机制')
          expect(seen).toEqual([]) // each measure tested, the index not read
          const truth = await scan('长效机制')
          expect(truth.length).toBeGreaterThanOrEqual(40)
          expect(found.total).toBe(truth.length)
          expect((found.items as Json[]).map((m) => m.id)).toEqual(truth)
          expect((await get('虚假诉讼')).total).toBe(1)
          expect(seen.length).toBe(2) // the total and the page, through the index
        },
      )
    },
  )

  it('is filled by its migration for the measures already there', async () => {
    await m0038.down(env.db)
    await m0038.up(env.db)
    for (const q of ['线索', '新建督办', 'oa', '虚假诉讼', 'istanbul']) {
      await expectPages(listed, q, await scan(q), FROM_THE_INDEX)
    }
    const after = await indexed()
    expect(after.rows).toBe(after.measures)
  })
})
