import { DashboardOutlined } from '@ant-design/icons'
import { Button, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useAuth } from '../../auth/auth'
import { DASHBOARD_MENU } from './api'
import { Panel } from '../../components/Panel'

/** The home page's way into the dashboards the user's roles open; nothing for the others. */
export function DashboardLinks() {
  const { t } = useTranslation()
  const { hasRole } = useAuth()
  const mine = DASHBOARD_MENU.filter((d) => hasRole(...d.roles))
  if (mine.length === 0) return null
  return (
    <Panel
      title={
        <Space>
          <DashboardOutlined />
          {t('dashboards.menu.group')}
        </Space>
      }
      style={{ marginBottom: 24 }}
      data-testid="home-dashboards"
    >
      <Space wrap>
        {mine.map((d, i) => (
          <Link key={d.name} to={`/dashboards/${d.name}`}>
            <Button type={i === 0 ? 'primary' : 'default'}>{t(`dashboards.menu.${d.name}`)}</Button>
          </Link>
        ))}
      </Space>
    </Panel>
  )
}
