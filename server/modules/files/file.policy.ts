import type { DB } from '../../db/database'
import type { Ctx } from '../access/context'

/**
 * Files belong to an owner (a finding, a measure's progress post …). The module owning that
 * object registers who may attach to it and who may read its files; every upload and
 * download asks it.
 */
export type OwnerPolicy = {
  /** Throws when the actor may not attach a file now; returns the owner's unit id for the audit. */
  canAttach(db: DB, ctx: Ctx, ownerId: string): Promise<void>
  /** Throws when the actor may not see the owner (and so its files). */
  canRead(db: DB, ctx: Ctx, ownerId: string): Promise<void>
  /** Runs in the transaction that stores a file on the owner (to keep counts of the owner's files). */
  stored?(trx: DB, ownerId: string): Promise<void>
}

const owners = new Map<string, OwnerPolicy>()

export function registerOwner(type: string, policy: OwnerPolicy) {
  owners.set(type, policy)
}

export function ownerPolicy(type: string): OwnerPolicy | undefined {
  return owners.get(type)
}

export function ownerTypes() {
  return [...owners.keys()]
}
