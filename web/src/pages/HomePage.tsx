import { AuditOutlined, BookOutlined, CheckSquareOutlined, FlagOutlined } from '@ant-design/icons'
import { Button, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useAuth } from '../auth/auth'
import { PageHeader } from '../components/PageHeader'
import { DashboardLinks } from './dashboards/DashboardLinks'
import { isBusinessRole, ROLE_COLORS } from '../lib/roles'
import { Panel } from '../components/Panel'

const MODULES = [
  { key: 'inspection', icon: <FlagOutlined /> },
  { key: 'rectification', icon: <CheckSquareOutlined /> },
  { key: 'cases', icon: <BookOutlined /> },
  { key: 'tasks', icon: <AuditOutlined /> },
] as const

export default function HomePage() {
  const { t } = useTranslation()
  const { user, can, hasRole } = useAuth()
  const inspection = can('inspection.read')
  if (!user) return null
  const business = inspection || user.roles.some((r) => isBusinessRole(r.role))

  return (
    <div data-testid="home-page">
      <PageHeader title={t('home.title')} />
      <Panel style={{ marginBottom: 24 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="welcome">
          {t('home.welcome', { name: user.displayName })}
        </Typography.Title>
        <Space orientation="vertical" size={4}>
          <Typography.Text>{t('home.unit', { unit: user.unitName })}</Typography.Text>
          {user.departmentName && (
            <Typography.Text>{t('home.department', { department: user.departmentName })}</Typography.Text>
          )}
        </Space>
      </Panel>

      <DashboardLinks />

      <Panel title={t('home.roles')} style={{ marginBottom: 24 }} data-testid="my-roles">
        {user.roles.length === 0 ? (
          <Empty description={t('home.noRoles')} />
        ) : (
          <Descriptions column={1} bordered size="small">
            {user.roles.map((r) => (
              <Descriptions.Item
                key={r.id}
                label={
                  <Tag color={ROLE_COLORS[r.role] ?? 'blue'}>
                    {t(`roles.${r.role}`, { defaultValue: r.role })}
                  </Tag>
                }
              >
                {t('home.scope')}：{t(`scopeTypes.${r.scopeType}`, { defaultValue: r.scopeType })} ·{' '}
                {r.scopeName ?? r.scopeId}
              </Descriptions.Item>
            ))}
          </Descriptions>
        )}
      </Panel>

      {business ? (
        <>
          <Typography.Title level={4}>{t('home.modules')}</Typography.Title>
          <Row gutter={[16, 16]} data-testid="module-cards">
            {MODULES.map((m) => (
              <Col key={m.key} xs={24} sm={12} lg={6}>
                <Panel
                  title={
                    <Space>
                      {m.icon}
                      {t(`home.modulesList.${m.key}`)}
                    </Space>
                  }
                >
                  {m.key === 'inspection' && inspection ? (
                    <Space orientation="vertical" size={12} data-testid="inspection-card">
                      <Typography.Text type="secondary">{t(`home.modulesDesc.${m.key}`)}</Typography.Text>
                      <Space wrap>
                        <Link to="/inspections/rounds">
                          <Button type="primary">{t('home.openRounds')}</Button>
                        </Link>
                        <Link to="/inspections/findings">
                          <Button>{t('home.openFindings')}</Button>
                        </Link>
                      </Space>
                    </Space>
                  ) : m.key === 'rectification' && inspection ? (
                    <Space orientation="vertical" size={12} data-testid="rectification-card">
                      <Typography.Text type="secondary">{t(`home.modulesDesc.${m.key}`)}</Typography.Text>
                      <Space wrap>
                        <Link to="/rectification/measures">
                          <Button type="primary">{t('home.openMeasures')}</Button>
                        </Link>
                        <Link to="/rectification/extensions">
                          <Button>{t('home.openExtensions')}</Button>
                        </Link>
                      </Space>
                    </Space>
                  ) : m.key === 'cases' && can('case.read') ? (
                    <Space orientation="vertical" size={12} data-testid="cases-card">
                      <Typography.Text type="secondary">{t(`home.modulesDesc.${m.key}`)}</Typography.Text>
                      <Space wrap>
                        <Link to="/cases/search">
                          <Button type="primary">{t('cases.home.openLibrary')}</Button>
                        </Link>
                        {(can('case.write') || can('case.review')) && (
                          <Link to="/cases/manage">
                            <Button>{t('cases.home.openManage')}</Button>
                          </Link>
                        )}
                      </Space>
                    </Space>
                  ) : m.key === 'tasks' && can('task.read') ? (
                    <Space orientation="vertical" size={12} data-testid="tasks-card">
                      <Typography.Text type="secondary">{t(`home.modulesDesc.${m.key}`)}</Typography.Text>
                      <Space wrap>
                        <Link to="/tasks">
                          <Button type="primary">{t('tasks.home.openLedger')}</Button>
                        </Link>
                        {hasRole('department_owner') && (
                          <Link to="/tasks/mine">
                            <Button>{t('tasks.home.openMine')}</Button>
                          </Link>
                        )}
                      </Space>
                    </Space>
                  ) : (
                    <Empty
                      image={Empty.PRESENTED_IMAGE_SIMPLE}
                      description={
                        <Space orientation="vertical" size={2}>
                          <Typography.Text type="secondary">{t(`home.modulesDesc.${m.key}`)}</Typography.Text>
                          <Typography.Text>{t('home.notGranted')}</Typography.Text>
                        </Space>
                      }
                    />
                  )}
                </Panel>
              </Col>
            ))}
          </Row>
        </>
      ) : (
        <Typography.Paragraph type="secondary">{t('home.adminHint')}</Typography.Paragraph>
      )}
    </div>
  )
}
