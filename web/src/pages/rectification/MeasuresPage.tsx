import { filtersFromUrl } from '../../lib/urlFilters'
import { DownloadOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Checkbox, Empty, Progress, Select, Space, Table, type TableProps } from 'antd'
// Input.Search alone: the Input namespace would bring TextArea, Password and OTP to the list.
import Search from 'antd/es/input/Search'
import { useFeedback } from '../../components/feedback'
import { lazy, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import type { MeasureKind } from '../../../../common/rectification'
import {
  ledgerApi,
  measuresApi,
  targetsApi,
  type MeasureDto,
  type MeasureQueryParams,
  type MeasureSort,
} from '../../api/endpoints'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { StatusTag } from '../inspections/labels'
import {
  KIND_LIST,
  KindTag,
  MEASURE_STATUS_LIST,
  MeasureStatusTag,
  Overdue,
  type MeasureStatus,
} from './labels'
import { Deferred } from '../../components/Deferred'
import { Panel } from '../../components/Panel'
import { RoundSelect } from '../../components/RoundSelect'
import { paging } from '../../lib/paging'

// The measure drawer (progress, evidence, extensions: Drawer, Form, Upload, Steps) loads when first opened.
const MeasureDrawer = lazy(() => import('./MeasureDrawer').then((m) => ({ default: m.MeasureDrawer })))

/** 整改台账: every measure the user may see, across rounds and targets. */
export default function MeasuresPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const [search] = useSearchParams()
  const [filters, setFilters] = useState<MeasureQueryParams>(() => ({
    sort: 'deadline',
    order: 'asc',
    page: 1,
    pageSize: 20,
    // A dashboard's drill-down opens the ledger already filtered (?targetId=…&overdue=1).
    ...filtersFromUrl<MeasureQueryParams>(search, ['roundId', 'targetId', 'status', 'overdue']),
  }))
  const [open, setOpen] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const update = (patch: Partial<MeasureQueryParams>) =>
    setFilters((f) => ({ ...f, ...patch, page: 'page' in patch ? patch.page : 1 }))

  const list = useQuery({
    queryKey: ['measures', 'list', filters],
    queryFn: () => measuresApi.list(filters),
    placeholderData: (prev) => prev,
  })
  const targets = useQuery({
    queryKey: ['targets', { roundId: filters.roundId, pageSize: 200 }],
    queryFn: () => targetsApi.list({ roundId: filters.roundId, pageSize: 200 }),
  })

  const exportLedger = async () => {
    setExporting(true)
    try {
      const name = await ledgerApi.rectification({
        roundId: filters.roundId,
        targetId: filters.targetId,
        status: filters.status,
      })
      message.success(t('measures.exported', { name }))
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setExporting(false)
    }
  }

  const sortOrder = (key: MeasureSort) =>
    filters.sort === key ? (filters.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null

  const columns: TableProps<MeasureDto>['columns'] = [
    {
      title: t('measures.unit'),
      key: 'unit',
      width: 170,
      render: (_, m) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/inspections/targets/${m.targetId}?tab=plan`} onClick={(e) => e.stopPropagation()}>
            {m.unitName}
          </Link>
          <span className="duban-text-secondary">{m.roundName}</span>
        </Space>
      ),
    },
    {
      title: t('measures.finding'),
      key: 'finding',
      width: 220,
      render: (_, m) => (
        <Space orientation="vertical" size={2}>
          <Link to={`/inspections/findings/${m.findingId}`} onClick={(e) => e.stopPropagation()}>
            {m.findingSeq}. {m.findingTitle}
          </Link>
          <StatusTag status={m.findingStatus} />
        </Space>
      ),
    },
    {
      title: t('measures.content'),
      key: 'content',
      ellipsis: true,
      render: (_, m) => <span title={m.content}>{m.content}</span>,
    },
    { title: t('measures.responsibleLeader'), dataIndex: 'responsibleLeader', key: 'leader', width: 120 },
    {
      title: t('measures.department'),
      key: 'department',
      width: 110,
      render: (_, m) => m.departmentName ?? '—',
    },
    { title: t('measures.kind'), key: 'kind', width: 120, render: (_, m) => <KindTag kind={m.kind} /> },
    {
      title: t('measures.deadline'),
      dataIndex: 'deadline',
      key: 'deadline',
      width: 120,
      sorter: true,
      sortOrder: sortOrder('deadline'),
    },
    {
      title: t('measures.progress'),
      key: 'progress',
      width: 150,
      sorter: true,
      sortOrder: sortOrder('progress'),
      render: (_, m) => (
        <Space orientation="vertical" size={0} style={{ width: '100%' }}>
          <MeasureStatusTag status={m.status} />
          <Progress
            percent={m.progress}
            size="small"
            status={m.status === 'done' ? 'success' : 'normal'}
            aria-label={t('progress.percent')}
          />
        </Space>
      ),
    },
    {
      title: t('measures.overdue'),
      key: 'overdue',
      width: 140,
      render: (_, m) => <Overdue days={m.overdueWorkingDays} />,
    },
    {
      title: t('measures.evidence'),
      key: 'evidence',
      width: 90,
      render: (_, m) => t('measures.evidenceCount', { count: m.evidenceCount }),
    },
    {
      title: t('measures.createdAt'),
      key: 'createdAt',
      width: 120,
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      render: (_, m) => m.createdAt.slice(0, 10),
    },
  ]

  const onChange: TableProps<MeasureDto>['onChange'] = (p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter
    const sort = s?.order ? ((s.columnKey as MeasureSort) ?? 'deadline') : 'deadline'
    const order = s?.order === 'descend' ? 'desc' : 'asc'
    if (sort !== filters.sort || order !== filters.order) update({ sort, order })
    else update({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })
  }

  return (
    <div data-testid="measures-page">
      <PageHeader
        title={t('measures.title')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={exportLedger}
            loading={exporting}
            data-testid="ledger-export"
          >
            {t('measures.export')}
          </Button>
        }
      />
      <Panel>
        <Space wrap style={{ marginBottom: 16 }} data-testid="measure-filters">
          <RoundSelect
            allowClear
            aria-label={t('measures.round')}
            placeholder={t('measures.round')}
            style={{ width: 160 }}
            value={filters.roundId}
            onChange={(v: string | undefined) => update({ roundId: v, targetId: undefined })}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('measures.target')}
            placeholder={t('measures.target')}
            style={{ width: 220 }}
            value={filters.targetId}
            onChange={(v: string | undefined) => update({ targetId: v })}
            options={(targets.data?.items ?? [])
              .filter((x) => x.fedBackAt)
              .map((x) => ({
                value: x.id,
                label: filters.roundId ? x.unitName : `${x.unitName} · ${x.roundName}`,
              }))}
          />
          <Select
            allowClear
            aria-label={t('measures.kind')}
            placeholder={t('measures.kind')}
            style={{ width: 140 }}
            value={filters.kind}
            onChange={(v: MeasureKind | undefined) => update({ kind: v })}
            options={KIND_LIST.map((k) => ({ value: k, label: t(`measureKinds.${k}`) }))}
          />
          <Select
            allowClear
            aria-label={t('measures.status')}
            placeholder={t('measures.status')}
            style={{ width: 120 }}
            value={filters.status}
            onChange={(v: MeasureStatus | undefined) => update({ status: v })}
            options={MEASURE_STATUS_LIST.map((s) => ({ value: s, label: t(`measureStatuses.${s}`) }))}
          />
          <Checkbox
            checked={filters.overdue === '1'}
            onChange={(e) => update({ overdue: e.target.checked ? '1' : undefined })}
            data-testid="measure-overdue-only"
          >
            {t('measures.overdueOnly')}
          </Checkbox>
          <Search
            allowClear
            placeholder={t('measures.searchPlaceholder')}
            aria-label={t('measures.searchPlaceholder')}
            enterButton={t('common.search')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 280 }}
            data-testid="measure-search"
          />
        </Space>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<MeasureDto>
            rowKey="id"
            size="middle"
            data-testid="measures-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            onChange={onChange}
            scroll={{ x: 1400 }}
            onRow={(m) =>
              ({
                'data-testid': 'measure-row',
                style: { cursor: 'pointer' },
                onClick: () => setOpen(m.id),
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: <Empty description={t('measures.none')} /> }}
            pagination={paging(t, {
              page: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total,
            })}
          />
        )}
      </Panel>
      <Deferred when={open !== null}>
        <MeasureDrawer measureId={open} onClose={() => setOpen(null)} />
      </Deferred>
    </div>
  )
}
