import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Form, Input, Popconfirm, Space, Table, type TableProps } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { departmentsApi, type DepartmentDto } from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { FormModal } from '../../components/FormModal'
import { PageHeader } from '../../components/PageHeader'
import { UnitSelect, type UnitOption } from '../../components/UnitSelect'
import { errorText } from '../../lib/errors'
import { Panel } from '../../components/Panel'
import { paging } from '../../lib/paging'

interface DeptForm {
  name: string
  description?: string
}

export default function DepartmentsPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const { user } = useAuth()
  const qc = useQueryClient()
  const [unit, setUnit] = useState<UnitOption | null>(
    user ? { id: user.unitId, name: user.unitName, code: user.unitCode } : null,
  )
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<DepartmentDto | null>(null)

  const list = useQuery({
    queryKey: ['departments', unit?.id, q, page, pageSize],
    queryFn: () => departmentsApi.list({ unitId: unit!.id, q: q.trim() || undefined, page, pageSize }),
    enabled: unit !== null,
    placeholderData: (prev) => prev,
  })
  const refresh = () => qc.invalidateQueries({ queryKey: ['departments'] })

  const remove = async (d: DepartmentDto) => {
    try {
      await departmentsApi.remove(d.id)
      message.success(t('common.deleted'))
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const columns: TableProps<DepartmentDto>['columns'] = [
    { title: t('departments.name'), dataIndex: 'name', key: 'name' },
    { title: t('departments.description'), dataIndex: 'description', key: 'description', ellipsis: true },
    { title: t('departments.unit'), dataIndex: 'unitName', key: 'unitName' },
    { title: t('departments.userCount'), dataIndex: 'userCount', key: 'userCount', width: 90 },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 180,
      render: (_, d) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(d)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: d.name })}
            description={t('common.irreversible')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(d)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ]

  const seed = user ? [{ id: user.unitId, name: user.unitName, code: user.unitCode }] : []
  return (
    <div>
      <PageHeader
        title={t('departments.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!unit}
            onClick={() => setCreating(true)}
            data-testid="department-create"
          >
            {t('departments.createTitle')}
          </Button>
        }
      />
      <Panel>
        <Space wrap style={{ marginBottom: 16 }}>
          <UnitSelect
            aria-label={t('departments.unit')}
            data-testid="department-unit"
            value={unit?.id}
            seed={seed}
            onChange={(id, u) => {
              setUnit(id ? (u ?? { id, name: id }) : null)
              setPage(1)
            }}
          />
          <Input.Search
            allowClear
            placeholder={t('departments.searchPlaceholder')}
            aria-label={t('departments.searchPlaceholder')}
            enterButton={t('common.search')}
            onSearch={(v) => {
              setQ(v)
              setPage(1)
            }}
            style={{ width: 280 }}
          />
        </Space>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<DepartmentDto>
            rowKey="id"
            size="middle"
            data-testid="departments-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{
              emptyText: <Empty description={unit ? t('common.empty') : t('departments.pickUnit')} />,
            }}
            onChange={(p) => {
              setPage(p.current ?? 1)
              setPageSize(p.pageSize ?? 20)
            }}
            pagination={paging(t, { page: page, pageSize, total: list.data?.total })}
          />
        )}
      </Panel>

      <FormModal<DeptForm>
        open={creating}
        title={`${t('departments.createTitle')} · ${unit?.name ?? ''}`}
        onClose={() => setCreating(false)}
        testId="department-create-form"
        onSubmit={async (v) => {
          await departmentsApi.create({
            unitId: unit!.id,
            name: v.name.trim(),
            description: v.description?.trim() ?? '',
          })
          message.success(t('common.created'))
          await refresh()
        }}
      >
        <DeptFields />
      </FormModal>

      <FormModal<DeptForm>
        open={editing !== null}
        title={t('departments.editTitle')}
        onClose={() => setEditing(null)}
        initialValues={{ name: editing?.name, description: editing?.description }}
        testId="department-edit-form"
        onSubmit={async (v) => {
          await departmentsApi.update(editing!.id, {
            name: v.name.trim(),
            description: v.description?.trim() ?? '',
          })
          message.success(t('common.saved'))
          await refresh()
        }}
      >
        <DeptFields />
      </FormModal>
    </div>
  )
}

function DeptFields() {
  const { t } = useTranslation()
  return (
    <>
      <Form.Item
        label={t('departments.name')}
        name="name"
        rules={[
          {
            required: true,
            whitespace: true,
            max: 100,
            message: t('common.requiredField', { field: t('departments.name') }),
          },
        ]}
      >
        <Input maxLength={100} autoFocus />
      </Form.Item>
      <Form.Item label={t('departments.description')} name="description" rules={[{ max: 2000 }]}>
        <Input maxLength={2000} />
      </Form.Item>
    </>
  )
}
