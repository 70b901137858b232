import { DownloadOutlined, SafetyOutlined, SearchOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { AutoComplete, Button, Empty, Select, Space, Table, Tag, type TableProps } from 'antd'
import Input from 'antd/es/input/Input'
import { useFeedback } from '../../components/feedback'
import type { Dayjs } from 'dayjs'
import { lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { auditApi, type AuditEventDto, type AuditQueryParams, type AuditVerifyDto } from '../../api/endpoints'
import { PageHeader } from '../../components/PageHeader'
import { formatTime } from '../../lib/format'
import { errorText } from '../../lib/errors'
import { Panel } from '../../components/Panel'
import { LazyRangePicker } from '../../components/LazyRangePicker'
import { paging } from '../../lib/paging'

// The chain check's answer shows after someone asks for it.
const Alert = lazy(() => import('antd/es/alert'))

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
  const [form, setForm] = useState<FilterForm>({})
  const field =
    <K extends keyof FilterForm>(k: K) =>
    (v: FilterForm[K]) =>
      setForm((f) => ({ ...f, [k]: v }))
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
          <code className="duban-code">{v}</code>
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
      <Suspense fallback={null}>
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
      </Suspense>
      <Panel>
        <form
          className="duban-filter-form"
          data-testid="audit-filters"
          onSubmit={(e) => {
            e.preventDefault()
            setFilters(toQuery(form))
            setPage(1)
          }}
        >
          <div className="duban-filter-item">
            <label htmlFor="audit-q">{t('audit.q')}</label>
            <Input
              id="audit-q"
              allowClear
              style={{ width: 180 }}
              value={form.q}
              onChange={(e) => field('q')(e.target.value)}
            />
          </div>
          <div className="duban-filter-item">
            <label htmlFor="audit-action">{t('audit.action')}</label>
            <AutoComplete
              id="audit-action"
              allowClear
              placeholder={t('audit.actionPlaceholder')}
              style={{ width: 200 }}
              options={actionOptions}
              value={form.action}
              onChange={field('action')}
              showSearch={{
                filterOption: (input, option) =>
                  String(option?.label ?? '')
                    .toLowerCase()
                    .includes(input.toLowerCase()),
              }}
              popupMatchSelectWidth={280}
            />
          </div>
          <div className="duban-filter-item">
            <label htmlFor="audit-actor">{t('audit.actor')}</label>
            <Input
              id="audit-actor"
              allowClear
              placeholder={t('audit.actorPlaceholder')}
              style={{ width: 140 }}
              value={form.actor}
              onChange={(e) => field('actor')(e.target.value)}
            />
          </div>
          <div className="duban-filter-item">
            <label htmlFor="audit-outcome">{t('audit.outcome')}</label>
            <Select
              id="audit-outcome"
              allowClear
              style={{ width: 110 }}
              value={form.outcome}
              onChange={field('outcome')}
              options={(['success', 'denied', 'failure'] as const).map((o) => ({
                value: o,
                label: t(`audit.outcomes.${o}`),
              }))}
            />
          </div>
          <div className="duban-filter-item">
            <label htmlFor="audit-range">{t('audit.timeRange')}</label>
            <LazyRangePicker
              id="audit-range"
              showTime
              allowEmpty={[true, true]}
              value={form.range ?? null}
              onChange={field('range')}
            />
          </div>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                setForm({})
                setFilters({})
                setPage(1)
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </form>
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
                  <span className="duban-text-secondary">
                    {t('audit.hash')}: <code className="duban-code">{e.hash}</code>
                  </span>
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
            pagination={paging(t, { page: page, pageSize, total: list.data?.total })}
          />
        )}
      </Panel>
    </div>
  )
}
