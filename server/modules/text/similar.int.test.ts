import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as m0027 from '../../db/migrations/0027-text-band-period'
import { indexMissingCases, indexMissingFindings, periodOf } from './similar.service'
import { as, createTestEnv, login, type Session, type TestEnv } from '../../test/harness'

// Findings that say the same thing: suggested common problems for the office, "similar
// findings elsewhere" for a finding and while one is typed — each explained, each scoped.
let env: TestEnv
let office: Session
let member1: Session
let bjLiaison: Session
type Json = Record<string, any>

beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'xunshiban')
  member1 = await login(env.app, 'xs_zuyuan1')
  bjLiaison = await login(env.app, 'bj_liaison')
})
afterAll(() => env.close())

describe('similar findings and suggested common problems', () => {
  it('groups findings at different targets that say the same thing, explained, and makes a common problem of one', async () => {
    const res = await as(env.app, office).get('/api/common-problems/suggestions')
    expect(res.statusCode).toBe(200)
    const { items } = res.json()
    expect(items.length).toBeGreaterThan(0)
    for (const g of items) {
      expect(g.targetCount).toBeGreaterThanOrEqual(2)
      expect(new Set(g.findings.map((f: Json) => f.targetId)).size).toBe(g.targetCount)
      expect(g.score).toBeGreaterThanOrEqual(0.4)
      expect(g.score).toBeLessThanOrEqual(1)
      expect(g.keyTerms.length).toBeGreaterThan(0)
    }
    const group = items.find((g: Json) => g.findings.some((f: Json) => f.title.includes('案件质量评查')))
    expect(group).toBeDefined()
    expect(group.keyTerms.join()).toMatch(/评查|彻底|整改/)

    // one click: the group becomes a common problem, and is no longer suggested
    const made = await as(env.app, office).post('/api/common-problems', {
      title: `共性问题：${group.keyTerms.slice(0, 3).join('、')}`,
      findingIds: group.findings.map((f: Json) => f.id),
    })
    expect(made.statusCode).toBe(201)
    const again = (await as(env.app, office).get('/api/common-problems/suggestions')).json()
    expect(again.items.some((g: Json) => g.key === group.key)).toBe(false)
    const withLinked = (
      await as(env.app, office).get('/api/common-problems/suggestions?includeLinked=true')
    ).json()
    expect(withLinked.items.find((g: Json) => g.key === group.key).commonProblemIds).toEqual([made.json().id])
  })

  it('narrows suggestions to a round', async () => {
    const rounds = (await as(env.app, office).get('/api/rounds')).json().items
    const second = rounds.find((r: Json) => r.name === '2024年第二轮')
    const res = (
      await as(env.app, office).get(`/api/common-problems/suggestions?roundId=${second.id}`)
    ).json()
    for (const g of res.items) for (const f of g.findings) expect(f.roundName).toBe('2024年第二轮')
  })

  it('shows similar findings elsewhere for a finding, never at its own target, best first', async () => {
    const list = (await as(env.app, office).get('/api/findings?q=案件质量评查&pageSize=50')).json()
    const f = list.items.find((x: Json) => x.status !== 'draft')
    const res = await as(env.app, office).get(`/api/findings/${f.id}/similar`)
    expect(res.statusCode).toBe(200)
    const similar = res.json()
    expect(similar.length).toBeGreaterThan(0)
    expect(similar.every((s: Json) => s.targetId !== f.targetId && s.id !== f.id)).toBe(true)
    expect(similar.map((s: Json) => s.score)).toEqual(
      [...similar.map((s: Json) => s.score)].sort((a, b) => b - a),
    )
    expect(similar[0].sharedTerms.map((t: Json) => t.term).join()).toMatch(/彻底|反复|高质效/)
  })

  it('finds them while a finding is typed, in traditional characters or with pinyin annotations too', async () => {
    const typed = await as(env.app, office).post('/api/findings/similar', {
      text: '案件質量評(píng)查發(fā)現的問題整改不徹底，同類問題反復出現',
    })
    expect(typed.statusCode).toBe(200)
    expect(typed.json().some((s: Json) => s.title === '案件质量评查发现的问题整改不彻底')).toBe(true)
    const nothing = (await as(env.app, office).post('/api/findings/similar', { text: '天气晴朗' })).json()
    expect(nothing).toEqual([])
  })

  it('keeps every suggestion inside what the person may see', async () => {
    // the inspected unit and the teams do not get the office's cross-target analysis
    expect((await as(env.app, bjLiaison).get('/api/common-problems/suggestions')).statusCode).toBe(403)
    expect((await as(env.app, member1).get('/api/common-problems/suggestions')).statusCode).toBe(403)
    // Beijing's liaison sees only Beijing's handed-over findings among "similar"
    const typed = (
      await as(env.app, bjLiaison).post('/api/findings/similar', { text: '案件质量评查发现的问题整改不彻底' })
    ).json()
    expect(typed.every((s: Json) => s.unitName === '北京市人民检察院')).toBe(true)
    // a team member sees only its own team's findings
    const mine = (
      await as(env.app, member1).post('/api/findings/similar', { text: '案件质量评查发现的问题整改不彻底' })
    ).json()
    const visible = new Set(
      (await as(env.app, member1).get('/api/findings?pageSize=200')).json().items.map((f: Json) => f.id),
    )
    expect(mine.every((s: Json) => visible.has(s.id))).toBe(true)
    // and a finding it may not see answers 404, like the finding itself
    const other = (await as(env.app, office).get('/api/findings?pageSize=200'))
      .json()
      .items.find((f: Json) => !visible.has(f.id))
    expect((await as(env.app, member1).get(`/api/findings/${other.id}/similar`)).statusCode).toBe(404)
  })

  it('indexes a finding’s text when it is written and re-indexes it when it changes', async () => {
    const member5 = await login(env.app, 'xs_zuyuan5')
    const draft = (await as(env.app, member5).get('/api/findings?status=draft&pageSize=1')).json().items[0]
    const keys = async () =>
      (
        await env.db
          .selectFrom('textBand')
          .select('bandKey')
          .where('objectType', '=', 'finding')
          .where('objectId', '=', draft.id)
          .orderBy('bandKey')
          .execute()
      ).map((r) => r.bandKey)
    const before = await keys()
    expect(before).toHaveLength(32)
    expect(before.every((k) => k.startsWith(`${periodOf(draft.id)}:`))).toBe(true)
    const patched = await as(env.app, member5).patch(`/api/findings/${draft.id}`, {
      title: '案件质量评查发现的问题整改不彻底',
      description: '评查发现的问题整改不彻底，同类问题在不同案件中反复出现，“高质效办好每一个案件”落实不够',
    })
    expect(patched.statusCode).toBe(200)
    const after = await keys()
    expect(after).toHaveLength(32)
    expect(after).not.toEqual(before)
    const similar = (await as(env.app, member5).get(`/api/findings/${draft.id}/similar`)).json()
    expect(similar.every((x: Json) => x.targetId !== draft.targetId)).toBe(true)
  })
  it('finds similar findings whose keys are stored under other periods, and groups them', async () => {
    const suggestions = async () =>
      (await as(env.app, office).get('/api/common-problems/suggestions?includeLinked=true&limit=200'))
        .json()
        .items.map((g: Json) => g.findings.map((x: Json) => x.id).sort())
    const groups = await suggestions()
    const [f, other] = groups[0]
    const similar = async () => (await as(env.app, office).get(`/api/findings/${f}/similar`)).json()
    const before = await similar()
    expect(before.map((x: Json) => x.id)).toContain(other)
    // the other finding as if written years earlier: its keys under a period of 2017
    await env.db
      .updateTable('textBand')
      .set({ bandKey: sql`'015b' || substr(band_key, 5)` })
      .where('objectType', '=', 'finding')
      .where('objectId', '=', other)
      .execute()
    await env.db.insertInto('textBandPeriod').values({ objectType: 'finding', period: '015b' }).execute()
    expect(
      (await env.db.selectFrom('textBand').select('bandKey').where('objectId', '=', other).execute()).every(
        (r) => r.bandKey.startsWith('015b:'),
      ),
    ).toBe(true)
    expect(await similar()).toEqual(before)
    expect(await suggestions()).toEqual(groups)
    await env.db
      .updateTable('textBand')
      .set({ bandKey: sql`${periodOf(other)} || substr(band_key, 5)` })
      .where('objectId', '=', other)
      .execute()
    await env.db.deleteFrom('textBandPeriod').where('period', '=', '015b').execute()
  })

  it('moves the keys stored before periods under their ids’ periods (migration 0027)', async () => {
    const stored = () =>
      env.db
        .selectFrom('textBand')
        .select(['objectType', 'objectId', 'bandKey'])
        .orderBy('objectType')
        .orderBy('objectId')
        .orderBy('bandKey')
        .execute()
    const before = await stored()
    const periods = await env.db.selectFrom('textBandPeriod').selectAll().orderBy('period').execute()
    await m0027.down(env.db)
    const plain = await stored()
    expect(plain.every((r) => !r.bandKey.includes(':'))).toBe(true)
    await m0027.up(env.db)
    expect(await stored()).toEqual(before)
    expect(await env.db.selectFrom('textBandPeriod').selectAll().orderBy('period').execute()).toEqual(periods)
    expect(plain.filter((r) => r.objectType === 'case')).toEqual(
      before.filter((r) => r.objectType === 'case'),
    )
  })

  it('gives band keys at start to findings and cases stored without them', async () => {
    const count = async (objectType: string) =>
      Number(
        (
          await env.db
            .selectFrom('textBand')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('objectType', '=', objectType)
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = { finding: await count('finding'), case: await count('case') }
    await env.db.deleteFrom('textBand').execute()
    const indexed = (await indexMissingFindings(env.db, 100)) + (await indexMissingCases(env.db, 500))
    expect(indexed).toBeGreaterThan(1997)
    expect({ finding: await count('finding'), case: await count('case') }).toEqual(before)
    expect((await indexMissingFindings(env.db)) + (await indexMissingCases(env.db))).toBeLessThan(5)

    // two at once (two instances starting, say): each finding is given its keys once, by one of them
    const findings = Number(
      (
        await env.db
          .selectFrom('finding')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    await env.db.deleteFrom('textBand').where('objectType', '=', 'finding').execute()
    const both = await Promise.all([indexMissingFindings(env.db, 100), indexMissingFindings(env.db, 100)])
    expect(both[0] + both[1]).toBe(findings)
    expect(await count('finding')).toBe(before.finding)
  })
})
