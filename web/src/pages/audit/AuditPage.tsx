import { DownloadOutlined, SafetyOutlined, SearchOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import {
  Alert,
  AutoComplete,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { auditApi, type AuditEventDto, type AuditQueryParams, type AuditVerifyDto } from '../../api/endpoints'
import { PageHeader } from '../../components/PageHeader'
import { formatTime } from '../../lib/format'
import { errorText } from '../../lib/errors'
import { Panel } from '../../components/Panel'

interface FilterForm {
  q?: string
  action?: string
  actor?: string
  outcome?: 'success' | 'denied' | 'failure'
  range?: [Dayjs | null, Dayjs | null] | null
}

const OUTCOME_COLORS = { success: 'green', denied: 'orange', failure: 'red' } as const

function toQuery(v: FilterForm): AuditQueryParams {
  return {
    q: v.q?.trim() || undefined,
    action: v.action?.trim() || undefined,
    actor: v.actor?.trim() || undefined,
    outcome: v.outcome,
    from: v.range?.[0]?.toISOString(),
    to: v.range?.[1]?.toISOString(),
  }
}

export default function AuditPage() {
  const { t, i18n } = useTranslation()
  const { message } = useFeedback()
  const [form] = Form.useForm<FilterForm>()
  const [filters, setFilters] = useState<AuditQueryParams>({})
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [verify, setVerify] = useState<AuditVerifyDto | null>(null)
  const [verifyError, setVerifyError] = useState<unknown>(null)
  const [verifying, setVerifying] = useState(false)
  const [exporting, setExporting] = useState(false)

  const list = useQuery({
    queryKey: ['audit', filters, page, pageSize],
    queryFn: () => auditApi.events({ ...filters, page, pageSize }),
    placeholderData: (prev) => prev,
  })

  const runVerify = async () => {
    setVerifying(true)
    setVerifyError(null)
    setVerify(null)
    try {
      setVerify(await auditApi.verify())
    } catch (e) {
      setVerifyError(e)
    } finally {
      setVerifying(false)
    }
  }

  const runExport = async () => {
    setExporting(true)
    try {
      const name = await auditApi.exportCsv(filters)
      message.success(t('audit.exported', { name }))
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setExporting(false)
    }
  }

  const actionLabel = (action: string) =>
    t(`auditActions.${action.replace(/\./g, '_')}`, { defaultValue: action })
  const actionOptions = Object.keys(
    i18n.getResourceBundle(i18n.language, 'translation')?.auditActions ?? {},
  ).map((k) => {
    const action = k.replace('_', '.')
    return { value: action, label: `${actionLabel(action)}（${action}）` }
  })

  const columns: TableProps<AuditEventDto>['columns'] = [
    { title: t('audit.seq'), dataIndex: 'seq', key: 'seq', width: 80 },
    {
      title: t('audit.time'),
      dataIndex: 'occurredAt',
      key: 'occurredAt',
      width: 180,
      render: (v: string) => formatTime(v),
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorUsername',
      key: 'actor',
      width: 130,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      render: (v: string) => (
        <Space size={4} wrap>
          {actionLabel(v) !== v && <span>{actionLabel(v)}</span>}
          <Typography.Text code>{v}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('audit.object'),
      key: 'object',
      ellipsis: true,
      render: (_, e) => (e.objectType ? `${e.objectType}${e.objectId ? `:${e.objectId}` : ''}` : '—'),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      key: 'outcome',
      width: 90,
      render: (v: AuditEventDto['outcome']) => (
        <Tag color={OUTCOME_COLORS[v]}>{t(`audit.outcomes.${v}`)}</Tag>
      ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
  ]

  return (
    <div>
      <PageHeader
        title={t('audit.title')}
        extra={
          <Space>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={runExport}
              data-testid="audit-export"
            >
              {t('audit.export')}
            </Button>
            <Button
              type="primary"
              icon={<SafetyOutlined />}
              loading={verifying}
              onClick={runVerify}
              data-testid="audit-verify"
            >
              {t('audit.verify')}
            </Button>
          </Space>
        }
      />
      {verify && (
        <Alert
          data-testid="verify-result"
          style={{ marginBottom: 16 }}
          showIcon
          closable={{ onClose: () => setVerify(null) }}
          type={verify.ok ? 'success' : 'error'}
          title={
            verify.ok
              ? t('audit.verifyOk', { checked: verify.checked, algorithm: verify.algorithm })
              : t('audit.verifyBad', {
                  seq: verify.firstBadSeq ?? '?',
                  reason: verify.reason ? t(`audit.reasons.${verify.reason}`) : '',
                })
          }
          description={!verify.ok && verify.firstBadId ? `id: ${verify.firstBadId}` : undefined}
        />
      )}
      {verifyError !== null && (
        <Alert
          data-testid="verify-error"
          style={{ marginBottom: 16 }}
          showIcon
          type="error"
          title={errorText(verifyError, t)}
        />
      )}
      <Panel>
        <Form<FilterForm>
          form={form}
          layout="inline"
          style={{ marginBottom: 16, rowGap: 12 }}
          data-testid="audit-filters"
          onFinish={(v) => {
            setFilters(toQuery(v))
            setPage(1)
          }}
        >
          <Form.Item name="q" label={t('audit.q')}>
            <Input allowClear style={{ width: 180 }} aria-label={t('audit.q')} />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <AutoComplete
              allowClear
              placeholder={t('audit.actionPlaceholder')}
              style={{ width: 200 }}
              aria-label={t('audit.action')}
              options={actionOptions}
              showSearch={{
                filterOption: (input, option) =>
                  String(option?.label ?? '')
                    .toLowerCase()
                    .includes(input.toLowerCase()),
              }}
              popupMatchSelectWidth={280}
            />
          </Form.Item>
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input
              allowClear
              placeholder={t('audit.actorPlaceholder')}
              style={{ width: 140 }}
              aria-label={t('audit.actor')}
            />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select
              allowClear
              aria-label={t('audit.outcome')}
              style={{ width: 110 }}
              options={(['success', 'denied', 'failure'] as const).map((o) => ({
                value: o,
                label: t(`audit.outcomes.${o}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="range" label={t('audit.timeRange')}>
            <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields()
                  setFilters({})
                  setPage(1)
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<AuditEventDto>
            rowKey="id"
            size="middle"
            data-testid="audit-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('common.empty')} /> }}
            expandable={{
              expandedRowRender: (e) => (
                <div>
                  <Typography.Text type="secondary">
                    {t('audit.hash')}: <Typography.Text code>{e.hash}</Typography.Text>
                  </Typography.Text>
                  <pre
                    style={{ margin: '8px 0 0', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
                    data-testid="audit-details"
                  >
                    {JSON.stringify(e.details ?? null, null, 2)}
                  </pre>
                </div>
              ),
            }}
            onChange={(p) => {
              setPage(p.current ?? 1)
              setPageSize(p.pageSize ?? 20)
            }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
            }}
          />
        )}
      </Panel>
    </div>
  )
}
