// A request that writes nothing reads every version once, where its session is checked, and its
// caches (the calendar, the light rule and counts, the case library's hits) use what it read:
// on PostgreSQL each read is a round trip. Another instance's change still shows on the next
// request, and a request that writes reads each version it needs afresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keptAtLeast, keptUntilWrite, readVersions, VERSION_NAMES, versionedValue } from './versioned'
import {
  as,
  createTestEnv,
  login,
  otherInstance,
  withLoggedApp,
  type Instance,
  type Session,
  type TestEnv,
} from '../test/harness'

let env: TestEnv
let other: Instance
let office: Session
let ducha: Session
let measureId: string

beforeAll(async () => {
  env = await createTestEnv()
  other = await otherInstance(env)
  office = await login(env.app, 'xunshiban')
  ducha = await login(env.app, 'ducha')
  const page = (await as(env.app, office).get('/api/measures?pageSize=1')).json()
  measureId = page.items[0].id
})
afterAll(async () => {
  await other.close()
  await env.close()
})

describe('versions read once per request', () => {
  it('come in one read, 0 for a counter never moved', async () => {
    const v = await readVersions(env.db)
    expect(Object.keys(v).sort()).toEqual([...VERSION_NAMES].sort())
    expect(v.actors).toBeGreaterThan(0) // the demo's users and grants moved it
    for (const name of VERSION_NAMES) expect(Number.isInteger(v[name])).toBe(true)
  })

  it('count the audited writes: moved by a write, whatever it writes, not by a read, a sign-in or a refusal', async () => {
    const head = async () => {
      const row = await env.db.selectFrom('auditHead').select(['seq', 'changes']).executeTakeFirstOrThrow()
      return { seq: Number(row.seq), changes: Number(row.changes) }
    }
    const before = await readVersions(env.db)
    const at = await head()
    expect(before.writes).toBe(at.changes)
    expect((await as(env.app, office).get(`/api/measures/${measureId}`)).statusCode).toBe(200)
    await login(env.app, 'xunshiban')
    expect((await as(env.app, ducha).get(`/api/measures/${measureId}`)).statusCode).toBe(403) // audited
    expect((await as(env.app, ducha).get('/api/audit/events')).statusCode).toBe(403) // audited
    const quiet = await head()
    expect(quiet.seq).toBeGreaterThan(at.seq + 2) // the sign-in and the refusals are in the chain
    expect((await readVersions(env.db)).writes).toBe(before.writes)
    const urged = await as(env.app, office).post(`/api/measures/${measureId}/urge`, { message: '请抓紧推进' })
    expect(urged.statusCode, urged.body).toBeLessThan(300)
    const after = await readVersions(env.db)
    expect(after.writes).toBeGreaterThan(before.writes)
    expect(after.writes).toBe((await head()).changes)
  })

  it('leave an item two reads on a warm server: the versions and the item', async () => {
    await withLoggedApp(
      env,
      () => true,
      async ({ app, seen }) => {
        const get = () => as(app, office).get(`/api/measures/${measureId}`)
        expect((await get()).statusCode).toBe(200)
        seen.length = 0
        expect((await get()).statusCode).toBe(200)
        expect(seen).toHaveLength(2)
        expect(seen[0].sql).toMatch(/from "counter" where "name" in \(/)
        expect(seen[1].sql).toMatch(/from "rectification_measure" as "m"/)
        expect(seen.some((q) => q.sql.includes('calendar_day'))).toBe(false)
      },
    )
  })

  it("leave a task ledger page no read of a version, the light rule's setting or the calendar of its own", async () => {
    await withLoggedApp(
      env,
      () => true,
      async ({ app, seen }) => {
        const get = () => as(app, ducha).get('/api/tasks?year=2025')
        expect((await get()).statusCode).toBe(200)
        seen.length = 0
        expect((await get()).statusCode).toBe(200)
        expect(seen.filter((q) => q.sql.includes('"counter"'))).toHaveLength(1)
        expect(seen.some((q) => /"setting"|calendar_day/.test(q.sql))).toBe(false)
      },
    )
  })

  it('are read afresh by a request that writes, after its own writes', async () => {
    const bj = await login(env.app, 'bj_liaison')
    const targets = (await as(env.app, bj).get('/api/targets?pageSize=50')).json().items
    const target = targets.find((t: { unitCode: string }) => t.unitCode === '110000').id
    const finding = (await as(env.app, bj).get(`/api/findings?targetId=${target}`)).json().items[0]
    await withLoggedApp(
      env,
      () => true,
      async ({ app, seen }) => {
        const created = await as(app, bj).post('/api/measures', {
          findingId: finding.id,
          content: '建立台账',
          responsibleLeader: '张副检察长',
          deadline: '2031-03-12',
          kind: 'immediate',
        })
        expect(created.statusCode, created.body).toBe(201)
        // the answer's due date comes from a calendar whose version this request read itself
        expect(seen.some((q) => /from "counter" where "name" = /.test(q.sql))).toBe(true)
      },
    )
  })

  it("show another instance's change of the calendar on the next request", async () => {
    const day = '2031-03-12' // a Wednesday
    const shift = async () =>
      (await as(other.app, office).get(`/api/calendar/working-days?from=2031-03-11&days=1`)).json().date
    expect(await shift()).toBe(day)
    expect(
      (await as(env.app, office).put(`/api/calendar/${day}`, { kind: 'holiday', name: '测试' })).statusCode,
    ).toBe(200)
    expect(await shift()).toBe('2031-03-13')
    expect((await as(env.app, office).del(`/api/calendar/${day}`)).statusCode).toBe(204)
    expect(await shift()).toBe(day)
  })

  it("show another instance's change of the light rule on the next request", async () => {
    const rule = async () => (await as(other.app, ducha).get('/api/tasks/light-rule')).json()
    const before = await rule()
    const changed = { ...before, behindTolerance: before.behindTolerance + 1 }
    expect((await as(env.app, ducha).put('/api/tasks/light-rule', changed)).statusCode).toBe(200)
    expect(await rule()).toEqual(changed)
    expect((await as(env.app, ducha).put('/api/tasks/light-rule', before)).statusCode).toBe(200)
    expect(await rule()).toEqual(before)
  })
})

describe('a value worked out once per version', () => {
  it('is read once per version, afresh after a change, and not kept in a transaction or under an older version', async () => {
    let reads = 0
    const value = versionedValue('calendar', async () => ++reads)
    expect(await value.get(env.db)).toBe(1)
    expect(await value.get(env.db)).toBe(1)
    await value.touch(env.db)
    expect(await value.get(env.db)).toBe(2)
    expect(await value.get(env.db)).toBe(2)
    await env.db.transaction().execute(async (trx) => {
      expect(await value.get(trx)).toBe(3)
      expect(await value.get(trx)).toBe(4)
    })
    expect(await value.get(env.db)).toBe(2)
    // a request that began before a change reads afresh and keeps nothing under its version
    const seen = await readVersions(env.db)
    await value.touch(env.db)
    expect(await value.get(env.db)).toBe(5)
    expect(await value.get(env.db, seen)).toBe(6)
    expect(await value.get(env.db)).toBe(5)
  })
})

describe('values kept until the next write', () => {
  it('are read once by key until an audited write, once for requests that ask together, and not kept when the read fails', async () => {
    let reads = 0
    const kept = keptUntilWrite<number>(2)
    const read = async () => ++reads
    const [a, b] = await Promise.all([kept.get(env.db, null, 'a', read), kept.get(env.db, null, 'a', read)])
    expect([a, b]).toEqual([1, 1])
    expect(await kept.get(env.db, null, 'a', read)).toBe(1)
    expect(await kept.get(env.db, null, 'b', read)).toBe(2)
    expect(await kept.get(env.db, null, 'c', read)).toBe(3) // two at most: 'a', the first, goes
    expect(await kept.get(env.db, null, 'a', read)).toBe(4)
    await expect(
      kept.get(env.db, null, 'd', () => Promise.reject(new Error('read failed'))),
    ).rejects.toThrow()
    expect(await kept.get(env.db, null, 'd', read)).toBe(5)
    const urged = await as(env.app, office).post(`/api/measures/${measureId}/urge`, { message: '请按期完成' })
    expect(urged.statusCode, urged.body).toBeLessThan(300)
    expect(await kept.get(env.db, null, 'd', read)).toBe(6)
    expect(await kept.get(env.db, null, 'd', read)).toBe(6)
    await env.db.transaction().execute(async (trx) => {
      expect(await kept.get(trx, null, 'd', read)).toBe(7)
    })
  })
})

describe('values kept until a write and for a while', () => {
  /** A write moving the count of changes on, as any audited write does; the versions after it. */
  const write = async () => {
    const urged = await as(env.app, office).post(`/api/measures/${measureId}/urge`, { message: '请按期完成' })
    expect(urged.statusCode, urged.body).toBeLessThan(300)
    return readVersions(env.db)
  }
  /** A read that does not end until it is told to. */
  const held = () => {
    let end!: (n: number) => void
    let fail!: (e: Error) => void
    const value = new Promise<number>((resolve, reject) => ((end = resolve), (fail = reject)))
    return { read: () => value, end, fail }
  }

  it('are counted again after a write only once the time has passed, and meanwhile given as counted', async () => {
    let clock = 0
    let reads = 0
    const kept = keptAtLeast<number>(2, 60_000, () => clock)
    const read = async () => ++reads
    expect(await kept.get(env.db, null, 'a', read)).toBe(1)
    expect(await kept.get(env.db, null, 'a', read)).toBe(1)
    // a write within the minute: the value counted before it, without a read
    await write()
    clock = 59_999
    expect(await kept.get(env.db, null, 'a', read)).toBe(1)
    // asked fresh: counted after the write, and kept as the newest count
    expect(await kept.get(env.db, null, 'a', read, { fresh: true })).toBe(2)
    expect(await kept.get(env.db, null, 'a', read, { fresh: true })).toBe(2)
    // past the minute without a write since: still kept
    clock = 200_000
    expect(await kept.get(env.db, null, 'a', read)).toBe(2)
    // a write and the minute passed: counted again, but for a request begun before the write
    const before = await readVersions(env.db)
    await write()
    expect(await kept.get(env.db, before, 'a', read)).toBe(2)
    expect(await kept.get(env.db, null, 'a', read)).toBe(3)
    // two keys at most, the first kept dropped first; nothing kept in a transaction
    expect(await kept.get(env.db, null, 'b', read)).toBe(4)
    expect(await kept.get(env.db, null, 'c', read)).toBe(5)
    expect(await kept.get(env.db, null, 'a', read)).toBe(6)
    await env.db.transaction().execute(async (trx) => {
      expect(await kept.get(trx, null, 'a', read)).toBe(7)
      expect(await kept.get(trx, null, 'a', read)).toBe(8)
    })
    expect(await kept.get(env.db, null, 'a', read)).toBe(6)
  })

  it('give the value before while a count is under way, count a key once at a time, and keep the value a while when a count fails', async () => {
    let clock = 0
    let reads = 0
    const kept = keptAtLeast<number>(10, 60_000, () => clock)
    const counted = (h: ReturnType<typeof held>) => () => (reads++, h.read())
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5))
    // the first count: everyone waits for the one count
    let seen = await readVersions(env.db)
    const first = held()
    const asked = [kept.get(env.db, seen, 'k', counted(first)), kept.get(env.db, seen, 'k', counted(first))]
    await tick()
    first.end(1)
    expect(await Promise.all(asked)).toEqual([1, 1])
    expect(reads).toBe(1)
    // a write and the minute passed: the request that begins the count waits for it, others
    // are given the count before
    seen = await write()
    clock = 60_000
    const second = held()
    const begun = kept.get(env.db, seen, 'k', counted(second))
    await tick()
    expect(await kept.get(env.db, seen, 'k', counted(held()))).toBe(1)
    expect(reads).toBe(2)
    // a write during that count, then asked fresh: the count under way, begun before the
    // write, is waited out, not run beside, and then the key is counted again
    const later = await write()
    const third = held()
    const fresh = kept.get(env.db, later, 'k', counted(third), { fresh: true })
    await tick()
    expect(reads).toBe(2)
    second.end(2)
    expect(await begun).toBe(2)
    await tick()
    expect(reads).toBe(3)
    // asked fresh again meanwhile: the count under way began after that write, so it is waited for
    const again = kept.get(env.db, later, 'k', counted(held()), { fresh: true })
    await tick()
    expect(reads).toBe(3)
    third.end(3)
    expect([await fresh, await again]).toEqual([3, 3])
    // a failed count: others are given the count before meanwhile, its request is told; the
    // count before is then given until the minute since the failed count began has passed,
    // unless asked fresh
    seen = await write()
    clock = 200_000
    const failing = held()
    const failed = kept.get(env.db, seen, 'k', counted(failing))
    await tick()
    expect(await kept.get(env.db, seen, 'k', counted(held()))).toBe(3)
    failing.fail(new Error('count failed'))
    await expect(failed).rejects.toThrow('count failed')
    expect(reads).toBe(4)
    clock = 259_999
    expect(await kept.get(env.db, seen, 'k', async () => (reads++, 5))).toBe(3)
    expect(reads).toBe(4)
    clock = 260_000
    const failsAgain = () => (reads++, Promise.reject(new Error('count failed')))
    await expect(kept.get(env.db, seen, 'k', failsAgain)).rejects.toThrow('count failed')
    expect(reads).toBe(5)
    expect(await kept.get(env.db, seen, 'k', async () => (reads++, 6))).toBe(3)
    expect(await kept.get(env.db, seen, 'k', async () => (reads++, 6), { fresh: true })).toBe(6)
    expect(reads).toBe(6)
  })

  it('keep a count that ends after its key was dropped at the limit', async () => {
    let reads = 0
    const kept = keptAtLeast<number>(1, 60_000, () => 0)
    const seen = await readVersions(env.db)
    const a = held()
    const counting = kept.get(env.db, seen, 'a', () => (reads++, a.read()))
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(await kept.get(env.db, seen, 'b', async () => (reads++, 2))).toBe(2) // drops 'a'
    a.end(1)
    expect(await counting).toBe(1)
    expect(await kept.get(env.db, seen, 'a', async () => (reads++, 99))).toBe(1)
    expect(reads).toBe(2)
  })
})
