import { ScheduleOutlined } from '@ant-design/icons'
import type { NavItem } from '../../components/SideMenu'

type T = (key: string) => string

export const MEETINGS_MENU_KEY = '/meetings'

/** The 会议 menu entry: the meetings the user may read (the office manages them, leaders read them). */
export function meetingsMenu(t: T, can: (permission: string) => boolean): NavItem | null {
  if (!can('meeting.read')) return null
  return { key: MEETINGS_MENU_KEY, icon: <ScheduleOutlined />, label: t('meetings.menu') }
}

/** The menu entry a meeting page lights up (a meeting's own page: the list). */
export function meetingsMenuSelection(pathname: string): string | null {
  return pathname === '/meetings' || pathname.startsWith('/meetings/') ? MEETINGS_MENU_KEY : null
}
