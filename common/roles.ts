/** Role ids as in DOMAIN.md. The Chinese names live in the web's i18n files. */
export const ADMIN_ROLES = ['system_admin', 'security_admin', 'audit_admin'] as const
export const BUSINESS_ROLES = [
  'inspection_office',
  'team_leader',
  'team_member',
  'unit_leader',
  'unit_liaison',
  'case_editor',
  'case_reviewer',
  'case_committee',
  'supervision_office',
  'department_owner',
  'leader',
] as const
export const ROLES = [...ADMIN_ROLES, ...BUSINESS_ROLES] as const
export type AdminRole = (typeof ADMIN_ROLES)[number]
export type BusinessRole = (typeof BUSINESS_ROLES)[number]
export type Role = (typeof ROLES)[number]

export const SCOPE_TYPES = ['unit', 'team', 'department', 'round'] as const
export type ScopeType = (typeof SCOPE_TYPES)[number]

/** Which scope kinds a role may be held with; the first is the default. */
export const ROLE_SCOPES: Record<Role, readonly ScopeType[]> = {
  system_admin: ['unit'],
  security_admin: ['unit'],
  audit_admin: ['unit'],
  inspection_office: ['unit'],
  team_leader: ['team', 'unit'],
  team_member: ['team', 'unit'],
  unit_leader: ['unit'],
  unit_liaison: ['unit'],
  case_editor: ['unit'],
  case_reviewer: ['unit'],
  case_committee: ['unit'],
  supervision_office: ['unit'],
  department_owner: ['department'],
  leader: ['unit'],
}

export function isAdminRole(role: string): role is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(role)
}

/**
 * 三员分立: an administrator role excludes every other role; business roles combine freely.
 * Returns the conflicting role already held, or null when `role` may be added.
 */
export function separationConflict(held: readonly string[], role: string): string | null {
  for (const h of held) {
    if (h === role) continue
    if (isAdminRole(role) || isAdminRole(h)) return h
  }
  return null
}

/** Permissions the web uses to build its menu; the server decides with the same table. */
export const PERMISSIONS = {
  'unit.manage': ['system_admin'],
  'department.manage': ['system_admin'],
  'user.read': ['system_admin', 'security_admin'],
  'user.manage': ['system_admin'],
  'role.grant': ['security_admin'],
  'audit.read': ['audit_admin'],
  'inspection.manage': ['inspection_office'],
  'inspection.read': [
    'inspection_office',
    'team_leader',
    'team_member',
    'unit_leader',
    'unit_liaison',
    'leader',
    'department_owner',
  ],
  'finding.write': ['team_leader', 'team_member'],
  'case.read': [
    'case_editor',
    'case_reviewer',
    'case_committee',
    'leader',
    'inspection_office',
    'supervision_office',
    'department_owner',
    'unit_leader',
    'unit_liaison',
    'team_leader',
    'team_member',
  ],
  'case.write': ['case_editor'],
  'case.review': ['case_reviewer', 'case_committee'],
  'case.stats': ['case_reviewer', 'case_committee', 'leader'],
  'task.manage': ['supervision_office'],
  'task.read': ['supervision_office', 'department_owner', 'leader'],
  'meeting.manage': ['supervision_office', 'inspection_office'],
  'meeting.read': ['supervision_office', 'inspection_office', 'leader'],
} as const satisfies Record<string, readonly Role[]>
export type Permission = keyof typeof PERMISSIONS

export function rolesFor(permission: Permission): readonly Role[] {
  return PERMISSIONS[permission]
}
