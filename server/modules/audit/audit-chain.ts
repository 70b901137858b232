import crypto from 'node:crypto'

export type HashAlg = 'sm3' | 'sha256'
export const GENESIS_HASH = '0'.repeat(64)

export type ChainedFields = {
  seq: number
  id: string
  occurredAt: string
  actorId: string | null
  actorUsername: string | null
  unitId: string | null
  action: string
  objectType: string | null
  objectId: string | null
  outcome: string
  ip: string | null
  details: string
  prevHash: string
}

/** Hash of one event over its fields and its predecessor's hash. */
export function eventHash(alg: HashAlg, e: ChainedFields): string {
  const canonical = JSON.stringify([
    e.seq,
    e.id,
    e.occurredAt,
    e.actorId,
    e.actorUsername,
    e.unitId,
    e.action,
    e.objectType,
    e.objectId,
    e.outcome,
    e.ip,
    e.details,
    e.prevHash,
  ])
  return crypto.createHash(alg).update(canonical, 'utf8').digest('hex')
}

export type VerifyResult = {
  ok: boolean
  checked: number
  firstBadSeq: number | null
  firstBadId: string | null
  reason: 'edited' | 'deleted' | 'reordered' | 'truncated' | null
}

/**
 * Walks events in seq order and names the first that breaks the chain. `head` is the
 * chain's recorded end, so a removed tail is caught too.
 */
export class ChainVerifier {
  private expectedSeq = 1
  private prevHash = GENESIS_HASH
  checked = 0
  failure: VerifyResult | null = null

  push(e: ChainedFields & { hash: string; hashAlg: string }): boolean {
    if (this.failure) return false
    this.checked++
    const fail = (reason: VerifyResult['reason']) => {
      this.failure = { ok: false, checked: this.checked, firstBadSeq: e.seq, firstBadId: e.id, reason }
      return false
    }
    if (e.seq !== this.expectedSeq) {
      // A gap means rows were removed; a smaller number means rows were swapped.
      return fail(e.seq > this.expectedSeq ? 'deleted' : 'reordered')
    }
    const recomputed = eventHash(e.hashAlg as HashAlg, e)
    if (recomputed !== e.hash) return fail('edited')
    if (e.prevHash !== this.prevHash) return fail('reordered')
    this.prevHash = e.hash
    this.expectedSeq++
    return true
  }

  finish(head: { seq: number; hash: string }): VerifyResult {
    if (this.failure) return this.failure
    const lastSeq = this.expectedSeq - 1
    if (head.seq !== lastSeq || head.hash !== this.prevHash) {
      return {
        ok: false,
        checked: this.checked,
        firstBadSeq: lastSeq + 1,
        firstBadId: null,
        reason: 'truncated',
      }
    }
    return { ok: true, checked: this.checked, firstBadSeq: null, firstBadId: null, reason: null }
  }
}
