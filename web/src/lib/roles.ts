import {
  ADMIN_ROLES,
  BUSINESS_ROLES,
  ROLE_SCOPES,
  ROLES,
  type Role,
  type ScopeType,
} from '../../../common/roles'

export { ADMIN_ROLES, BUSINESS_ROLES, ROLE_SCOPES, ROLES }
export type { Role, ScopeType }

export function isBusinessRole(role: string): boolean {
  return (BUSINESS_ROLES as readonly string[]).includes(role)
}

export function scopesFor(role: string): readonly ScopeType[] {
  return (ROLE_SCOPES as Record<string, readonly ScopeType[]>)[role] ?? ['unit']
}

/** Who reads common problems (共性问题): the office, leadership, and the departments they are assigned to. */
export const COMMON_PROBLEM_ROLES: Role[] = ['inspection_office', 'leader', 'department_owner']
/** Who reports on self-inspections (自查任务): the unit's leader and liaison. */
export const SELF_INSPECTION_ROLES: Role[] = ['unit_leader', 'unit_liaison']

export const ROLE_COLORS: Record<string, string> = {
  system_admin: 'red',
  security_admin: 'volcano',
  audit_admin: 'purple',
}

type T = (key: string, opts?: Record<string, unknown>) => string

/** Role options grouped as administrator / business roles, labelled in the current language. */
export function roleOptions(t: T) {
  return [
    {
      label: t('grants.adminGroup'),
      options: ADMIN_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })),
    },
    {
      label: t('grants.businessGroup'),
      options: BUSINESS_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })),
    },
  ]
}
