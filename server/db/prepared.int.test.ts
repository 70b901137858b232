// Queries compiled once and run with each call's values: the same rows as building them anew,
// constants kept, an argument used twice filled twice, and a misuse refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEnv, type TestEnv } from '../test/harness'
import { prepared } from './prepared'
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

  it('refuse a query that does not use an argument as a value', async () => {
    const shaped = prepared((db: DB, column: string) =>
      db.selectFrom('unit').select(column === 'code' ? 'code' : 'name'),
    )
    await expect(shaped(env.db, 'code')).rejects.toThrow(/argument 0 is not used as a value/)
  })
})
