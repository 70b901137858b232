import { FileWordOutlined } from '@ant-design/icons'
import type { MenuProps } from 'antd'
import type { ReactNode } from 'react'
import type { Role } from '../../lib/roles'
import { REPORT_MENU_ROLES } from './api'

type MenuItem = Required<MenuProps>['items'][number]
type T = (key: string) => string

/** The 报告 menu entry, for the roles that may generate one of the meeting's reports. */
export function reportsMenu(
  t: T,
  hasRole: (...roles: Role[]) => boolean,
  link: (to: string, label: string) => ReactNode,
): MenuItem | null {
  if (!hasRole(...REPORT_MENU_ROLES)) return null
  return { key: '/reports', icon: <FileWordOutlined />, label: link('/reports', t('reports.center.menu')) }
}
