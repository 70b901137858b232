import { sql } from 'kysely'
import type { DB } from './database'

/**
 * The next number of a gap-free sequence (检例第N号, document numbers, a target's findings).
 * Call inside the transaction that uses the number: the row stays locked until it ends.
 * With `count` it reserves a block and returns the block's last number.
 */
export async function nextValue(db: DB, name: string, count = 1): Promise<number> {
  await db
    .insertInto('counter')
    .values({ name, value: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const row = await db
    .updateTable('counter')
    .set({ value: sql`value + ${count}` })
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirstOrThrow()
  return Number(row.value)
}
