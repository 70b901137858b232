import { EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Button,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { FormModal } from '../../components/FormModal'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { useAuth } from '../../auth/auth'
import { ForbiddenPage } from '../ErrorPages'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { casesApi, type BatchDto, type CaseStatus } from './api'
import { caseKeys, KindTag, NumberLabel, StatusTag, useCaseBatches } from './labels'
import { Panel } from '../../components/Panel'

interface BatchValues {
  name: string
  theme: string
  plannedDate?: Dayjs | null
  caseIds: string[]
}

/** The committee's publication batches (批次): compose them from approved cases and publish them, which numbers guiding cases. */
export default function BatchesPage() {
  const { t } = useTranslation()
  const { message, modal } = useFeedback()
  const qc = useQueryClient()
  const { hasRole } = useAuth()
  const batches = useCaseBatches()
  const [editing, setEditing] = useState<BatchDto | 'new' | null>(null)
  const approved = useQuery({
    queryKey: ['cases', 'list', { status: 'approved', pageSize: 100 }],
    queryFn: () => casesApi.list({ status: 'approved', pageSize: 100 }),
    enabled: editing !== null,
  })
  const current = editing === 'new' ? null : editing
  // Approved cases not yet in a batch, plus the ones already in the batch being edited.
  const options = [
    ...(current?.cases ?? []).map((c) => ({ id: c.id, title: c.title, kind: c.kind })),
    ...(approved.data?.items ?? [])
      .filter((c) => !c.batchId)
      .map((c) => ({ id: c.id, title: c.title, kind: c.kind })),
  ]

  if (!hasRole('case_committee')) return <ForbiddenPage />

  const save = async (v: BatchValues) => {
    const body = {
      name: v.name,
      theme: v.theme,
      plannedDate: v.plannedDate ? v.plannedDate.format('YYYY-MM-DD') : null,
      caseIds: v.caseIds ?? [],
    }
    if (current) await casesApi.updateBatch(current.id, body)
    else await casesApi.createBatch(body)
    await qc.invalidateQueries({ queryKey: caseKeys.all })
    message.success(current ? t('common.saved') : t('common.created'))
  }

  const publish = async (b: BatchDto) => {
    try {
      const done = await casesApi.publishBatch(b.id)
      await qc.invalidateQueries({ queryKey: caseKeys.all })
      const numbers = done.cases.map((c) => c.numberLabel).filter(Boolean)
      modal.success({
        title: t('cases.batches.publishedTitle', { name: done.name }),
        content: numbers.length
          ? t('cases.batches.published', { numbers: numbers.join('、') })
          : t('cases.batches.publishedNoNumbers'),
      })
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  return (
    <div data-testid="case-batches-page">
      <PageHeader
        title={t('cases.batches.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="batch-create"
          >
            {t('cases.batches.create')}
          </Button>
        }
      />
      {batches.isPending ? (
        <Loading />
      ) : batches.isError ? (
        <Panel>
          <Empty description={errorText(batches.error, t)} />
        </Panel>
      ) : batches.data.length === 0 ? (
        <Panel>
          <Empty description={t('cases.batches.none')} />
        </Panel>
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {batches.data.map((b) => (
            <Panel
              key={b.id}
              data-testid={`batch-${b.name}`}
              title={
                <Space wrap>
                  <span>{b.name}</span>
                  <Tag color={b.status === 'published' ? 'success' : 'processing'}>
                    {t(`cases.batches.statuses.${b.status}`)}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                    {b.theme}
                  </Typography.Text>
                </Space>
              }
              extra={
                b.status === 'planned' && (
                  <Space>
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(b)}>
                      {t('common.edit')}
                    </Button>
                    <Popconfirm
                      title={t('cases.batches.publish')}
                      description={t('cases.batches.publishConfirm', { name: b.name })}
                      onConfirm={() => publish(b)}
                    >
                      <Button size="small" type="primary" icon={<SendOutlined />} data-testid="batch-publish">
                        {t('cases.batches.publish')}
                      </Button>
                    </Popconfirm>
                  </Space>
                )
              }
            >
              <Typography.Paragraph type="secondary">
                {b.status === 'published'
                  ? `${t('cases.fields.publishedAt')}：${formatTime(b.publishedAt)}`
                  : `${t('cases.batches.plannedDate')}：${b.plannedDate ?? '—'}`}
                {' · '}
                {t('cases.batches.caseCount', { count: b.cases.length })}
              </Typography.Paragraph>
              <List
                size="small"
                dataSource={b.cases}
                locale={{ emptyText: t('cases.batches.noCases') }}
                renderItem={(c) => (
                  <List.Item>
                    <Flex wrap gap={8} align="center">
                      <NumberLabel label={c.numberLabel} />
                      <Link to={`/cases/${c.id}`}>{c.title}</Link>
                      <KindTag kind={c.kind} />
                      <StatusTag status={c.status as CaseStatus} />
                    </Flex>
                  </List.Item>
                )}
              />
            </Panel>
          ))}
        </Space>
      )}
      <FormModal<BatchValues>
        open={editing !== null}
        onClose={() => setEditing(null)}
        width={720}
        title={current ? t('cases.batches.edit', { name: current.name }) : t('cases.batches.create')}
        testId="batch-form"
        initialValues={
          current
            ? {
                name: current.name,
                theme: current.theme,
                plannedDate: current.plannedDate ? dayjs(current.plannedDate) : null,
                caseIds: current.cases.map((c) => c.id),
              }
            : { caseIds: [] }
        }
        onSubmit={save}
      >
        <Form.Item name="name" label={t('cases.batches.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} placeholder={t('cases.batches.namePlaceholder')} data-testid="batch-name" />
        </Form.Item>
        <Form.Item
          name="theme"
          label={t('cases.batches.theme')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={200} data-testid="batch-theme" />
        </Form.Item>
        <Form.Item name="plannedDate" label={t('cases.batches.plannedDate')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="caseIds" label={t('cases.batches.pickCases')}>
          <Select
            mode="multiple"
            aria-label={t('cases.batches.pickCases')}
            loading={approved.isFetching}
            optionFilterProp="label"
            notFoundContent={t('cases.batches.noApproved')}
            options={options.map((c) => ({
              value: c.id,
              label: `${c.title}（${t(`cases.kinds.${c.kind}`)}）`,
            }))}
            data-testid="batch-cases"
          />
        </Form.Item>
      </FormModal>
    </div>
  )
}
