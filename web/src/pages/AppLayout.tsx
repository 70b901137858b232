import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  CheckSquareOutlined,
  FlagOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Button } from 'antd'
import { useFeedback } from '../components/feedback'
import { lazy, Suspense, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Outlet, useLocation, useNavigate } from 'react-router'
import { setCsrfToken } from '../api/client'
import { authApi } from '../api/endpoints'
import { ME_KEY, useAuth } from '../auth/auth'
import { LanguageSwitch } from '../components/LanguageSwitch'
import { NotificationBell } from '../components/NotificationBell'
import { SideMenu, type NavItem } from '../components/SideMenu'
import { COMMON_PROBLEM_ROLES, SELF_INSPECTION_ROLES } from '../lib/roles'
import { ErrorBoundary } from '../components/ErrorBoundary'
import { Loading } from '../components/Loading'
import { tasksMenu, tasksMenuSelection } from './tasks/menu'
import { casesMenu, casesMenuSelection } from './cases/menu'
import { reportsMenu } from './reports/menu'
import { dashboardsMenu } from './dashboards/menu'
import { meetingsMenu, meetingsMenuSelection } from './meetings/menu'
import '../styles/shell.css'

// On a phone the menu, the unit and the language move into a drawer, opened from the header;
// it loads on the first tap.
const MenuDrawer = lazy(() => import('../components/MenuDrawer'))

/**
 * The signed-in frame: the menu on the left (folded to its icons on request), the header with
 * the unit, the user, notifications, language and sign-out, and the page. Below 768 px the menu
 * leaves for a drawer and the header keeps only what fits.
 */
export default function AppLayout() {
  const { t } = useTranslation()
  const { user, can, hasRole } = useAuth()
  const location = useLocation()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const { message } = useFeedback()
  const [collapsed, setCollapsed] = useState(false)
  const [drawer, setDrawer] = useState<'closed' | 'open' | 'unused'>('unused')

  // Following a link in the drawer closes it.
  useEffect(() => setDrawer((d) => (d === 'open' ? 'closed' : d)), [location.pathname])

  const items = useMemo<NavItem[]>(() => {
    const list: NavItem[] = [{ key: '/', icon: <HomeOutlined />, label: t('menu.home') }]
    const dashboards = dashboardsMenu(t, hasRole)
    if (dashboards) list.push(dashboards)
    const orgs: NavItem[] = []
    if (can('unit.manage')) orgs.push({ key: '/admin/units', icon: <BankOutlined />, label: t('menu.units') })
    if (can('department.manage'))
      orgs.push({
        key: '/admin/departments',
        icon: <ApartmentOutlined />,
        label: t('menu.departments'),
      })
    if (can('user.manage')) orgs.push({ key: '/admin/users', icon: <TeamOutlined />, label: t('menu.users') })
    if (orgs.length) list.push({ key: 'orgs', icon: <BankOutlined />, label: t('menu.orgs'), children: orgs })
    if (can('inspection.read')) {
      const children: NavItem[] = [
        { key: '/inspections/rounds', label: t('menu.rounds') },
        { key: '/inspections/findings', label: t('menu.findings') },
      ]
      if (can('inspection.manage'))
        children.push({
          key: '/inspections/taxonomy',
          label: t('menu.taxonomy'),
        })
      list.push({ key: 'inspection', icon: <FlagOutlined />, label: t('menu.inspection'), children })
      const rectification: NavItem[] = [
        { key: '/rectification/measures', label: t('menu.measures') },
        {
          key: '/rectification/extensions',
          label: t('menu.extensions'),
        },
      ]
      if (can('inspection.manage'))
        rectification.push(
          {
            key: '/rectification/calendar',
            label: t('menu.calendar'),
          },
          {
            key: '/rectification/referrals',
            label: t('menu.referrals'),
          },
        )
      if (hasRole(...COMMON_PROBLEM_ROLES))
        rectification.push({
          key: '/rectification/common-problems',
          label: t('menu.commonProblems'),
        })
      if (hasRole(...SELF_INSPECTION_ROLES))
        rectification.push({
          key: '/rectification/self-inspections',
          label: t('menu.selfInspections'),
        })
      list.push({
        key: 'rectification',
        icon: <CheckSquareOutlined />,
        label: t('menu.rectification'),
        children: rectification,
      })
    }
    const cases = casesMenu(t, can, hasRole)
    if (cases) list.push(cases)
    const tasks = tasksMenu(t, can, hasRole)
    if (tasks) list.push(tasks)
    const reports = reportsMenu(t, hasRole)
    if (reports) list.push(reports)
    const meetings = meetingsMenu(t, can)
    if (meetings) list.push(meetings)
    if (can('role.grant'))
      list.push({
        key: 'security',
        icon: <SafetyCertificateOutlined />,
        label: t('menu.security'),
        children: [{ key: '/security/roles', label: t('menu.roles') }],
      })
    if (can('audit.read'))
      list.push({
        key: 'audit-group',
        icon: <AuditOutlined />,
        label: t('menu.audit'),
        children: [{ key: '/audit', label: t('menu.auditLog') }],
      })
    list.push({ key: '/account', icon: <SettingOutlined />, label: t('menu.account') })
    return list
  }, [t, can, hasRole])

  // A detail page lights up its list's menu entry.
  const selected =
    tasksMenuSelection(location.pathname) ??
    casesMenuSelection(location.pathname) ??
    meetingsMenuSelection(location.pathname) ??
    (location.pathname.startsWith('/inspections/targets/')
      ? '/inspections/rounds'
      : (/^\/(inspections\/(rounds|findings)|rectification\/common-problems)\//
          .exec(location.pathname)?.[0]
          .slice(0, -1) ?? location.pathname))

  const logout = async () => {
    try {
      await authApi.logout()
    } catch {
      // the session may be gone already; sign out locally anyway
    }
    setCsrfToken(null)
    qc.clear()
    qc.setQueryData(ME_KEY, null)
    message.success(t('header.loggedOut'))
    navigate('/login', { replace: true })
  }

  if (!user) return null

  return (
    <div className="duban-layout">
      <a className="duban-skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <aside className={`duban-sider${collapsed ? ' duban-sider-collapsed' : ''}`} data-testid="side-menu">
        {/* On a phone the side menu folds into this button, which opens it as a drawer. */}
        <Button
          type="text"
          className="duban-phone-only duban-menu-button"
          icon={<MenuOutlined />}
          aria-label={t('header.openMenu')}
          aria-expanded={drawer === 'open'}
          onClick={() => setDrawer('open')}
          data-testid="menu-button"
        />
        <div className="duban-brand">{collapsed ? t('app.name').slice(0, 1) : t('app.fullName')}</div>
        <nav className="duban-sider-menu">
          <SideMenu items={items} selected={selected} collapsed={collapsed} label="main menu" />
        </nav>
        <button
          type="button"
          className="duban-sider-trigger"
          aria-label={collapsed ? t('header.expandMenu') : t('header.collapseMenu')}
          aria-expanded={!collapsed}
          onClick={() => setCollapsed((c) => !c)}
        >
          <span className={`duban-sider-trigger-arrow${collapsed ? ' duban-flip' : ''}`} aria-hidden="true" />
        </button>
      </aside>
      <div className="duban-main">
        <header className="duban-header" data-testid="app-header">
          <span className="duban-phone-only duban-header-brand">{t('app.fullName')}</span>
          <span className="duban-header-unit duban-wide-only" data-testid="header-unit">
            <BankOutlined /> {user.unitName}
          </span>
          <Link to="/account" className="duban-header-user" data-testid="header-user">
            <UserOutlined /> <span className="duban-header-user-name">{user.displayName}</span>
          </Link>
          <NotificationBell />
          <span className="duban-wide-only">
            <LanguageSwitch variant="borderless" />
          </span>
          <Button
            icon={<LogoutOutlined />}
            onClick={logout}
            data-testid="logout"
            aria-label={t('menu.logout')}
            className="duban-logout"
          >
            <span className="duban-wide-only">{t('menu.logout')}</span>
          </Button>
        </header>
        <main id="main-content" tabIndex={-1} className="duban-content">
          <ErrorBoundary key={location.pathname}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
      {drawer !== 'unused' && (
        <Suspense fallback={null}>
          <MenuDrawer
            open={drawer === 'open'}
            onClose={() => setDrawer('closed')}
            items={items}
            selected={selected}
            unitName={user.unitName}
          />
        </Suspense>
      )}
    </div>
  )
}
