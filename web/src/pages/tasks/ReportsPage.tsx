import { CheckOutlined, RollbackOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Button,
  Drawer,
  Empty,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Typography,
  type TableProps,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useAuth } from '../../auth/auth'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { tasksApi, type QuarterlyReportDto, type QuarterlyStatus, type ReportQueryParams } from './api'
import { DEFAULT_TASK_YEAR, QUARTERS, REPORT_STATUS_LIST, ReportStatusTag, yearOptions } from './labels'
import { HistoryCard, ReportView } from './QuarterPanel'
import { ReturnModal } from './ReturnModal'
import { Panel } from '../../components/Panel'
import { paging } from '../../lib/paging'

/** The supervision office's review queue of quarterly reports: read, accept or return with a reason. */
export default function ReportsPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const { can } = useAuth()
  const qc = useQueryClient()
  const office = can('task.manage')
  const [filters, setFilters] = useState<ReportQueryParams>({
    year: DEFAULT_TASK_YEAR,
    status: office ? 'submitted' : undefined,
    page: 1,
    pageSize: 20,
  })
  const update = (patch: Partial<ReportQueryParams>) => setFilters((f) => ({ ...f, ...patch, page: 1 }))
  const [returning, setReturning] = useState<QuarterlyReportDto | null>(null)
  const [open, setOpen] = useState<QuarterlyReportDto | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const list = useQuery({
    queryKey: ['quarterly-reports', 'queue', filters],
    queryFn: () => tasksApi.reports(filters),
    placeholderData: (prev) => prev,
  })
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['quarterly-reports'] })
    await qc.invalidateQueries({ queryKey: ['tasks'] })
  }
  const accept = async (r: QuarterlyReportDto) => {
    setBusy(r.id)
    try {
      const next = await tasksApi.transition(r.taskId, r.quarter, 'accept')
      message.success(t('tasks.report.accepted'))
      if (open?.id === r.id) setOpen(next)
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setBusy(null)
    }
  }

  const reviewButtons = (r: QuarterlyReportDto) => (
    <Space onClick={(e) => e.stopPropagation()}>
      {r.actions.includes('accept') && (
        <Popconfirm
          title={t('tasks.report.accept')}
          description={t('tasks.report.confirmAccept')}
          onConfirm={() => accept(r)}
        >
          <Button
            size="small"
            type="primary"
            icon={<CheckOutlined />}
            loading={busy === r.id}
            data-testid="queue-accept"
          >
            {t('tasks.report.accept')}
          </Button>
        </Popconfirm>
      )}
      {r.actions.includes('return') && (
        <Button
          size="small"
          danger
          icon={<RollbackOutlined />}
          onClick={() => setReturning(r)}
          data-testid="queue-return"
        >
          {t('tasks.report.return')}
        </Button>
      )}
    </Space>
  )

  const columns: TableProps<QuarterlyReportDto>['columns'] = [
    {
      title: t('tasks.titleField'),
      key: 'task',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/tasks/${r.taskId}?quarter=${r.quarter}`} onClick={(e) => e.stopPropagation()}>
            {r.taskCode} {r.taskTitle}
          </Link>
          <Typography.Text type="secondary">{r.leadDepartmentName}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('tasks.quarter'),
      key: 'quarter',
      width: 110,
      render: (_, r) => t('tasks.yearQuarter', { year: r.year, quarter: r.quarter }),
    },
    { title: t('tasks.report.progress'), key: 'progress', width: 90, render: (_, r) => `${r.progress}%` },
    {
      title: t('tasks.report.done'),
      key: 'done',
      ellipsis: true,
      render: (_, r) => <Typography.Text title={r.done}>{r.done}</Typography.Text>,
    },
    {
      title: t('tasks.status'),
      key: 'status',
      width: 220,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <ReportStatusTag status={r.status} />
          {r.submittedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('tasks.report.submittedAt', { time: formatTime(r.submittedAt) })}
            </Typography.Text>
          )}
          {r.status === 'returned' && r.returnReason && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {r.returnReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    ...(office
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, r: QuarterlyReportDto) => reviewButtons(r),
          },
        ]
      : []),
  ]

  return (
    <div data-testid="reports-page">
      <PageHeader title={t('tasks.queue.title')} />
      <Panel>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            aria-label={t('tasks.year')}
            placeholder={t('tasks.allYears')}
            style={{ width: 110 }}
            value={filters.year}
            onChange={(v: number | undefined) => update({ year: v })}
            options={yearOptions()}
          />
          <Select
            allowClear
            aria-label={t('tasks.quarter')}
            placeholder={t('tasks.quarter')}
            style={{ width: 120 }}
            value={filters.quarter}
            onChange={(v: number | undefined) => update({ quarter: v })}
            options={QUARTERS.map((q) => ({ value: q, label: t('tasks.quarterTab', { quarter: q }) }))}
          />
          <Segmented<QuarterlyStatus | 'all'>
            value={filters.status ?? 'all'}
            onChange={(v) => update({ status: v === 'all' ? undefined : v })}
            options={[
              { value: 'all', label: t('common.all') },
              ...REPORT_STATUS_LIST.map((s) => ({ value: s, label: t(`tasks.reportStatuses.${s}`) })),
            ]}
            data-testid="queue-status-filter"
          />
        </Space>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<QuarterlyReportDto>
            rowKey={(r) => `${r.taskId}-${r.quarter}`}
            size="middle"
            data-testid="reports-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 1000 }}
            onRow={(r) =>
              ({
                'data-testid': `queue-row-${r.taskCode}-${r.quarter}`,
                style: { cursor: 'pointer' },
                onClick: () => setOpen(r),
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: <Empty description={t('tasks.queue.none')} /> }}
            pagination={paging(t, {
              page: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total,
              onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
            })}
          />
        )}
      </Panel>

      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size={720}
        title={
          open &&
          `${open.taskCode} ${open.taskTitle} · ${t('tasks.yearQuarter', { year: open.year, quarter: open.quarter })}`
        }
        extra={open && office && reviewButtons(open)}
        data-testid="report-drawer"
      >
        {open && (
          <>
            <Space style={{ marginBottom: 12 }}>
              <ReportStatusTag status={open.status} />
              <Typography.Text type="secondary">{open.leadDepartmentName}</Typography.Text>
            </Space>
            <ReportView report={open} />
            {open.history.length > 0 && <HistoryCard report={open} />}
          </>
        )}
      </Drawer>
      <ReturnModal
        open={returning !== null}
        onClose={() => setReturning(null)}
        onSubmit={async (reason) => {
          const r = returning!
          const next = await tasksApi.transition(r.taskId, r.quarter, 'return', reason)
          message.success(t('tasks.report.returned'))
          if (open?.id === r.id) setOpen(next)
          await refresh()
        }}
      />
    </div>
  )
}
