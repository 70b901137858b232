import {
  EditOutlined,
  KeyOutlined,
  PlusOutlined,
  StopOutlined,
  UnlockOutlined,
  CheckOutlined,
} from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Popconfirm, Space, Table, type TableProps } from 'antd'
import { useFeedback } from '../../components/feedback'
import { lazy, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { usersApi, type UserDto } from '../../api/endpoints'
import { Deferred } from '../../components/Deferred'
import { PageHeader } from '../../components/PageHeader'
import { formatTime } from '../../lib/format'
import { errorText } from '../../lib/errors'
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

// The create, edit and password dialogs (Modal, Form) load when one is first opened.
const UserForms = lazy(() => import('./UserForms'))

export default function UsersPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const { filters, update, seed } = useUserFilters()
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<UserDto | null>(null)
  const [resetting, setResetting] = useState<UserDto | null>(null)

  const list = useQuery({
    queryKey: ['users', filters],
    queryFn: () => usersApi.list(filters),
    placeholderData: (prev) => prev,
  })
  const refresh = () => qc.invalidateQueries({ queryKey: ['users'] })

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn()
      message.success(ok)
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

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
    {
      title: t('users.department'),
      dataIndex: 'departmentName',
      key: 'departmentName',
      render: (v: string | null) => v ?? '—',
    },
    { title: t('users.roles'), key: 'roles', render: (_, u) => <RoleTags user={u} /> },
    { title: t('users.status'), key: 'status', render: (_, u) => <StatusTags user={u} /> },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      sorter: true,
      sortOrder: sortOrderOf(filters, 'createdAt'),
      render: (v: string) => formatTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 220,
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(u)}>
            {t('users.resetPassword')}
          </Button>
          {u.locked && (
            <Button
              type="link"
              size="small"
              icon={<UnlockOutlined />}
              onClick={() => act(() => usersApi.unlock(u.id), t('users.unlockOk'))}
            >
              {t('users.unlock')}
            </Button>
          )}
          {u.status === 'active' ? (
            <Popconfirm
              title={t('users.confirmDisable')}
              okButtonProps={{ danger: true }}
              onConfirm={() => act(() => usersApi.update(u.id, { status: 'disabled' }), t('users.disabled'))}
            >
              <Button type="link" size="small" danger icon={<StopOutlined />}>
                {t('users.disable')}
              </Button>
            </Popconfirm>
          ) : (
            <Button
              type="link"
              size="small"
              icon={<CheckOutlined />}
              onClick={() => act(() => usersApi.update(u.id, { status: 'active' }), t('users.enabled'))}
            >
              {t('users.enable')}
            </Button>
          )}
        </Space>
      ),
    },
  ]

  return (
    <div>
      <PageHeader
        title={t('users.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="user-create"
          >
            {t('users.createTitle')}
          </Button>
        }
      />
      <Panel>
        <UserFilterBar filters={filters} update={update} seed={seed} />
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<UserDto>
            rowKey="id"
            size="middle"
            data-testid="users-table"
            scroll={{ x: 1100 }}
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

      <Deferred when={creating || editing !== null || resetting !== null}>
        <UserForms
          creating={creating}
          editing={editing}
          resetting={resetting}
          seed={seed}
          onClose={() => {
            setCreating(false)
            setEditing(null)
            setResetting(null)
          }}
          refresh={refresh}
        />
      </Deferred>
    </div>
  )
}
