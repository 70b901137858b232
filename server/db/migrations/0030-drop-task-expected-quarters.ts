import type { Kysely } from 'kysely'
import * as m0023 from './0023-task-expected-quarters'

// Each quarter's expected progress as a column (migration 0023) was the light's input until
// migration 0028 stored the light's own inputs; nothing reads these columns any more.
export async function up(db: Kysely<any>): Promise<void> {
  await m0023.down(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await m0023.up(db)
}
