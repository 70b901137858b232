import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ChainVerifier, GENESIS_HASH, eventHash, type ChainedFields, type HashAlg } from './audit-chain'

type Row = ChainedFields & { hash: string; hashAlg: string }

function chain(n: number, alg: HashAlg = 'sm3'): Row[] {
  const rows: Row[] = []
  let prev = GENESIS_HASH
  for (let i = 1; i <= n; i++) {
    const f: ChainedFields = {
      seq: i,
      id: `id-${i}`,
      occurredAt: new Date(Date.UTC(2024, 6, 9, 0, 0, i)).toISOString(),
      actorId: 'a',
      actorUsername: 'auditor',
      unitId: 'u',
      action: i % 2 ? 'auth.login' : 'user.update',
      objectType: 'user',
      objectId: `o-${i}`,
      outcome: 'success',
      ip: '127.0.0.1',
      details: JSON.stringify({ i }),
      prevHash: prev,
    }
    const hash = eventHash(alg, f)
    rows.push({ ...f, hash, hashAlg: alg })
    prev = hash
  }
  return rows
}

function verify(rows: Row[], head: { seq: number; hash: string }) {
  const v = new ChainVerifier()
  for (const r of rows) if (!v.push(r)) break
  return v.finish(head)
}

const headOf = (rows: Row[]) => ({ seq: rows.length, hash: rows[rows.length - 1]?.hash ?? GENESIS_HASH })

describe('audit chain', () => {
  it('accepts an intact chain in SM3 and SHA-256, and differs between them', () => {
    for (const alg of ['sm3', 'sha256'] as const)
      expect(verify(chain(20, alg), headOf(chain(20, alg))).ok).toBe(true)
    expect(chain(1, 'sm3')[0].hash).not.toBe(chain(1, 'sha256')[0].hash)
    expect(verify([], { seq: 0, hash: GENESIS_HASH }).ok).toBe(true)
  })

  it('names the first edited event, whatever field is changed', () => {
    const fields = [
      'occurredAt',
      'actorId',
      'actorUsername',
      'unitId',
      'action',
      'objectType',
      'objectId',
      'outcome',
      'ip',
      'details',
    ] as const
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 29 }),
        fc.constantFrom(...fields),
        fc.string({ minLength: 1 }),
        (at, field, value) => {
          const rows = chain(30)
          const head = headOf(rows)
          fc.pre(rows[at][field] !== value)
          rows[at] = { ...rows[at], [field]: value }
          const r = verify(rows, head)
          return !r.ok && r.firstBadSeq === at + 1 && r.reason === 'edited'
        },
      ),
    )
  })

  it('names the gap left by a deleted event', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 28 }), (at) => {
        const rows = chain(30)
        const head = headOf(rows)
        rows.splice(at, 1)
        const r = verify(rows, head)
        return !r.ok && r.firstBadSeq === at + 2 && r.reason === 'deleted'
      }),
    )
  })

  it('catches events out of order and a removed tail', () => {
    const rows = chain(10)
    const head = headOf(rows)
    const swapped = [...rows]
    ;[swapped[3], swapped[4]] = [swapped[4], swapped[3]]
    expect(verify(swapped, head)).toMatchObject({ ok: false, firstBadSeq: 5, reason: 'deleted' })
    expect(verify(rows.slice(0, 9), head)).toMatchObject({ ok: false, reason: 'truncated', firstBadSeq: 10 })
  })

  it('catches a rewritten event even when its own hash is recomputed', () => {
    const rows = chain(10)
    const head = headOf(rows)
    const forged = { ...rows[2], actorUsername: 'forger' }
    forged.hash = eventHash('sm3', forged)
    rows[2] = forged
    expect(verify(rows, head)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'reordered' })
  })
})
