import type { Role, ScopeType } from '../../../common/roles'

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
}

export function systemCtx(auditHash: 'sm3' | 'sha256' = 'sm3'): Ctx {
  return { actor: null, ip: null, auditHash }
}
