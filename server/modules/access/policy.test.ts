import { describe, expect, it } from 'vitest'
import type { Actor, Ctx, Grant } from './context'
import { pathInScope, permissionsOf, requirePermission, requireUnitScope, unitPathsFor } from './policy'

function actor(grants: Partial<Grant>[], unitPath = '/000000/110000/'): Actor {
  return {
    id: 'u',
    username: 'u',
    displayName: 'u',
    unitId: 'x',
    unitPath,
    mustChangePassword: false,
    sessionId: 's',
    grants: grants.map(
      (g) => ({ role: 'leader', scopeType: 'unit', scopeId: 'x', scopePath: unitPath, ...g }) as Grant,
    ),
  }
}
const ctx = (a: Actor | null): Ctx => ({ actor: a, ip: null, auditHash: 'sm3' })

describe('policy', () => {
  it('derives permissions from roles', () => {
    expect(permissionsOf(actor([{ role: 'system_admin' }]))).toEqual([
      'unit.manage',
      'department.manage',
      'user.read',
      'user.manage',
    ])
    expect(permissionsOf(actor([{ role: 'security_admin' }]))).toEqual(['user.read', 'role.grant'])
    expect(permissionsOf(actor([{ role: 'audit_admin' }]))).toEqual(['audit.read'])
    expect(permissionsOf(actor([{ role: 'leader' }]))).toEqual([
      'inspection.read',
      'case.read',
      'case.stats',
      'task.read',
      'meeting.read',
    ])
  })

  it('scopes a provincial administrator to its subtree and the top one to all', () => {
    const bj = actor([{ role: 'system_admin', scopePath: '/000000/110000/' }])
    expect(unitPathsFor(bj, 'user.manage')).toEqual(['/000000/110000/'])
    expect(pathInScope(unitPathsFor(bj, 'user.manage'), '/000000/110000/110100/')).toBe(true)
    expect(pathInScope(unitPathsFor(bj, 'user.manage'), '/000000/320000/')).toBe(false)
    expect(pathInScope(unitPathsFor(bj, 'user.manage'), '/000000/')).toBe(false)
    const top = actor([{ role: 'system_admin', scopePath: '/000000/' }], '/000000/')
    expect(unitPathsFor(top, 'user.manage')).toBe('all')
  })

  it('ignores grants of other roles when scoping', () => {
    const mixed = actor([
      { role: 'leader', scopePath: '/000000/' },
      { role: 'case_editor', scopePath: '/000000/320000/' },
    ])
    expect(unitPathsFor(mixed, 'user.read')).toEqual([])
  })

  it('throws unauthenticated, forbidden and out-of-scope denials', () => {
    expect(() => requirePermission(ctx(null), 'audit.read')).toThrow(
      expect.objectContaining({ code: 'unauthenticated', status: 401 }),
    )
    expect(() => requirePermission(ctx(actor([{ role: 'system_admin' }])), 'audit.read')).toThrow(
      expect.objectContaining({ code: 'forbidden', status: 403 }),
    )
    const bj = ctx(actor([{ role: 'system_admin', scopePath: '/000000/110000/' }]))
    expect(() => requireUnitScope(bj, 'user.manage', '/000000/320000/')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    )
    expect(requireUnitScope(bj, 'user.manage', '/000000/110000/').id).toBe('u')
  })
})
