import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  as,
  count,
  createTestEnv,
  login,
  unitId,
  userIdOf,
  type Session,
  type TestEnv,
} from '../../test/harness'

let env: TestEnv
let office: Session
let bjLiaison: Session
let member1: Session
let leader1: Session
let member2: Session
let leader2: Session
type Json = Record<string, any>

beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'xunshiban')
  bjLiaison = await login(env.app, 'bj_liaison')
  member1 = await login(env.app, 'xs_zuyuan1')
  leader1 = await login(env.app, 'xs_zuzhang1')
  member2 = await login(env.app, 'xs_zuyuan2')
  leader2 = await login(env.app, 'xs_zuzhang2')
})
afterAll(() => env.close())

async function setupRound(ordinal: number) {
  const api = as(env.app, office)
  const round = (await api.post('/api/rounds', { year: 2025, ordinal })).json()
  const team1 = (
    await api.post(`/api/rounds/${round.id}/teams`, {
      name: '第一巡视组',
      leaderId: leader1.userId,
      memberIds: [member1.userId],
    })
  ).json()
  const team2 = (
    await api.post(`/api/rounds/${round.id}/teams`, {
      name: '第二巡视组',
      leaderId: leader2.userId,
      memberIds: [member2.userId],
    })
  ).json()
  const bj = (
    await api.post('/api/targets', {
      roundId: round.id,
      teamId: team1.id,
      unitId: await unitId(env.db, '110000'),
      feedbackDate: '2025-08-31',
    })
  ).json()
  const js = (
    await api.post('/api/targets', {
      roundId: round.id,
      teamId: team2.id,
      unitId: await unitId(env.db, '320000'),
    })
  ).json()
  await api.post(`/api/rounds/${round.id}/transition`, { action: 'advance' })
  return { round, team1, team2, bj, js }
}

async function categoryId(code: string) {
  return (
    await env.db.selectFrom('findingCategory').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  ).id
}

async function record(s: Session, targetId: string, title: string, code = 'T2.2') {
  return as(env.app, s).post('/api/findings', {
    targetId,
    title,
    description: `${title}的具体表现`,
    personsMatters: '某处某人某事',
    categoryId: await categoryId(code),
    severity: 'major',
    source: 'talk',
  })
}

describe('rounds, teams and targets', () => {
  it("finds rounds by their name or their organizer's", async () => {
    const api = as(env.app, office)
    const all = (await api.get('/api/rounds?pageSize=200')).json()
    expect(all.total).toBeGreaterThan(1)
    const organizer = all.items[0].organizerUnitName as string
    const byOrganizer = (
      await api.get(`/api/rounds?pageSize=200&q=${encodeURIComponent(organizer.slice(0, 3))}`)
    ).json()
    expect(byOrganizer.total).toBe(
      all.items.filter((r: { organizerUnitName: string }) => r.organizerUnitName === organizer).length,
    )
    const one = all.items[0]
    const byName = (await api.get(`/api/rounds?pageSize=200&q=${encodeURIComponent(one.name)}`)).json()
    expect(byName.items.map((r: { id: string }) => r.id)).toContain(one.id)
    expect(byName.items.every((r: { name: string }) => r.name.includes(one.name))).toBe(true)
    expect((await api.get(`/api/rounds?q=${encodeURIComponent('无此组织单位')}`)).json().total).toBe(0)
  })

  it('creates a round with a Chinese name and moves it through its phases, audited', async () => {
    const api = as(env.app, office)
    const r = await api.post('/api/rounds', { year: 2025, ordinal: 11 })
    expect(r.statusCode).toBe(201)
    expect(r.json()).toMatchObject({ name: '2025年第十一轮', phase: 'preparation' })
    expect((await api.post('/api/rounds', { year: 2025, ordinal: 11 })).json().error.code).toBe(
      'round_exists',
    )
    const adv = await api.post(`/api/rounds/${r.json().id}/transition`, { action: 'advance' })
    expect(adv.json().phase).toBe('on_site')
    const noReason = await api.post(`/api/rounds/${r.json().id}/transition`, { action: 'revert' })
    expect(noReason.json().error.code).toBe('reason_required')
    const back = await api.post(`/api/rounds/${r.json().id}/transition`, {
      action: 'revert',
      reason: '进驻时间推迟',
    })
    expect(back.json().phase).toBe('preparation')
    const refused = await api.post(`/api/rounds/${r.json().id}/transition`, { action: 'revert', reason: 'x' })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.code).toBe('invalid_transition')
    const events = await env.db
      .selectFrom('auditEvent')
      .select('action')
      .where('objectId', '=', r.json().id)
      .orderBy('seq')
      .execute()
    expect(events.map((e) => e.action)).toEqual(['round.create', 'round.advance', 'round.revert'])
  })

  it('refuses round and target management to everyone but the office', async () => {
    const r = (await as(env.app, office).post('/api/rounds', { year: 2025, ordinal: 12 })).json()
    for (const s of [leader1, member1, bjLiaison]) {
      expect((await as(env.app, s).post('/api/rounds', { year: 2025, ordinal: 13 })).statusCode).toBe(403)
      const move = await as(env.app, s).post(`/api/rounds/${r.id}/transition`, { action: 'advance' })
      expect([403, 404]).toContain(move.statusCode)
    }
    const sys = await login(env.app, 'sysadmin')
    expect((await as(env.app, sys).get('/api/rounds')).statusCode).toBe(403)
  })

  it('refuses an administrator as a team member (三员分立)', async () => {
    const r = (await as(env.app, office).post('/api/rounds', { year: 2025, ordinal: 14 })).json()
    const res = await as(env.app, office).post(`/api/rounds/${r.id}/teams`, {
      name: '第一巡视组',
      leaderId: await userIdOf(env.db, 'auditor'),
      memberIds: [],
    })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('separation_of_duties')
    expect((await as(env.app, office).get(`/api/rounds/${r.id}/teams`)).json()).toEqual([])
  })

  it('refuses a unit inspected twice in a round and a team from another round', async () => {
    const { round, team1, bj } = await setupRound(15)
    const again = await as(env.app, office).post('/api/targets', {
      roundId: round.id,
      teamId: team1.id,
      unitId: bj.unitId,
    })
    expect(again.json().error.code).toBe('target_exists')
    const other = (await as(env.app, office).post('/api/rounds', { year: 2025, ordinal: 16 })).json()
    const wrongTeam = await as(env.app, office).post('/api/targets', {
      roundId: other.id,
      teamId: team1.id,
      unitId: bj.unitId,
    })
    expect(wrongTeam.json().error.code).toBe('team_mismatch')
    expect(bj.rectificationDeadline).toBe('2025-11-30')
  })
})

describe('findings and confidentiality', () => {
  let s: Awaited<ReturnType<typeof setupRound>>
  let f1: Json
  beforeAll(async () => {
    s = await setupRound(21)
    f1 = (await record(member1, s.bj.id, '立案监督不够有力')).json()
    await record(member1, s.bj.id, '学习流于形式', 'T1.1')
    await record(member2, s.js.id, '江苏院的问题')
  })

  it('lets a team record at its own targets only', async () => {
    expect(f1.status).toBe('draft')
    expect(f1.seq).toBe(1)
    const wrong = await record(member1, s.js.id, '越组记录')
    expect(wrong.statusCode).toBe(404)
    expect((await record(bjLiaison, s.bj.id, '单位自己记录')).statusCode).toBe(403)
  })

  it('shows a team member only their team’s targets and findings', async () => {
    const targets = (await as(env.app, member1).get(`/api/targets?roundId=${s.round.id}`)).json()
    expect(targets.items.map((t: Json) => t.unitCode)).toEqual(['110000'])
    const list = (await as(env.app, member1).get(`/api/findings?roundId=${s.round.id}`)).json()
    expect(list.items.every((f: Json) => f.teamId === s.team1.id)).toBe(true)
    const jsFinding = (await as(env.app, member2).get(`/api/findings?roundId=${s.round.id}`)).json().items[0]
    expect((await as(env.app, member1).get(`/api/findings/${jsFinding.id}`)).statusCode).toBe(404)
    expect((await as(env.app, member1).get(`/api/targets/${s.js.id}`)).statusCode).toBe(404)
  })

  it('hides everything from the inspected unit before feedback', async () => {
    const api = as(env.app, bjLiaison)
    expect((await api.get(`/api/findings?roundId=${s.round.id}`)).json().total).toBe(0)
    expect((await api.get(`/api/targets?roundId=${s.round.id}`)).json().total).toBe(0)
    expect((await api.get(`/api/findings/${f1.id}`)).statusCode).toBe(404)
    expect((await api.get(`/api/targets/${s.bj.id}/reports`)).statusCode).toBe(404)
    expect((await api.get(`/api/rounds/${s.round.id}`)).statusCode).toBe(404)
  })

  it('follows the workflow: only the leader confirms; send-back needs a reason; edits only in draft', async () => {
    expect(
      (await as(env.app, member1).post(`/api/findings/${f1.id}/transition`, { action: 'confirm' }))
        .statusCode,
    ).toBe(403)
    const noReason = await as(env.app, leader1).post(`/api/findings/${f1.id}/transition`, {
      action: 'send_back',
    })
    expect(noReason.json().error.code).toBe('reason_required')
    const sentBack = await as(env.app, leader1).post(`/api/findings/${f1.id}/transition`, {
      action: 'send_back',
      reason: '请补充具体人和事',
    })
    expect(sentBack.json().status).toBe('draft')
    const edited = await as(env.app, member1).patch(`/api/findings/${f1.id}`, {
      personsMatters: '2024年3月，某检察官未依法监督',
    })
    expect(edited.json().personsMatters).toContain('2024年3月')
    const confirmed = await as(env.app, leader1).post(`/api/findings/${f1.id}/transition`, {
      action: 'confirm',
    })
    expect(confirmed.json().status).toBe('confirmed')
    expect(
      (await as(env.app, member1).patch(`/api/findings/${f1.id}`, { title: '改标题' })).json().error.code,
    ).toBe('finding_not_draft')
    const again = await as(env.app, leader1).post(`/api/findings/${f1.id}/transition`, { action: 'confirm' })
    expect(again.json().error.code).toBe('invalid_transition')
    const viaFinding = await as(env.app, office).post(`/api/findings/${f1.id}/transition`, {
      action: 'feed_back',
    })
    expect(viaFinding.json().error.code).toBe('use_target_feedback')
    const history = (await as(env.app, member1).get(`/api/findings/${f1.id}/history`)).json()
    expect(history.map((h: Json) => h.action)).toEqual(['create', 'send_back', 'confirm'])
    expect(history[1].reason).toBe('请补充具体人和事')
  })

  it('keeps every report revision, compares two and lets the office mark one final', async () => {
    const compose = (await as(env.app, member1).get(`/api/targets/${s.bj.id}/reports/compose`)).json()
    expect(compose.body).toContain('立案监督不够有力')
    const v1 = await as(env.app, member1).post(`/api/targets/${s.bj.id}/reports`, {
      ...compose,
      note: '初稿',
    })
    expect(v1.json().version).toBe(1)
    const v2 = await as(env.app, office).post(`/api/targets/${s.bj.id}/reports`, {
      title: compose.title,
      body: compose.body + '巡视办补充意见。\n',
      note: '修改稿',
    })
    expect(v2.json().version).toBe(2)
    const cmp = (await as(env.app, office).get(`/api/targets/${s.bj.id}/reports/compare?a=1&b=2`)).json()
    expect(
      cmp.parts
        .filter((p: Json) => p.kind === 'added')
        .map((p: Json) => p.text)
        .join(''),
    ).toContain('巡视办补充意见')
    expect((await as(env.app, leader1).post(`/api/targets/${s.bj.id}/reports/2/final`)).statusCode).toBe(403)
    // feedback before a final report, and with drafts pending, is refused
    expect((await as(env.app, office).post(`/api/targets/${s.bj.id}/feedback`, {})).json().error.code).toBe(
      'final_report_required',
    )
    expect((await as(env.app, office).post(`/api/targets/${s.bj.id}/reports/2/final`)).json().isFinal).toBe(
      true,
    )
    expect((await as(env.app, office).post(`/api/targets/${s.bj.id}/feedback`, {})).json().error.code).toBe(
      'drafts_pending',
    )
  })

  it('hands over at feedback: then, and only then, the unit sees its own fed-back findings', async () => {
    const drafts = (await as(env.app, member1).get(`/api/findings?targetId=${s.bj.id}&status=draft`)).json()
    for (const d of drafts.items)
      await as(env.app, leader1).post(`/api/findings/${d.id}/transition`, { action: 'confirm' })
    expect((await as(env.app, leader1).post(`/api/targets/${s.bj.id}/feedback`, {})).statusCode).toBe(403)
    const fb = await as(env.app, office).post(`/api/targets/${s.bj.id}/feedback`, {})
    expect(fb.statusCode).toBe(200)
    expect(fb.json().fedBackAt).toBeTruthy()
    const seen = (await as(env.app, bjLiaison).get(`/api/findings?roundId=${s.round.id}`)).json()
    expect(seen.total).toBe(2)
    expect(seen.items.every((f: Json) => f.unitId === s.bj.unitId && f.status === 'fed_back')).toBe(true)
    const reports = (await as(env.app, bjLiaison).get(`/api/targets/${s.bj.id}/reports`)).json()
    expect(reports.map((r: Json) => r.version)).toEqual([2])
    expect((await as(env.app, bjLiaison).get(`/api/targets/${s.bj.id}/reports/1`)).statusCode).toBe(404)
    // another unit's findings stay invisible
    const jsLiaison = await createJsLiaison()
    expect((await as(env.app, jsLiaison).get(`/api/findings?roundId=${s.round.id}`)).json().total).toBe(0)
    expect((await as(env.app, office).post(`/api/targets/${s.bj.id}/feedback`, {})).json().error.code).toBe(
      'already_fed_back',
    )
    expect((await record(member1, s.bj.id, '反馈后新增')).json().error.code).toBe('target_fed_back')
  })

  it('filters, sorts and paginates findings', async () => {
    const api = as(env.app, office)
    const cat = await categoryId('T1')
    const byCat = (await api.get(`/api/findings?roundId=${s.round.id}&categoryId=${cat}`)).json()
    expect(byCat.items.map((f: Json) => f.title)).toEqual(['学习流于形式'])
    const byText = (
      await api.get(`/api/findings?roundId=${s.round.id}&q=${encodeURIComponent('江苏')}`)
    ).json()
    expect(byText.total).toBe(1)
    const paged = (
      await api.get(`/api/findings?roundId=${s.round.id}&pageSize=2&page=2&sort=title&order=asc`)
    ).json()
    expect(paged.items).toHaveLength(1)
    expect(paged.total).toBe(3)
    const summary = (await api.get(`/api/rounds/${s.round.id}/summary`)).json()
    expect(summary.find((x: Json) => x.targetId === s.bj.id).byStatus).toEqual({ fed_back: 2 })
  })

  it('rejects bad input on every write with 400 and writes nothing', async () => {
    const before = await count(env.db, 'auditEvent')
    const findingsBefore = (
      await env.db
        .selectFrom('finding')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n
    const api = as(env.app, member2)
    const bad = [
      await api.post('/api/findings', {
        targetId: s.js.id,
        title: '',
        description: 'x',
        categoryId: await categoryId('T1.1'),
        severity: 'major',
        source: 'talk',
      }),
      await api.post('/api/findings', {
        targetId: s.js.id,
        title: 'x',
        description: 'x',
        categoryId: await categoryId('T1.1'),
        severity: 'huge',
        source: 'talk',
      }),
      await api.post('/api/findings', {
        targetId: s.js.id,
        title: 'x'.repeat(201),
        description: 'x',
        categoryId: await categoryId('T1.1'),
        severity: 'major',
        source: 'talk',
      }),
      await api.post('/api/findings', {
        targetId: 'nope',
        title: 'x',
        description: 'x',
        categoryId: await categoryId('T1.1'),
        severity: 'major',
        source: 'talk',
      }),
      await as(env.app, office).post('/api/rounds', { year: 1999, ordinal: 1 }),
      await as(env.app, office).post('/api/rounds', { year: 2025, ordinal: 1, extra: true }),
      await as(env.app, office).post(`/api/rounds/${s.round.id}/teams`, { name: '组', leaderId: 'x' }),
      await as(env.app, office).post('/api/targets', {
        roundId: s.round.id,
        teamId: s.team1.id,
        unitId: s.bj.unitId,
        onsiteStart: '2025/01/01',
      }),
    ]
    for (const r of bad) {
      expect(r.statusCode).toBe(400)
      expect(r.json().error.code).toBe('validation_failed')
    }
    const badCategory = await api.post('/api/findings', {
      targetId: s.js.id,
      title: 'x',
      description: 'x',
      categoryId: s.round.id,
      severity: 'major',
      source: 'talk',
    })
    expect(badCategory.json().error.code).toBe('category_not_found')
    expect(await count(env.db, 'auditEvent')).toBe(before)
    expect(
      (
        await env.db
          .selectFrom('finding')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(findingsBefore)
  })
})

describe('taxonomy', () => {
  it('is seeded with the meeting’s three categories and maintained by the office', async () => {
    const tax = (await as(env.app, member1).get('/api/taxonomy')).json()
    const tops = tax.filter((c: Json) => !c.parentId)
    expect(tops.map((c: Json) => c.code)).toEqual(['T1', 'T2', 'T3'])
    expect(tops[2].name).toContain('四责协同')
    expect(tax.filter((c: Json) => c.parentId).length).toBeGreaterThanOrEqual(9)
    const created = await as(env.app, office).post('/api/taxonomy', {
      parentId: tops[0].id,
      code: 'T1.9',
      name: '新增子类',
    })
    expect(created.statusCode).toBe(201)
    const deep = await as(env.app, office).post('/api/taxonomy', {
      parentId: created.json().id,
      code: 'T1.9.1',
      name: '三级',
    })
    expect(deep.json().error.code).toBe('category_depth')
    expect(
      (await as(env.app, member1).post('/api/taxonomy', { code: 'X1', name: '组员新增' })).statusCode,
    ).toBe(403)
    const off = await as(env.app, office).patch(`/api/taxonomy/${created.json().id}`, { active: false })
    expect(off.json().active).toBe(false)
  })
})

async function createJsLiaison(): Promise<Session> {
  const sys = await login(env.app, 'sysadmin')
  const sec = await login(env.app, 'secadmin')
  const user = (
    await as(env.app, sys).post('/api/users', {
      username: 'js_liaison',
      displayName: '江苏联络员',
      unitId: await unitId(env.db, '320000'),
      password: 'Jiangsu#2024x',
    })
  ).json()
  await as(env.app, sec).post(`/api/users/${user.id}/roles`, { role: 'unit_liaison' })
  const s = await login(env.app, 'js_liaison', 'Jiangsu#2024x')
  await as(env.app, s).post('/api/auth/password', {
    currentPassword: 'Jiangsu#2024x',
    newPassword: 'Jiangsu#2025y',
  })
  return s
}

describe('team roles and people lookup', () => {
  it('gives team members their permissions in me, and the office a people picker', async () => {
    const me = (await as(env.app, member1).get('/api/auth/me')).json()
    expect(me.permissions).toEqual(expect.arrayContaining(['inspection.read', 'finding.write']))
    const found = await as(env.app, office).get(`/api/users/lookup?q=${encodeURIComponent('zuyuan')}`)
    expect(found.statusCode).toBe(200)
    expect(found.json().map((u: Json) => u.username)).toEqual([
      'xs_zuyuan1',
      'xs_zuyuan2',
      'xs_zuyuan3',
      'xs_zuyuan4',
      'xs_zuyuan5',
    ])
    expect(Object.keys(found.json()[0]).sort()).toEqual([
      'departmentName',
      'displayName',
      'id',
      'unitName',
      'username',
    ])
    expect((await as(env.app, bjLiaison).get('/api/users/lookup?q=xs')).statusCode).toBe(403)
    expect((await as(env.app, member1).get('/api/users/lookup?q=xs')).statusCode).toBe(403)
  })
})
