import type { Light } from './api'

// Typed records rather than common/tasks' arrays, which would pull zod into the web bundle. A
// module of its own so that a page needing only the colours (the leader's dashboard) does not
// load the task labels' antd components.
export const LIGHT_COLORS: Record<Light, string> = {
  done: '#1677ff',
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
}
