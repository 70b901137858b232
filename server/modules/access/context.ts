import type { Role, ScopeType } from '../../../common/roles'
import type { Versions } from '../../db/versioned'

export type Grant = { role: Role; scopeType: ScopeType; scopeId: string; scopePath: string | null }

/** The signed-in person, as every service sees them. */
export type Actor = {
  id: string
  username: string
  displayName: string
  unitId: string
  unitPath: string
  mustChangePassword: boolean
  grants: Grant[]
  sessionId: string
}

/** What a service needs to know about the request besides its input. */
export type Ctx = {
  actor: Actor | null
  ip: string | null
  auditHash: 'sm3' | 'sha256'
  /**
   * The versions read where the session was checked, on a request that writes nothing (GET):
   * its caches key on these rather than read each again. A request that writes has none.
   */
  versions?: Versions
}

export function systemCtx(auditHash: 'sm3' | 'sha256' = 'sm3'): Ctx {
  return { actor: null, ip: null, auditHash }
}
