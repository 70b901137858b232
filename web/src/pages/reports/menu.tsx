import { FileWordOutlined } from '@ant-design/icons'
import type { Role } from '../../lib/roles'
import { REPORT_MENU_ROLES } from './api'
import type { NavItem } from '../../components/SideMenu'

type T = (key: string) => string

/** The 报告 menu entry, for the roles that may generate one of the meeting's reports. */
export function reportsMenu(t: T, hasRole: (...roles: Role[]) => boolean): NavItem | null {
  if (!hasRole(...REPORT_MENU_ROLES)) return null
  return { key: '/reports', icon: <FileWordOutlined />, label: t('reports.center.menu') }
}
