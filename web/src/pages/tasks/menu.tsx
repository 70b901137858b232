import { AimOutlined } from '@ant-design/icons'
import type { Role } from '../../lib/roles'
import type { NavItem } from '../../components/SideMenu'

type T = (key: string) => string

export const TASKS_MENU_KEY = 'tasks-group'

/** The 重点督办 menu group: the ledger for every reader, a department's own page, the office's queue, the scores. */
export function tasksMenu(
  t: T,
  can: (permission: string) => boolean,
  hasRole: (...roles: Role[]) => boolean,
): NavItem | null {
  if (!can('task.read')) return null
  const children: NavItem[] = [{ key: '/tasks', label: t('tasks.menu.ledger') }]
  if (hasRole('department_owner')) children.push({ key: '/tasks/mine', label: t('tasks.menu.mine') })
  if (can('task.manage')) children.push({ key: '/tasks/reports', label: t('tasks.menu.reports') })
  children.push({ key: '/tasks/campaigns', label: t('tasks.menu.campaigns') })
  children.push({ key: '/tasks/scores', label: t('tasks.menu.scores') })
  return { key: TASKS_MENU_KEY, icon: <AimOutlined />, label: t('tasks.menu.group'), children }
}

/** The menu entry a task page lights up (a task's or a notice's page: the ledger; a campaign's page: the campaigns). */
export function tasksMenuSelection(pathname: string): string | null {
  if (!pathname.startsWith('/tasks/')) return null
  if (pathname.startsWith('/tasks/campaigns/')) return '/tasks/campaigns'
  if (['/tasks/mine', '/tasks/reports', '/tasks/campaigns', '/tasks/scores'].includes(pathname))
    return pathname
  return '/tasks'
}
