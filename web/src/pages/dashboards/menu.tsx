import { DashboardOutlined } from '@ant-design/icons'
import type { Role } from '../../lib/roles'
import { DASHBOARD_MENU } from './api'
import type { NavItem } from '../../components/SideMenu'

type T = (key: string) => string

export const DASHBOARDS_MENU_KEY = 'dashboards'

/** The 看板 menu group: the dashboards the user's roles open (the server decides the same way). */
export function dashboardsMenu(t: T, hasRole: (...roles: Role[]) => boolean): NavItem | null {
  const children = DASHBOARD_MENU.filter((d) => hasRole(...d.roles)).map((d) => ({
    key: `/dashboards/${d.name}`,
    label: t(`dashboards.menu.${d.name}`),
  }))
  if (children.length === 0) return null
  return {
    key: DASHBOARDS_MENU_KEY,
    icon: <DashboardOutlined />,
    label: t('dashboards.menu.group'),
    children,
  }
}
