import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  CheckSquareOutlined,
  FlagOutlined,
  HomeOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { App, Button, Flex, Layout, Menu, Space, Typography, type MenuProps } from 'antd'
import { Suspense, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Outlet, useLocation, useNavigate } from 'react-router'
import { setCsrfToken } from '../api/client'
import { authApi } from '../api/endpoints'
import { ME_KEY, useAuth } from '../auth/auth'
import { LanguageSwitch } from '../components/LanguageSwitch'
import { NotificationBell } from '../components/NotificationBell'
import { COMMON_PROBLEM_ROLES, SELF_INSPECTION_ROLES } from '../lib/roles'
import { ErrorBoundary } from '../components/ErrorBoundary'
import { Loading } from '../components/Loading'
import { TASKS_MENU_KEY, tasksMenu, tasksMenuSelection } from './tasks/menu'
import { CASES_MENU_KEY, casesMenu, casesMenuSelection } from './cases/menu'
import { reportsMenu } from './reports/menu'
import { DASHBOARDS_MENU_KEY, dashboardsMenu } from './dashboards/menu'
import { meetingsMenu, meetingsMenuSelection } from './meetings/menu'

type MenuItem = Required<MenuProps>['items'][number]

export default function AppLayout() {
  const { t } = useTranslation()
  const { user, can, hasRole } = useAuth()
  const location = useLocation()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const { message } = App.useApp()
  const [collapsed, setCollapsed] = useState(false)

  const items = useMemo<MenuItem[]>(() => {
    const link = (to: string, label: string) => <Link to={to}>{label}</Link>
    const list: MenuItem[] = [{ key: '/', icon: <HomeOutlined />, label: link('/', t('menu.home')) }]
    const dashboards = dashboardsMenu(t, hasRole, link)
    if (dashboards) list.push(dashboards)
    const orgs: MenuItem[] = []
    if (can('unit.manage'))
      orgs.push({ key: '/admin/units', icon: <BankOutlined />, label: link('/admin/units', t('menu.units')) })
    if (can('department.manage'))
      orgs.push({
        key: '/admin/departments',
        icon: <ApartmentOutlined />,
        label: link('/admin/departments', t('menu.departments')),
      })
    if (can('user.manage'))
      orgs.push({ key: '/admin/users', icon: <TeamOutlined />, label: link('/admin/users', t('menu.users')) })
    if (orgs.length) list.push({ key: 'orgs', icon: <BankOutlined />, label: t('menu.orgs'), children: orgs })
    if (can('inspection.read')) {
      const children: MenuItem[] = [
        { key: '/inspections/rounds', label: link('/inspections/rounds', t('menu.rounds')) },
        { key: '/inspections/findings', label: link('/inspections/findings', t('menu.findings')) },
      ]
      if (can('inspection.manage'))
        children.push({
          key: '/inspections/taxonomy',
          label: link('/inspections/taxonomy', t('menu.taxonomy')),
        })
      list.push({ key: 'inspection', icon: <FlagOutlined />, label: t('menu.inspection'), children })
      const rectification: MenuItem[] = [
        { key: '/rectification/measures', label: link('/rectification/measures', t('menu.measures')) },
        {
          key: '/rectification/extensions',
          label: link('/rectification/extensions', t('menu.extensions')),
        },
      ]
      if (can('inspection.manage'))
        rectification.push(
          {
            key: '/rectification/calendar',
            label: link('/rectification/calendar', t('menu.calendar')),
          },
          {
            key: '/rectification/referrals',
            label: link('/rectification/referrals', t('menu.referrals')),
          },
        )
      if (hasRole(...COMMON_PROBLEM_ROLES))
        rectification.push({
          key: '/rectification/common-problems',
          label: link('/rectification/common-problems', t('menu.commonProblems')),
        })
      if (hasRole(...SELF_INSPECTION_ROLES))
        rectification.push({
          key: '/rectification/self-inspections',
          label: link('/rectification/self-inspections', t('menu.selfInspections')),
        })
      list.push({
        key: 'rectification',
        icon: <CheckSquareOutlined />,
        label: t('menu.rectification'),
        children: rectification,
      })
    }
    const cases = casesMenu(t, can, hasRole, link)
    if (cases) list.push(cases)
    const tasks = tasksMenu(t, can, hasRole, link)
    if (tasks) list.push(tasks)
    const reports = reportsMenu(t, hasRole, link)
    if (reports) list.push(reports)
    const meetings = meetingsMenu(t, can, link)
    if (meetings) list.push(meetings)
    if (can('role.grant'))
      list.push({
        key: 'security',
        icon: <SafetyCertificateOutlined />,
        label: t('menu.security'),
        children: [{ key: '/security/roles', label: link('/security/roles', t('menu.roles')) }],
      })
    if (can('audit.read'))
      list.push({
        key: 'audit-group',
        icon: <AuditOutlined />,
        label: t('menu.audit'),
        children: [{ key: '/audit', label: link('/audit', t('menu.auditLog')) }],
      })
    list.push({ key: '/account', icon: <SettingOutlined />, label: link('/account', t('menu.account')) })
    return list
  }, [t, can, hasRole])

  // A detail page lights up its list's menu entry.
  const selected = location.pathname.startsWith('/inspections/targets/')
    ? '/inspections/rounds'
    : (/^\/(inspections\/(rounds|findings)|rectification\/common-problems)\//
        .exec(location.pathname)?.[0]
        .slice(0, -1) ?? location.pathname)
  const openKeys = [
    DASHBOARDS_MENU_KEY,
    'inspection',
    'rectification',
    CASES_MENU_KEY,
    TASKS_MENU_KEY,
    'orgs',
    'security',
    'audit-group',
  ]

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
    <Layout style={{ minHeight: '100vh' }}>
      <a className="duban-skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        // On a phone the menu folds to its icons, leaving the width to the page.
        breakpoint="md"
        onBreakpoint={setCollapsed}
        width={220}
        theme="dark"
        data-testid="side-menu"
      >
        <Flex
          align="center"
          justify="center"
          style={{ height: 56, color: '#fff', fontSize: 20, fontWeight: 600 }}
        >
          {collapsed ? t('app.name').slice(0, 1) : t('app.fullName')}
        </Flex>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[
            tasksMenuSelection(location.pathname) ??
              casesMenuSelection(location.pathname) ??
              meetingsMenuSelection(location.pathname) ??
              selected,
          ]}
          defaultOpenKeys={openKeys}
          items={items}
          aria-label="main menu"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space size="middle" wrap>
            <Typography.Text type="secondary" data-testid="header-unit">
              <BankOutlined /> {user.unitName}
            </Typography.Text>
            <Link to="/account" data-testid="header-user">
              <UserOutlined /> {user.displayName}
            </Link>
            <NotificationBell />
            <LanguageSwitch variant="borderless" />
            <Button icon={<LogoutOutlined />} onClick={logout} data-testid="logout">
              {t('menu.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content id="main-content" tabIndex={-1} style={{ margin: 24 }}>
          <ErrorBoundary key={location.pathname}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
