// Dashboards (看板): types only from common/dashboards, so zod stays out of the bundle.
import type {
  DashboardName,
  LeaderDashboard,
  RoundDashboard,
  TileStatus,
  UnitDashboard,
} from '../../../../common/dashboards'
import { api, type QueryParams } from '../../api/client'
import type { Role } from '../../lib/roles'

export type { DashboardName, LeaderDashboard, RoundDashboard, TileStatus, UnitDashboard }

/** Who sees which dashboard in the menu (the server decides with the same table). */
export const DASHBOARD_MENU: { name: DashboardName; roles: readonly Role[] }[] = [
  { name: 'leader', roles: ['leader'] },
  { name: 'round', roles: ['inspection_office', 'leader'] },
  { name: 'unit', roles: ['unit_leader', 'unit_liaison'] },
]
export const DASHBOARD_ROLES_ALL: Role[] = [...new Set(DASHBOARD_MENU.flatMap((d) => d.roles))]

export const dashboardsApi = {
  round: (q: QueryParams) => api.get<RoundDashboard>('/api/dashboards/round', q),
  leader: (q: QueryParams) => api.get<LeaderDashboard>('/api/dashboards/leader', q),
  unit: (q: QueryParams) => api.get<UnitDashboard>('/api/dashboards/unit', q),
}

/** A list page's address with only the filters that are set. */
export function listUrl(path: string, params: Record<string, string | number | null | undefined>) {
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') sp.set(k, String(v))
  const q = sp.toString()
  return q ? `${path}?${q}` : path
}

export const SERIES_COLORS = {
  closed: '#52c41a',
  inProgress: '#1677ff',
  awaiting: '#faad14',
  overdue: '#cf1322',
  returned: '#722ed1',
  notFedBack: '#8c8c8c',
} as const
