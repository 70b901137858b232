import {
  EditOutlined,
  KeyOutlined,
  PlusOutlined,
  StopOutlined,
  UnlockOutlined,
  CheckOutlined,
} from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Form, Input, Popconfirm, Space, Switch, Table, type TableProps } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { usersApi, type UserDto } from '../../api/endpoints'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { FormModal } from '../../components/FormModal'
import { PageHeader } from '../../components/PageHeader'
import { UnitSelect } from '../../components/UnitSelect'
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

interface CreateForm {
  username: string
  displayName: string
  unitId: string
  departmentId?: string | null
  password: string
}
interface EditForm {
  displayName: string
  departmentId?: string | null
  active: boolean
}

export default function UsersPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const { filters, update, seed } = useUserFilters()
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<UserDto | null>(null)
  const [resetting, setResetting] = useState<UserDto | null>(null)
  const [createForm] = Form.useForm<CreateForm>()
  const createUnit = Form.useWatch('unitId', createForm)

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
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
            }}
          />
        )}
      </Panel>

      <FormModal<CreateForm>
        open={creating}
        form={createForm}
        title={t('users.createTitle')}
        onClose={() => setCreating(false)}
        initialValues={{ unitId: seed[0]?.id }}
        testId="user-create-form"
        onSubmit={async (v) => {
          await usersApi.create({
            username: v.username.trim(),
            displayName: v.displayName.trim(),
            unitId: v.unitId,
            departmentId: v.departmentId ?? null,
            password: v.password,
          })
          message.success(t('common.created'))
          await refresh()
        }}
      >
        <Form.Item
          label={t('users.username')}
          name="username"
          rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: t('users.usernameFormat') }]}
        >
          <Input maxLength={32} autoComplete="off" autoFocus />
        </Form.Item>
        <Form.Item
          label={t('users.displayName')}
          name="displayName"
          rules={[
            {
              required: true,
              whitespace: true,
              max: 100,
              message: t('common.requiredField', { field: t('users.displayName') }),
            },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label={t('users.unit')}
          name="unitId"
          rules={[{ required: true, message: t('common.selectField', { field: t('users.unit') }) }]}
        >
          <UnitSelect
            seed={seed}
            style={{ width: '100%' }}
            aria-label={t('users.unit')}
            onChange={() => createForm.setFieldValue('departmentId', null)}
          />
        </Form.Item>
        <Form.Item label={t('users.department')} name="departmentId">
          <DepartmentSelect unitId={createUnit} />
        </Form.Item>
        <Form.Item
          label={t('users.initialPassword')}
          name="password"
          extra={t('users.initialPasswordHint')}
          rules={[
            { required: true, message: t('common.requiredField', { field: t('users.initialPassword') }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </FormModal>

      <FormModal<EditForm>
        open={editing !== null}
        title={`${t('users.editTitle')} · ${editing?.username ?? ''}`}
        onClose={() => setEditing(null)}
        initialValues={{
          displayName: editing?.displayName,
          departmentId: editing?.departmentId ?? null,
          active: editing?.status === 'active',
        }}
        testId="user-edit-form"
        onSubmit={async (v) => {
          await usersApi.update(editing!.id, {
            displayName: v.displayName.trim(),
            departmentId: v.departmentId ?? null,
            status: v.active ? 'active' : 'disabled',
          })
          message.success(t('common.saved'))
          await refresh()
        }}
      >
        <Form.Item
          label={t('users.displayName')}
          name="displayName"
          rules={[
            {
              required: true,
              whitespace: true,
              max: 100,
              message: t('common.requiredField', { field: t('users.displayName') }),
            },
          ]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item label={t('users.department')} name="departmentId">
          <DepartmentSelect unitId={editing?.unitId} />
        </Form.Item>
        <Form.Item label={t('users.status')} name="active" valuePropName="checked">
          <Switch checkedChildren={t('users.statusActive')} unCheckedChildren={t('users.statusDisabled')} />
        </Form.Item>
      </FormModal>

      <FormModal<{ password: string }>
        open={resetting !== null}
        title={t('users.resetTitle', { name: resetting?.displayName ?? '' })}
        onClose={() => setResetting(null)}
        testId="user-reset-form"
        onSubmit={async (v) => {
          await usersApi.resetPassword(resetting!.id, v.password)
          message.success(t('users.resetOk'))
          await refresh()
        }}
      >
        <Form.Item
          label={t('users.newPassword')}
          name="password"
          extra={t('users.initialPasswordHint')}
          rules={[{ required: true, message: t('common.requiredField', { field: t('users.newPassword') }) }]}
        >
          <Input.Password autoComplete="new-password" autoFocus />
        </Form.Item>
      </FormModal>
    </div>
  )
}
