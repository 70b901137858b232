import type { DB } from '../../db/database'
import { prepared } from '../../db/prepared'
import type { SessionTable } from '../../db/schema'
import { versioned } from '../../db/versioned'
import type { Actor } from '../access/context'

/** A session as resolved for a request, with what its checks of age and status need. */
export type KnownSession = {
  actor: Actor
  csrfToken: string
  lastSeenAt: string
  /** lastSeenAt and the session's end as numbers, parsed once: compared on every request */
  lastSeenMs: number
  expiresMs: number
  status: string
}

/**
 * The actors' version: moved on by every write to what a session resolves to (the session
 * itself going away; its user's name, unit, status or forced password change; a unit's path;
 * the user's role grants and inspection teams), after the write (`touchActors`). Each process
 * keeps the sessions it resolved under it, so that a request reads one counter row instead of
 * the session, user, unit and grants.
 */
export const knownSessions = versioned('actors', () => new Map<string, KnownSession>())

export async function touchActors(db: DB) {
  await knownSessions.touch(db)
}

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
  const r = await db.deleteFrom('session').where('id', '=', id).executeTakeFirst()
  if (Number(r.numDeletedRows) > 0) await touchActors(db)
}

export async function removeForUser(db: DB, userId: string, exceptId?: string) {
  let q = db.deleteFrom('session').where('userId', '=', userId)
  if (exceptId) q = q.where('id', '!=', exceptId)
  const r = await q.executeTakeFirst()
  if (Number(r.numDeletedRows) > 0) await touchActors(db)
}

export async function removeExpired(db: DB, now: string, idleBefore: string) {
  const r = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<=', idleBefore)]))
    .executeTakeFirst()
  if (Number(r.numDeletedRows) > 0) await touchActors(db)
}
