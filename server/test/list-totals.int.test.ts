import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { as, createTestEnv, login, type Session, type TestEnv } from './harness'
import { runCli } from './process'
import { verifyChain } from '../modules/audit/audit.service'

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
    const targets = await env.db.selectFrom('target').select('id').execute()
    await check('/api/measures', [
      '',
      'status=open',
      'status=done',
      'overdue=1',
      `q=${TEXT}`,
      'sort=progress&order=desc',
      ...rounds.map((r) => `roundId=${r.id}`),
      ...rounds.map((r) => `roundId=${r.id}&status=open`),
      ...targets.map((t) => `targetId=${t.id}`),
      ...targets.map((t) => `targetId=${t.id}&status=done`),
    ])
  })

  // The totals without a measure's own fields are sums of `measure_tally`; it must move with
  // every measure written, in the write's transaction.
  it('of the ledger follow each measure created, done, reopened and deleted', async () => {
    const tallied = async () => {
      const key = (rows: { targetId: string; status: string; n: number | string }[]) =>
        rows.map((r) => `${r.targetId} ${r.status} ${Number(r.n)}`).sort()
      const tally = await env.db.selectFrom('measureTally').selectAll().where('n', '!=', 0).execute()
      const counted = await env.db
        .selectFrom('rectificationMeasure')
        .select(['targetId', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['targetId', 'status'])
        .execute()
      expect(counted.length).toBeGreaterThan(0)
      expect(key(tally)).toEqual(key(counted))
    }
    const office = await login(env.app, 'xunshiban')
    const liaison = await login(env.app, 'bj_liaison')
    const target = (await as(env.app, office).get('/api/targets?pageSize=50'))
      .json()
      .items.find((t: { unitCode: string }) => t.unitCode === '110000').id as string
    /** A target's ledger totals, open and done, as the office's API reports them. */
    const totalsOf = async (targetId: string) => {
      const of = async (status: string) =>
        (await collect(office, `/api/measures?targetId=${targetId}&status=${status}`)).total
      return { open: await of('open'), done: await of('done') }
    }
    const totals = () => totalsOf(target)
    await tallied() // the migration's fill and the demo's measures
    const start = await totals()
    const finding = (await as(env.app, liaison).get(`/api/findings?targetId=${target}`)).json().items[0]
    const created = await as(env.app, liaison).post('/api/measures', {
      findingId: finding.id,
      content: '台账合计随写入变化',
      responsibleLeader: '张副检察长',
      deadline: '2030-09-30',
      kind: 'immediate',
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id as string
    await tallied()
    expect(await totals()).toEqual({ open: start.open + 1, done: start.done })
    // done and reopened: progress is posted on a measure of a finding in rectification
    const rectifying = await env.db
      .selectFrom('rectificationMeasure as m')
      .innerJoin('finding as f', 'f.id', 'm.findingId')
      .innerJoin('unit as u', 'u.id', 'm.unitId')
      .select(['m.id', 'm.targetId', 'm.status', 'u.code'])
      .where('f.status', '=', 'rectifying')
      .where('u.code', 'in', ['110000', '120000'])
      .executeTakeFirstOrThrow()
    const poster = await login(env.app, rectifying.code === '110000' ? 'bj_liaison' : 'tj_liaison')
    const counts = () => totalsOf(rectifying.targetId)
    const was = await counts()
    const post = async (done: boolean) => {
      const res = await as(env.app, poster).post(`/api/measures/${rectifying.id}/progress`, {
        content: '进展',
        progress: 60,
        done,
      })
      expect(res.statusCode, res.body).toBe(201)
      await tallied()
    }
    const [open, done] = rectifying.status === 'open' ? [was.open - 1, was.done + 1] : [was.open, was.done]
    await post(true)
    expect(await counts()).toEqual({ open, done })
    await post(false)
    expect(await counts()).toEqual({ open: open + 1, done: done - 1 })
    expect((await as(env.app, liaison).del(`/api/measures/${id}`)).statusCode).toBe(204)
    await tallied()
    expect(await totals()).toEqual(start)
    // A measure written by hand in SQL leaves the tally behind: `duban tally` says where,
    // exits 1 and changes nothing; `--rebuild` makes it anew from the measures, audited.
    const cli = (...args: string[]) =>
      runCli(['tally', ...args], {
        DATA_DIR: env.dataDir,
        ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {}),
      })
    expect((await cli()).code).toBe(0)
    const before = await counts()
    await sql`insert into rectification_measure (id, plan_id, finding_id, target_id, unit_id, content,
        responsible_leader, department_id, deadline, kind, status, progress, done_at, done_by,
        evidence_count, created_at, updated_at)
      select ${uuidv7()}, plan_id, finding_id, target_id, unit_id, content, responsible_leader,
        department_id, deadline, kind, 'open', 0, null, null, 0, created_at, updated_at
      from rectification_measure where id = ${rectifying.id}`.execute(env.db)
    const checked = await cli()
    expect(checked.code, checked.stdout + checked.stderr).toBe(1)
    expect(checked.stderr).toContain(
      `target ${rectifying.targetId} open: tally ${before.open}, measures ${before.open + 1}`,
    )
    await expect(tallied()).rejects.toThrow()
    expect(await counts()).toEqual(before) // the total still reads the tally
    const events = () =>
      env.db
        .selectFrom('auditEvent')
        .select('details')
        .where('action', '=', 'measure_tally.rebuild')
        .execute()
    expect(await events()).toEqual([])
    const rebuilt = await cli('--rebuild')
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    expect(rebuilt.stdout).toMatch(/measure tally rebuilt from the measures: \d+ rows/)
    await tallied()
    expect(await counts()).toEqual({ open: before.open + 1, done: before.done })
    expect((await events()).map((e) => JSON.parse(String(e.details)).differed)).toEqual([1])
    expect((await verifyChain(env.db)).ok).toBe(true)
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
