import { describe, expect, it } from 'vitest'
import { ADMIN_ROLES, BUSINESS_ROLES, ROLES, ROLE_SCOPES, separationConflict } from './roles'

describe('三员分立', () => {
  it('lets no administrator role combine with any other role', () => {
    for (const admin of ADMIN_ROLES) {
      for (const other of ROLES) {
        if (other === admin) continue
        expect(separationConflict([other], admin)).toBe(other)
        expect(separationConflict([admin], other)).toBe(admin)
      }
    }
  })

  it('lets business roles combine, and a role be held again at another scope', () => {
    expect(separationConflict(['case_editor', 'leader'], 'case_reviewer')).toBeNull()
    expect(separationConflict(['system_admin'], 'system_admin')).toBeNull()
    expect(separationConflict([], 'audit_admin')).toBeNull()
  })

  it('gives every role at least one scope kind', () => {
    for (const r of [...ADMIN_ROLES, ...BUSINESS_ROLES]) expect(ROLE_SCOPES[r].length).toBeGreaterThan(0)
  })
})
