// Queries compiled once and run with each call's values: the same rows as building them anew,
// constants kept, an argument used twice filled twice, and a misuse refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEnv, engine, type TestEnv } from '../test/harness'
import { pageOf, prepared, shaped } from './prepared'
import { sql } from 'kysely'
import { containsText, readAtOnce, startsWith, statementName } from './dialect'
import type { DB } from './database'

let env: TestEnv
beforeAll(async () => {
  env = await createTestEnv()
})
afterAll(() => env.close())

const byCodeOrName = prepared((db: DB, code: string, name: string) =>
  db
    .selectFrom('unit')
    .select(['code', 'name', 'level'])
    .where((eb) => eb.or([eb('code', '=', code), eb('name', '=', name)]))
    .where('level', '!=', 'county')
    .orderBy('code'),
)

describe('prepared queries', () => {
  it('return what the query built anew returns, for each call’s values', async () => {
    for (const [code, name] of [
      ['110000', '天津市人民检察院'],
      ['000000', '无此单位'],
      ['999999', '无此单位'],
    ]) {
      const fresh = await env.db
        .selectFrom('unit')
        .select(['code', 'name', 'level'])
        .where((eb) => eb.or([eb('code', '=', code), eb('name', '=', name)]))
        .where('level', '!=', 'county')
        .orderBy('code')
        .execute()
      expect(await byCodeOrName(env.db, code, name)).toEqual(fresh)
    }
    expect((await byCodeOrName(env.db, '110000', '天津市人民检察院')).map((u) => u.code)).toEqual([
      '110000',
      '120000',
    ])
  })

  it('fill an argument used twice, and work inside a transaction', async () => {
    const same = prepared((db: DB, code: string) =>
      db.selectFrom('unit').select('code').where('code', '=', code).where('parentId', '!=', code),
    )
    await env.db.transaction().execute(async (trx) => {
      expect(await same(trx, '110000')).toEqual([{ code: '110000' }])
    })
  })

  it('read at once on SQLite only while no transaction or streamed read has the connection', async () => {
    const text = 'select "code" from "unit" where "code" = ?'
    const free = readAtOnce(env.db, text, ['110000'])
    if (engine === 'postgres') return expect(free).toBeNull()
    expect(free).toEqual([{ code: '110000' }])
    expect(readAtOnce(env.db, 'update "unit" set "code" = "code" where 0', [])).toBeNull()
    await env.db.transaction().execute(async (trx) => {
      expect(readAtOnce(env.db, text, ['110000'])).toBeNull()
      expect(readAtOnce(trx, text, ['110000'])).toBeNull()
    })
    for await (const _ of env.db.selectFrom('unit').select('code').limit(2).stream())
      expect(readAtOnce(env.db, text, ['110000'])).toBeNull()
    expect(readAtOnce(env.db, text, ['110000'])).toEqual([{ code: '110000' }])
  })

  it('never show another request a transaction’s writes before it commits', async () => {
    const named = prepared((db: DB, name: string) =>
      db.selectFrom('unit').select('code').where('name', '=', name),
    )
    let during: Promise<unknown[]> | null = null
    await expect(
      env.db.transaction().execute(async (trx) => {
        await trx.updateTable('unit').set({ name: '改名未提交' }).where('code', '=', '110000').execute()
        expect(await named(trx, '改名未提交')).toEqual([{ code: '110000' }])
        // another request's read, begun while the transaction is open
        during = named(env.db, '改名未提交')
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await during).toEqual([])
    expect(await named(env.db, '改名未提交')).toEqual([])
  })

  it('refuse a query that does not use an argument as a value', async () => {
    const shaped = prepared((db: DB, column: string) =>
      db.selectFrom('unit').select(column === 'code' ? 'code' : 'name'),
    )
    await expect(shaped(env.db, 'code')).rejects.toThrow(/argument 0 is not used as a value/)
  })
})

type UnitArgs = {
  levels: ('supreme' | 'provincial' | 'municipal' | 'county')[]
  under?: string
  q?: string
  sort: 'code' | 'name'
  limit: number
}
const fresh = (db: DB, a: UnitArgs) => {
  let q = db.selectFrom('unit').select(['code', 'name', 'level'])
  if (a.levels.length) q = q.where('level', 'in', a.levels)
  if (a.under) q = q.where((eb) => startsWith(eb.ref('path'), a.under!))
  if (a.q) q = q.where((eb) => containsText(db, eb.ref('name'), a.q!))
  return q.orderBy(a.sort).orderBy('id').limit(a.limit)
}
const units = shaped(fresh, ['sort'])

describe('queries compiled once per shape', () => {
  it('return what the query built anew returns, across shapes and values', async () => {
    const root = await env.db
      .selectFrom('unit')
      .select('path')
      .where('code', '=', '000000')
      .executeTakeFirstOrThrow()
    const bj = await env.db
      .selectFrom('unit')
      .select('path')
      .where('code', '=', '110000')
      .executeTakeFirstOrThrow()
    const cases: UnitArgs[] = [
      { levels: [], sort: 'code', limit: 5 },
      { levels: ['provincial'], sort: 'code', limit: 3 },
      { levels: ['provincial'], sort: 'name', limit: 3 },
      { levels: ['provincial', 'municipal'], sort: 'code', limit: 50 },
      { levels: ['municipal', 'county'], under: bj.path, sort: 'code', limit: 50 },
      { levels: [], under: root.path, q: '北京', sort: 'name', limit: 10 },
      { levels: [], under: root.path, q: '', sort: 'name', limit: 10 },
      // LIKE's own characters are matched as themselves, as `startsWith` and `containsText` escape them
      { levels: [], under: `${bj.path}%`, sort: 'code', limit: 10 },
      { levels: [], q: '_', sort: 'code', limit: 10 },
      { levels: [], q: '%', sort: 'code', limit: 10 },
      { levels: [], q: '人民', sort: 'code', limit: 0 },
    ]
    for (const a of cases) {
      const want = await fresh(env.db, a).execute()
      expect(await units(env.db, a), JSON.stringify(a)).toEqual(want)
    }
    expect((await units(env.db, cases[1]!)).length).toBe(3)
    expect(await units(env.db, cases[7]!)).toEqual([])
    expect(await units(env.db, cases[8]!)).toEqual([])
  })

  it('refuse an argument computed with or changed into what it cannot be filled from', async () => {
    const computed = shaped((db: DB, a: { page: number }) =>
      db
        .selectFrom('unit')
        .select('code')
        .limit(10)
        .offset((a.page - 1) * 10),
    )
    await expect(computed(env.db, { page: 2 })).rejects.toThrow(/computed with/)
    const changed = shaped((db: DB, a: { code: string }) =>
      db.selectFrom('unit').select('code').where('code', '=', a.code.toUpperCase()),
    )
    await expect(changed(env.db, { code: 'x' })).rejects.toThrow(/cannot be filled from/)
    const joined = shaped((db: DB, a: { code: string }) =>
      db.selectFrom('unit').select('code').where('code', '=', `1${a.code}`),
    )
    await expect(joined(env.db, { code: 'x' })).rejects.toThrow(/cannot be filled from/)
    const written = shaped((db: DB, a: { code: string }) =>
      db.selectFrom('unit').select('code').where('code', '=', sql.lit(a.code)),
    )
    await expect(written(env.db, { code: 'x' })).rejects.toThrow(/written into the SQL/)
  })
})

type Level = 'provincial' | 'municipal' | 'county'
const levelPage = shaped(
  (db: DB, a: { level: Level; limit: number; offset: number }) =>
    db
      .selectFrom('unit')
      .select(['code', 'name'])
      .where('level', '=', a.level)
      .orderBy('code')
      .$call((q) => pageOf(q, a)),
  ['limit'],
)

describe('list pages of shaped queries', () => {
  it('return each page as LIMIT and OFFSET as values would, with the size in the text and no OFFSET on the first page', async () => {
    for (const level of ['provincial', 'municipal', 'county'] as const)
      for (const [limit, offset] of [
        [5, 0],
        [5, 5],
        [5, 10],
        [7, 0],
        [200, 0],
        [3, 30],
      ] as const) {
        const want = await env.db
          .selectFrom('unit')
          .select(['code', 'name'])
          .where('level', '=', level)
          .orderBy('code')
          .limit(limit)
          .offset(offset)
          .execute()
        expect(await levelPage(env.db, { level, limit, offset }), `${level} ${limit} ${offset}`).toEqual(want)
      }
    const first = env.db
      .selectFrom('unit')
      .select('code')
      .$call((q) => pageOf(q, { limit: 5, offset: 0 }))
      .compile()
    expect(first.sql).toMatch(/limit 5$/)
    expect(first.parameters).toEqual([])
    const later = env.db
      .selectFrom('unit')
      .select('code')
      .$call((q) => pageOf(q, { limit: 5, offset: 10 }))
      .compile()
    expect(later.sql).toMatch(/limit 5 offset \$1$|limit 5 offset \?$/)
  })

  it('refuse a page whose size is not under a literal key', async () => {
    const unkept = shaped((db: DB, a: { limit: number; offset: number }) =>
      db
        .selectFrom('unit')
        .select('code')
        .$call((q) => pageOf(q, a)),
    )
    await expect(unkept(env.db, { limit: 5, offset: 0 })).rejects.toThrow(/literal key/)
  })
})

describe.skipIf(engine !== 'postgres')('PostgreSQL statements kept prepared', () => {
  const byCode = prepared((db: DB, code: string) =>
    db.selectFrom('unit').select(['code', 'name']).where('code', '=', code),
  )
  const kept = (db: DB) =>
    sql<{ name: string; statement: string; genericPlans: number; customPlans: number }>`
      select name, statement, generic_plans, custom_plans from pg_prepared_statements`
      .execute(db)
      .then((r) => r.rows)

  it('run a prepared query as a statement named once per connection, with each call’s values', async () => {
    await env.db.connection().execute(async (conn) => {
      const codes = ['110000', '120000', '999999', '110000', '120000', '110000', '120000', '110000']
      const got = []
      for (const code of codes) got.push(await byCode(conn, code))
      for (const [i, code] of codes.entries())
        expect(got[i]).toEqual(
          await conn.selectFrom('unit').select(['code', 'name']).where('code', '=', code).execute(),
        )
      expect(got[0]!.map((u) => u.code)).toEqual(['110000'])
      expect(got[2]).toEqual([])
      const text = conn.selectFrom('unit').select(['code', 'name']).where('code', '=', '').compile().sql
      const mine = (await kept(conn)).filter((s) => s.statement === text)
      expect(mine).toHaveLength(1)
      expect(mine[0]!.name).toBe(statementName(mine[0]!.statement))
      // Parsed once, planned per run or once for all: sixteen runs (the same text built anew
      // for the comparison runs under the same name), none of them parsed again.
      expect(mine[0]!.genericPlans + mine[0]!.customPlans).toBe(2 * codes.length)
    })
  })

  it('name only the queries kept prepared, and keep a connection usable after a named statement fails', async () => {
    await env.db.connection().execute(async (conn) => {
      await conn.selectFrom('unit').select('code').where('code', '=', '110000').execute()
      const names = (await kept(conn)).map((s) => s.name)
      expect(names.every((n) => n.startsWith('duban_'))).toBe(true)
      const failing = prepared((db: DB, code: string) =>
        db.selectFrom('unit').select((eb) => eb.cast<number>(eb.val(code), 'integer').as('n')),
      )
      await expect(conn.transaction().execute((trx) => failing(trx, 'x'))).rejects.toThrow(/integer/)
      expect(await failing(conn, '7')).toEqual(expect.arrayContaining([{ n: 7 }]))
      expect(await byCode(conn, '110000')).toHaveLength(1)
    })
  })

  it('plan a first page once for all values, knowing its LIMIT', async () => {
    await env.db.connection().execute(async (conn) => {
      const levels: Level[] = [
        'provincial',
        'municipal',
        'county',
        'provincial',
        'municipal',
        'county',
        'provincial',
        'county',
      ]
      for (const level of levels) await levelPage(conn, { level, limit: 20, offset: 0 })
      const text = conn
        .selectFrom('unit')
        .select(['code', 'name'])
        .where('level', '=', 'county')
        .orderBy('code')
        .$call((q) => pageOf(q, { limit: 20, offset: 0 }))
        .compile().sql
      const [stmt] = (await kept(conn)).filter((s) => s.statement === text)
      expect(stmt!.genericPlans).toBeGreaterThan(0)
      expect(stmt!.customPlans).toBeLessThanOrEqual(5)
      // Why: a plan for all values of a LIMIT given as a value assumes a tenth of the rows.
      type Plan = { 'Node Type': string; 'Plan Rows': number; Plans?: Plan[] }
      const limitOf = async (statement: string, args: string) => {
        const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: Plan }] }>`${sql.raw(
          `explain (format json) execute ${statement}${args ? `(${args})` : ''}`,
        )}`.execute(conn)
        const top = rows[0]!['QUERY PLAN'][0].Plan
        expect(top['Node Type']).toBe('Limit')
        return { rows: top['Plan Rows'], of: top.Plans![0]!['Plan Rows'] }
      }
      const before = (await sql<{ planCacheMode: string }>`show plan_cache_mode`.execute(conn)).rows[0]!
        .planCacheMode
      await sql`set plan_cache_mode = force_generic_plan`.execute(conn)
      try {
        await sql.raw(`prepare page_literal as select code from unit order by code limit 3`).execute(conn)
        await sql.raw(`prepare page_value as select code from unit order by code limit $1`).execute(conn)
        const literal = await limitOf('page_literal', '')
        const value = await limitOf('page_value', '3')
        expect(literal.rows).toBe(3)
        expect(value.rows).toBe(Math.round(value.of / 10))
      } finally {
        await sql.raw(`set plan_cache_mode = ${before}`).execute(conn)
        await sql`deallocate page_literal`.execute(conn)
        await sql`deallocate page_value`.execute(conn)
      }
    })
  })
})
