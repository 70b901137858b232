import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
} from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import { useEffect, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { FormModal } from '../../components/FormModal'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { casesApi, type ReviewCriterion } from './api'
import { caseKeys, useReviewCriteria } from './labels'
import { Panel } from '../../components/Panel'
import { Result } from '../../components/LazyResult'

type Row = Omit<ReviewCriterion, 'sortOrder'> & { saved: boolean }
type EditValues = { key: string; name: string; max: number; description?: string }

const toRows = (items: ReviewCriterion[]): Row[] =>
  items.map(({ sortOrder: _, ...c }) => ({ ...c, saved: true }))

/**
 * 评审标准: the checklist reviewers score cases on. The top unit's case reviewers add, edit,
 * reorder, switch off and remove criteria and save the list at once; reviews already done
 * keep the list they were scored on.
 */
export default function CriteriaPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const criteria = useReviewCriteria()
  const [rows, setRows] = useState<Row[]>([])
  const [dirty, setDirty] = useState(false)
  const [editing, setEditing] = useState<Row | 'new' | null>(null)

  useEffect(() => {
    if (criteria.data && !dirty) setRows(toRows(criteria.data.items))
  }, [criteria.data, dirty])

  const save = useMutation({
    mutationFn: () =>
      casesApi.putCriteria({
        criteria: rows.map((r) => ({
          key: r.key,
          name: r.name,
          max: r.max,
          description: r.description,
          active: r.active,
        })),
      }),
    onSuccess: (next) => {
      qc.setQueryData(caseKeys.criteria, next)
      setRows(toRows(next.items))
      setDirty(false)
      message.success(t('cases.criteria.saved'))
    },
    onError: (e) => message.error(errorText(e, t)),
  })

  if (criteria.isPending) return <Loading />
  if (criteria.isError)
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(criteria.error, t)} />
  const canEdit = criteria.data.canEdit
  const change = (next: Row[]) => {
    setRows(next)
    setDirty(true)
  }
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows]
    ;[next[i], next[i + by]] = [next[i + by], next[i]]
    change(next)
  }
  const activeTotal = rows.filter((r) => r.active).reduce((s, r) => s + r.max, 0)

  const submitEdit = async (v: EditValues) => {
    const row = {
      key: v.key.trim(),
      name: v.name.trim(),
      max: v.max,
      description: (v.description ?? '').trim(),
    }
    if (editing === 'new') {
      if (rows.some((r) => r.key === row.key)) throw new Error(t('cases.criteria.duplicateKey'))
      change([...rows, { ...row, active: true, saved: false }])
    } else if (editing) {
      change(rows.map((r) => (r.key === editing.key ? { ...r, ...row, key: r.key } : r)))
    }
  }

  return (
    <div data-testid="case-criteria-page">
      <PageHeader
        title={t('cases.criteria.title')}
        extra={
          canEdit && (
            <Space wrap>
              <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="criteria-add">
                {t('cases.criteria.add')}
              </Button>
              <Button
                disabled={!dirty}
                onClick={() => {
                  setDirty(false)
                  setRows(toRows(criteria.data.items))
                }}
              >
                {t('cases.criteria.reset')}
              </Button>
              <Button
                type="primary"
                disabled={!dirty}
                loading={save.isPending}
                onClick={() => save.mutate()}
                data-testid="criteria-save"
              >
                {t('common.save')}
              </Button>
            </Space>
          )
        }
      />
      <Panel>
        <Typography.Paragraph type="secondary">{t('cases.criteria.intro')}</Typography.Paragraph>
        {!canEdit && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cases.criteria.readOnly')} />
        )}
        {dirty && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('cases.criteria.unsaved')}
            data-testid="criteria-unsaved"
          />
        )}
        <Table<Row>
          rowKey="key"
          dataSource={rows}
          pagination={false}
          data-testid="criteria-table"
          locale={{ emptyText: <Empty description={t('cases.criteria.none')} /> }}
          onRow={(r) => ({ 'data-testid': `criterion-${r.key}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('cases.criteria.order'), key: 'order', width: 70, render: (_, __, i) => i + 1 },
            {
              title: t('cases.criteria.name'),
              key: 'name',
              render: (_, r) => (
                <Space orientation="vertical" size={0}>
                  <Space size={6}>
                    <Typography.Text strong={r.active} type={r.active ? undefined : 'secondary'}>
                      {r.name}
                    </Typography.Text>
                    {!r.saved && <Tag color="blue">{t('cases.criteria.new')}</Tag>}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.key}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('cases.criteria.max'), dataIndex: 'max', key: 'max', width: 80 },
            {
              title: t('cases.criteria.description'),
              dataIndex: 'description',
              key: 'description',
              ellipsis: true,
            },
            {
              title: t('cases.criteria.active'),
              key: 'active',
              width: 90,
              render: (_, r) => (
                <Switch
                  checked={r.active}
                  disabled={!canEdit}
                  aria-label={t('cases.criteria.activeOf', { name: r.name })}
                  onChange={(on) => change(rows.map((x) => (x.key === r.key ? { ...x, active: on } : x)))}
                  data-testid={`criterion-active-${r.key}`}
                />
              ),
            },
            ...(canEdit
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 200,
                    render: (_: unknown, r: Row, i: number) => (
                      <Space size={0} wrap>
                        <Button
                          type="link"
                          size="small"
                          icon={<ArrowUpOutlined />}
                          disabled={i === 0}
                          aria-label={t('cases.criteria.up')}
                          onClick={() => move(i, -1)}
                          data-testid={`criterion-up-${r.key}`}
                        />
                        <Button
                          type="link"
                          size="small"
                          icon={<ArrowDownOutlined />}
                          disabled={i === rows.length - 1}
                          aria-label={t('cases.criteria.down')}
                          onClick={() => move(i, 1)}
                          data-testid={`criterion-down-${r.key}`}
                        />
                        <Button
                          type="link"
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => setEditing(r)}
                          data-testid={`criterion-edit-${r.key}`}
                        >
                          {t('common.edit')}
                        </Button>
                        <Popconfirm
                          title={t('cases.criteria.removeTitle', { name: r.name })}
                          description={t('cases.criteria.removeConfirm')}
                          okText={t('common.confirm')}
                          okButtonProps={{ danger: true }}
                          onConfirm={() => change(rows.filter((x) => x.key !== r.key))}
                        >
                          <Button
                            type="link"
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            data-testid={`criterion-remove-${r.key}`}
                          >
                            {t('common.delete')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <Flex justify="end" style={{ marginTop: 12 }}>
          <Typography.Text data-testid="criteria-total">
            {t('cases.criteria.activeTotal', { total: activeTotal })}
          </Typography.Text>
        </Flex>
      </Panel>
      <FormModal<EditValues>
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('cases.criteria.add') : t('cases.criteria.edit')}
        okText={t('common.confirm')}
        testId="criterion-form"
        initialValues={
          editing && editing !== 'new'
            ? {
                key: editing.key,
                name: editing.name,
                max: editing.max,
                description: editing.description,
              }
            : { max: 10 }
        }
        onSubmit={submitEdit}
      >
        <Form.Item
          name="name"
          label={t('cases.criteria.name')}
          rules={[{ required: true, whitespace: true, message: t('cases.criteria.nameRequired') }]}
        >
          <Input maxLength={50} data-testid="criterion-name" />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('cases.criteria.key')}
          extra={t('cases.criteria.keyHint')}
          rules={[
            { required: true, message: t('cases.criteria.keyRequired') },
            { pattern: /^[a-z][a-z0-9_]*$/, message: t('cases.criteria.keyPattern') },
          ]}
        >
          <Input maxLength={32} disabled={editing !== 'new'} data-testid="criterion-key" />
        </Form.Item>
        <Form.Item name="max" label={t('cases.criteria.max')} rules={[{ required: true }]}>
          <InputNumber
            min={1}
            max={100}
            precision={0}
            style={{ width: '100%' }}
            data-testid="criterion-max"
          />
        </Form.Item>
        <Form.Item name="description" label={t('cases.criteria.description')}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} data-testid="criterion-description" />
        </Form.Item>
      </FormModal>
    </div>
  )
}
