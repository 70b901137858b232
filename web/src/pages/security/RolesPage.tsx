import { DeleteOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Divider,
  Drawer,
  Empty,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isApiError } from '../../api/client'
import { usersApi, type GrantRoleInput, type RoleGrantDto, type UserDto } from '../../api/endpoints'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { PageHeader } from '../../components/PageHeader'
import { UnitSelect } from '../../components/UnitSelect'
import { formatTime } from '../../lib/format'
import { errorText } from '../../lib/errors'
import { ROLE_COLORS, roleOptions, scopesFor, type Role, type ScopeType } from '../../lib/roles'
import {
  RoleTags,
  sortOrderOf,
  StatusTags,
  UserFilterBar,
  userTableChange,
  useUserFilters,
} from '../../components/userList'
import { Panel } from '../../components/Panel'
import { paging } from '../../lib/paging'

interface GrantForm {
  role?: Role
  scopeType?: ScopeType
  scopeId?: string
}

function GrantError({ error }: { error: unknown }) {
  const { t } = useTranslation()
  if (isApiError(error) && error.code === 'separation_of_duties') {
    const role = (error.details as { conflictingRole?: string } | undefined)?.conflictingRole
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid="sod-error"
        style={{ marginBottom: 16 }}
        title={t('grants.sodRefused')}
        description={
          <Space orientation="vertical" size={2}>
            {role && (
              <span data-testid="sod-conflict">
                {t('grants.conflicting', { role: t(`roles.${role}`, { defaultValue: role }) })}
              </span>
            )}
            <Typography.Text type="secondary">{error.message}</Typography.Text>
          </Space>
        }
      />
    )
  }
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="grant-error"
      style={{ marginBottom: 16 }}
      title={errorText(error, t)}
    />
  )
}

function RolesDrawer({ user, onClose }: { user: UserDto | null; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [form] = Form.useForm<GrantForm>()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const role = Form.useWatch('role', form)
  const scopeType = Form.useWatch('scopeType', form)

  const grants = useQuery({
    queryKey: ['users', user?.id, 'roles'],
    queryFn: () => usersApi.roles(user!.id),
    enabled: user !== null,
  })

  useEffect(() => {
    setError(null)
    form.resetFields()
  }, [user, form])

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['users'] })
  }

  const grant = async (v: GrantForm) => {
    if (!user || !v.role) return
    setBusy(true)
    setError(null)
    try {
      const body: GrantRoleInput = { role: v.role }
      if (v.scopeType) body.scopeType = v.scopeType
      if (v.scopeId) body.scopeId = v.scopeId
      await usersApi.grant(user.id, body)
      message.success(t('grants.granted'))
      form.resetFields()
      await refresh()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (g: RoleGrantDto) => {
    if (!user) return
    try {
      await usersApi.revoke(user.id, g.id)
      message.success(t('grants.revoked'))
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const seed = user ? [{ id: user.unitId, name: user.unitName, code: user.unitCode }] : []
  const scopeTypes = role ? scopesFor(role) : []

  return (
    <Drawer
      open={user !== null}
      onClose={onClose}
      size={560}
      title={user ? t('grants.drawerTitle', { name: `${user.displayName}（${user.username}）` }) : ''}
      destroyOnHidden
      data-testid="roles-drawer"
    >
      {user && (
        <>
          <Typography.Title level={5}>{t('grants.current')}</Typography.Title>
          <Table<RoleGrantDto>
            rowKey="id"
            size="small"
            bordered
            pagination={false}
            loading={grants.isFetching}
            dataSource={grants.data ?? []}
            data-testid="grant-list"
            onRow={(g) => ({ 'data-testid': `grant-${g.role}` }) as React.HTMLAttributes<HTMLElement>}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grants.none')} />,
            }}
            columns={[
              {
                title: t('grants.role'),
                key: 'role',
                render: (_, g) => (
                  <Tag color={ROLE_COLORS[g.role] ?? 'blue'}>
                    {t(`roles.${g.role}`, { defaultValue: g.role })}
                  </Tag>
                ),
              },
              {
                title: t('grants.scope'),
                key: 'scope',
                render: (_, g) => `${t(`scopeTypes.${g.scopeType}`)}：${g.scopeName ?? g.scopeId}`,
              },
              {
                title: t('grants.grantedAt'),
                dataIndex: 'grantedAt',
                key: 'grantedAt',
                render: (v: string) => formatTime(v),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 90,
                render: (_, g) => (
                  <Popconfirm
                    title={t('grants.confirmRevoke', {
                      role: t(`roles.${g.role}`, { defaultValue: g.role }),
                    })}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => revoke(g)}
                  >
                    <Button type="link" danger size="small" icon={<DeleteOutlined />}>
                      {t('grants.revoke')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
          <Divider />
          <Typography.Title level={5}>{t('grants.grant')}</Typography.Title>
          <Form<GrantForm>
            form={form}
            layout="vertical"
            onFinish={grant}
            data-testid="grant-form"
            onValuesChange={(changed) => {
              if ('role' in changed) {
                const types = changed.role ? scopesFor(changed.role) : []
                const first = types[0]
                form.setFieldsValue({ scopeType: first, scopeId: first === 'unit' ? user.unitId : undefined })
              } else if ('scopeType' in changed) {
                form.setFieldsValue({ scopeId: changed.scopeType === 'unit' ? user.unitId : undefined })
              }
              setError(null)
            }}
          >
            <Form.Item
              label={t('grants.role')}
              name="role"
              rules={[{ required: true, message: t('common.selectField', { field: t('grants.role') }) }]}
            >
              <Select
                aria-label={t('grants.role')}
                data-testid="grant-role"
                showSearch={{ optionFilterProp: 'label' }}
                options={roleOptions(t)}
                placeholder={t('common.selectField', { field: t('grants.role') })}
              />
            </Form.Item>
            {role && (
              <Form.Item label={t('grants.scopeType')} name="scopeType" rules={[{ required: true }]}>
                <Select
                  aria-label={t('grants.scopeType')}
                  options={scopeTypes.map((s) => ({ value: s, label: t(`scopeTypes.${s}`) }))}
                />
              </Form.Item>
            )}
            {role && scopeType === 'unit' && (
              <Form.Item label={t('grants.scopeUnit')} name="scopeId" rules={[{ required: true }]}>
                <UnitSelect seed={seed} style={{ width: '100%' }} aria-label={t('grants.scopeUnit')} />
              </Form.Item>
            )}
            {role && scopeType === 'department' && (
              <Form.Item label={t('scopeTypes.department')} name="scopeId" rules={[{ required: true }]}>
                <DepartmentSelect unitId={user.unitId} aria-label={t('scopeTypes.department')} />
              </Form.Item>
            )}
            {role && (scopeType === 'team' || scopeType === 'round') && (
              <Form.Item label={t('grants.scopeId')} name="scopeId" rules={[{ required: true, max: 64 }]}>
                <Input maxLength={64} />
              </Form.Item>
            )}
            {error !== null && <GrantError error={error} />}
            <Button
              type="primary"
              htmlType="submit"
              loading={busy}
              icon={<SafetyCertificateOutlined />}
              data-testid="grant-submit"
            >
              {t('grants.grant')}
            </Button>
          </Form>
        </>
      )}
    </Drawer>
  )
}

export default function RolesPage() {
  const { t } = useTranslation()
  const { filters, update, seed } = useUserFilters()
  const [selected, setSelected] = useState<UserDto | null>(null)
  const list = useQuery({
    queryKey: ['users', filters],
    queryFn: () => usersApi.list(filters),
    placeholderData: (prev) => prev,
  })

  const columns: TableProps<UserDto>['columns'] = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      key: 'username',
      sorter: true,
      sortOrder: sortOrderOf(filters, 'username'),
    },
    {
      title: t('users.displayName'),
      dataIndex: 'displayName',
      key: 'displayName',
      sorter: true,
      sortOrder: sortOrderOf(filters, 'displayName'),
    },
    { title: t('users.unit'), dataIndex: 'unitName', key: 'unitName' },
    { title: t('users.roles'), key: 'roles', render: (_, u) => <RoleTags user={u} /> },
    { title: t('users.status'), key: 'status', render: (_, u) => <StatusTags user={u} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, u) => (
        <Button
          type="link"
          size="small"
          onClick={() => setSelected(u)}
          data-testid={`manage-roles-${u.username}`}
        >
          {t('grants.manage')}
        </Button>
      ),
    },
  ]

  return (
    <div>
      <PageHeader title={t('grants.title')} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="sod-rule"
        title={t('grants.rule')}
        description={t('grants.ruleText')}
      />
      <Panel>
        <UserFilterBar filters={filters} update={update} seed={seed} />
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<UserDto>
            rowKey="id"
            size="middle"
            data-testid="grant-users-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('common.empty')} /> }}
            onChange={userTableChange(update, filters)}
            pagination={paging(t, {
              page: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total,
            })}
          />
        )}
      </Panel>
      <RolesDrawer user={selected} onClose={() => setSelected(null)} />
    </div>
  )
}
