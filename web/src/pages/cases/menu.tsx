import { BookOutlined } from '@ant-design/icons'
import type { Role } from '../../lib/roles'
import type { NavItem } from '../../components/SideMenu'

type T = (key: string) => string

export const CASES_MENU_KEY = 'cases-group'

/**
 * The 案例 menu group: the library and the unused cases for every reader, management for
 * editors and reviewers, statistics and the review checklist for reviewers and the committee,
 * batches for the committee.
 */
export function casesMenu(
  t: T,
  can: (permission: string) => boolean,
  hasRole: (...roles: Role[]) => boolean,
): NavItem | null {
  if (!can('case.read')) return null
  const children: NavItem[] = [
    { key: '/cases/search', label: t('cases.menu.library') },
    { key: '/cases/unused', label: t('cases.menu.unused') },
  ]
  if (can('case.write') || can('case.review'))
    children.push({ key: '/cases/manage', label: t('cases.menu.manage') })
  if (can('case.review')) {
    children.push({ key: '/cases/stats', label: t('cases.menu.stats') })
    children.push({ key: '/cases/criteria', label: t('cases.menu.criteria') })
  }
  if (hasRole('case_committee')) children.push({ key: '/cases/batches', label: t('cases.menu.batches') })
  return { key: CASES_MENU_KEY, icon: <BookOutlined />, label: t('cases.menu.group'), children }
}

/** The menu entry a case page lights up (a case's own page: the library). */
export function casesMenuSelection(pathname: string): string | null {
  if (!pathname.startsWith('/cases/')) return null
  if (
    ['/cases/manage', '/cases/batches', '/cases/stats', '/cases/criteria', '/cases/unused'].includes(pathname)
  )
    return pathname
  return '/cases/search'
}
