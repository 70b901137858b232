import type { DB } from '../../db/database'
import { prepared } from '../../db/prepared'
import type { SessionTable } from '../../db/schema'

export async function insert(db: DB, row: SessionTable) {
  await db.insertInto('session').values(row).execute()
}

// Runs on every request: compiled once.
const sessionWithUser = prepared((db: DB, id: string) =>
  db
    .selectFrom('session')
    .innerJoin('appUser', 'appUser.id', 'session.userId')
    .innerJoin('unit', 'unit.id', 'appUser.unitId')
    .select([
      'session.id',
      'session.csrfToken',
      'session.lastSeenAt',
      'session.expiresAt',
      'appUser.id as userId',
      'appUser.username',
      'appUser.displayName',
      'appUser.unitId',
      'appUser.status',
      'appUser.mustChangePassword',
      'unit.path as unitPath',
    ])
    .where('session.id', '=', id),
)

export async function findWithUser(db: DB, id: string) {
  return (await sessionWithUser(db, id))[0]
}

export async function touch(db: DB, id: string, at: string) {
  await db.updateTable('session').set({ lastSeenAt: at }).where('id', '=', id).execute()
}

export async function remove(db: DB, id: string) {
  await db.deleteFrom('session').where('id', '=', id).execute()
}

export async function removeForUser(db: DB, userId: string, exceptId?: string) {
  let q = db.deleteFrom('session').where('userId', '=', userId)
  if (exceptId) q = q.where('id', '!=', exceptId)
  await q.execute()
}

export async function removeExpired(db: DB, now: string, idleBefore: string) {
  await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<=', idleBefore)]))
    .execute()
}
