import { EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import {
  Badge,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Space,
  Table,
  type TableProps,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { taxonomyApi, type CategoryDto } from '../../api/endpoints'
import { FormModal } from '../../components/FormModal'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { TAXONOMY_KEY, useTaxonomy, type CategoryNode } from './taxonomy'
import { Panel } from '../../components/Panel'

interface CategoryForm {
  code: string
  name: string
  description?: string
  sortOrder?: number
}

export default function TaxonomyPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const taxonomy = useTaxonomy()
  // undefined: closed; null: a new top-level category; a category: a new child of it.
  const [creatingUnder, setCreatingUnder] = useState<CategoryDto | null | undefined>(undefined)
  const [editing, setEditing] = useState<CategoryDto | null>(null)
  const refresh = () => qc.invalidateQueries({ queryKey: TAXONOMY_KEY })

  const setActive = async (c: CategoryDto, active: boolean) => {
    try {
      await taxonomyApi.update(c.id, { active })
      message.success(t('common.saved'))
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const columns: TableProps<CategoryNode>['columns'] = [
    { title: t('taxonomy.code'), dataIndex: 'code', key: 'code', width: 160 },
    { title: t('taxonomy.name'), dataIndex: 'name', key: 'name' },
    { title: t('taxonomy.sortOrder'), dataIndex: 'sortOrder', key: 'sortOrder', width: 80 },
    {
      title: t('taxonomy.active'),
      key: 'active',
      width: 100,
      render: (_, c) =>
        c.active ? (
          <Badge status="success" text={t('taxonomy.activeYes')} />
        ) : (
          <Badge status="default" text={t('taxonomy.activeNo')} />
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 300,
      render: (_, c) => (
        <Space size={0} data-testid={`category-actions-${c.code}`}>
          {!c.parentId && (
            <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setCreatingUnder(c)}>
              {t('taxonomy.addChild')}
            </Button>
          )}
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(c)}>
            {t('taxonomy.rename')}
          </Button>
          {c.active ? (
            <Popconfirm
              title={t('taxonomy.deactivate')}
              description={t('taxonomy.confirmDeactivate')}
              okButtonProps={{ danger: true }}
              onConfirm={() => setActive(c, false)}
            >
              <Button type="link" size="small" danger icon={<StopOutlined />}>
                {t('taxonomy.deactivate')}
              </Button>
            </Popconfirm>
          ) : (
            <Button
              type="link"
              size="small"
              icon={<CheckCircleOutlined />}
              onClick={() => setActive(c, true)}
            >
              {t('taxonomy.activate')}
            </Button>
          )}
        </Space>
      ),
    },
  ]

  return (
    <div data-testid="taxonomy-page">
      <PageHeader
        title={t('taxonomy.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreatingUnder(null)}
            data-testid="category-create"
          >
            {t('taxonomy.addTop')}
          </Button>
        }
      />
      <Panel>
        {taxonomy.isError ? (
          <Empty description={errorText(taxonomy.error, t)} />
        ) : (
          <Table<CategoryNode>
            rowKey="id"
            size="middle"
            data-testid="taxonomy-table"
            loading={taxonomy.isFetching}
            columns={columns}
            dataSource={taxonomy.tops}
            pagination={false}
            expandable={{ defaultExpandAllRows: true }}
            key={taxonomy.tops.length}
          />
        )}
      </Panel>

      <FormModal<CategoryForm>
        open={creatingUnder !== undefined}
        title={
          creatingUnder
            ? t('taxonomy.createChildTitle', { parent: creatingUnder.name })
            : t('taxonomy.createTitle')
        }
        onClose={() => setCreatingUnder(undefined)}
        testId="category-create-form"
        onSubmit={async (v) => {
          await taxonomyApi.create({
            parentId: creatingUnder?.id ?? null,
            code: v.code.trim(),
            name: v.name.trim(),
            description: v.description?.trim() || undefined,
            sortOrder: v.sortOrder ?? undefined,
          })
          message.success(t('common.created'))
          await refresh()
        }}
      >
        <Form.Item
          label={t('taxonomy.code')}
          name="code"
          extra={t('taxonomy.codeFormat')}
          rules={[
            { required: true, message: t('common.requiredField', { field: t('taxonomy.code') }) },
            { pattern: /^[A-Za-z0-9.-]{1,16}$/, message: t('taxonomy.codeFormat') },
          ]}
        >
          <Input maxLength={16} autoFocus />
        </Form.Item>
        <CategoryFields />
      </FormModal>

      <FormModal<CategoryForm>
        open={editing !== null}
        title={`${t('taxonomy.editTitle')} · ${editing?.code ?? ''}`}
        onClose={() => setEditing(null)}
        testId="category-edit-form"
        initialValues={
          editing
            ? { name: editing.name, description: editing.description, sortOrder: editing.sortOrder }
            : undefined
        }
        onSubmit={async (v) => {
          await taxonomyApi.update(editing!.id, {
            name: v.name.trim(),
            description: v.description?.trim() ?? '',
            sortOrder: v.sortOrder ?? undefined,
          })
          message.success(t('common.saved'))
          await refresh()
        }}
      >
        <CategoryFields />
      </FormModal>
    </div>
  )
}

function CategoryFields() {
  const { t } = useTranslation()
  return (
    <>
      <Form.Item
        label={t('taxonomy.name')}
        name="name"
        rules={[
          {
            required: true,
            whitespace: true,
            max: 100,
            message: t('common.requiredField', { field: t('taxonomy.name') }),
          },
        ]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t('taxonomy.description')} name="description" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item label={t('taxonomy.sortOrder')} name="sortOrder">
        <InputNumber min={0} max={9999} precision={0} />
      </Form.Item>
    </>
  )
}
