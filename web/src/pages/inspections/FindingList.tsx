import { filtersFromUrl } from '../../lib/urlFilters'
import { MergeCellsOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Empty, Flex, Select, Space, Table, type TableProps } from 'antd'
// Input.Search alone: the Input namespace would bring TextArea, Password and OTP to the list.
import Search from 'antd/es/input/Search'
import { lazy, Suspense, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import type { Severity } from '../../../../common/inspections'
import { FINDING_STATUSES, type FindingStatus } from '../../../../common/workflows'
import {
  findingsApi,
  roundsApi,
  targetsApi,
  type FindingDto,
  type FindingQueryParams,
  type FindingSort,
} from '../../api/endpoints'
import { LazyTreeSelect } from '../../components/LazyTreeSelect'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { SEVERITY_LIST, SeverityTag, StatusTag } from './labels'
import { categoryTreeData, useTaxonomy } from './taxonomy'
import { RoundSelect } from '../../components/RoundSelect'
import { paging } from '../../lib/paging'

// The merge dialog (a form) loads when the office first opens it, not with every findings list.
const CommonProblemCreateModal = lazy(() =>
  import('../rectification/commonProblems').then((m) => ({ default: m.CommonProblemCreateModal })),
)

interface FindingListProps {
  /** Filters the list always carries (e.g. one target's findings). */
  fixed?: Pick<FindingQueryParams, 'targetId' | 'roundId'>
  /** Show the round / target / team pickers (the cross-round list). */
  scopeFilters?: boolean
  testId?: string
  /** Let the office pick rows and merge them into a common problem (归并为共性问题). */
  selectable?: boolean
}

/** The findings table with its filters, sorting and pagination; a row opens the finding. */
export function FindingList({
  fixed,
  scopeFilters = false,
  testId = 'findings-table',
  selectable = false,
}: FindingListProps) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  // Selected rows stay selected across pages and filters, so findings of several units can be merged.
  const [selected, setSelected] = useState<FindingDto[]>([])
  const [merging, setMerging] = useState(false)
  const taxonomy = useTaxonomy()
  const [search] = useSearchParams()
  const [filters, setFilters] = useState<FindingQueryParams>(() => ({
    sort: 'seq',
    order: 'asc',
    page: 1,
    pageSize: 20,
    // A dashboard's drill-down opens the list already filtered (?roundId=…&status=…).
    ...(scopeFilters &&
      filtersFromUrl<FindingQueryParams>(search, ['roundId', 'targetId', 'categoryId', 'status'])),
  }))
  const update = (patch: Partial<FindingQueryParams>) =>
    setFilters((f) => ({ ...f, ...patch, page: 'page' in patch ? patch.page : 1 }))
  const query = { ...filters, ...fixed }

  const list = useQuery({
    queryKey: ['findings', 'list', query],
    queryFn: () => findingsApi.list(query),
    placeholderData: (prev) => prev,
  })
  const targets = useQuery({
    queryKey: ['targets', { roundId: filters.roundId, pageSize: 200 }],
    queryFn: () => targetsApi.list({ roundId: filters.roundId, pageSize: 200 }),
    enabled: scopeFilters,
  })
  const teams = useQuery({
    queryKey: ['rounds', filters.roundId, 'teams'],
    queryFn: () => roundsApi.teams(filters.roundId!),
    enabled: scopeFilters && !!filters.roundId,
  })

  const sortOrder = (key: FindingSort) =>
    filters.sort === key ? (filters.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null

  const columns: TableProps<FindingDto>['columns'] = [
    {
      title: t('findings.seq'),
      dataIndex: 'seq',
      key: 'seq',
      width: 80,
      sorter: true,
      sortOrder: sortOrder('seq'),
    },
    {
      title: t('findings.titleField'),
      key: 'title',
      width: fixed?.targetId ? undefined : 280,
      sorter: true,
      sortOrder: sortOrder('title'),
      render: (_, f) => (
        <Link to={`/inspections/findings/${f.id}`} onClick={(e) => e.stopPropagation()}>
          {f.title}
        </Link>
      ),
    },
    ...(fixed?.targetId
      ? []
      : [
          { title: t('findings.unit'), dataIndex: 'unitName', key: 'unit', width: 150 },
          { title: t('findings.round'), dataIndex: 'roundName', key: 'round', width: 130 },
        ]),
    { title: t('findings.team'), dataIndex: 'teamName', key: 'team', width: 110 },
    {
      title: t('findings.category'),
      key: 'category',
      width: 200,
      ellipsis: true,
      render: (_, f) => (
        <span title={f.parentCategoryName ? `${f.parentCategoryName} / ${f.categoryName}` : undefined}>
          {f.categoryName}
        </span>
      ),
    },
    {
      title: t('findings.severity'),
      key: 'severity',
      width: 100,
      sorter: true,
      sortOrder: sortOrder('severity'),
      render: (_, f) => <SeverityTag severity={f.severity} />,
    },
    {
      title: t('findings.status'),
      key: 'status',
      width: 100,
      sorter: true,
      sortOrder: sortOrder('status'),
      render: (_, f) => <StatusTag status={f.status} />,
    },
    {
      title: t('findings.updatedAt'),
      key: 'updatedAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrder('updatedAt'),
      render: (_, f) => formatTime(f.updatedAt),
    },
  ]

  const onChange: TableProps<FindingDto>['onChange'] = (p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter
    const sort = s?.order ? ((s.columnKey as FindingSort) ?? 'seq') : 'seq'
    const order = s?.order === 'descend' ? 'desc' : 'asc'
    if (sort !== filters.sort || order !== filters.order) update({ sort, order })
    else update({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })
  }

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }} data-testid="finding-filters">
        {scopeFilters && (
          <>
            <RoundSelect
              allowClear
              aria-label={t('findings.round')}
              placeholder={t('findings.round')}
              style={{ width: 160 }}
              value={filters.roundId}
              onChange={(v: string | undefined) =>
                update({ roundId: v, targetId: undefined, teamId: undefined })
              }
            />
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('findings.target')}
              placeholder={t('findings.target')}
              style={{ width: 200 }}
              value={filters.targetId}
              onChange={(v: string | undefined) => update({ targetId: v })}
              options={(targets.data?.items ?? []).map((x) => ({
                value: x.id,
                label: filters.roundId ? x.unitName : `${x.unitName} · ${x.roundName}`,
              }))}
            />
            <Select
              allowClear
              aria-label={t('findings.team')}
              placeholder={t('findings.team')}
              style={{ width: 140 }}
              disabled={!filters.roundId}
              value={filters.teamId}
              onChange={(v: string | undefined) => update({ teamId: v })}
              options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            />
          </>
        )}
        <LazyTreeSelect
          allowClear
          aria-label={t('findings.category')}
          placeholder={t('findings.category')}
          style={{ width: 240 }}
          value={filters.categoryId}
          onChange={(v: string | undefined) => update({ categoryId: v })}
          treeData={categoryTreeData(taxonomy.tops, {})}
          treeDefaultExpandAll
          popupMatchSelectWidth={false}
        />
        <Select
          allowClear
          aria-label={t('findings.severity')}
          placeholder={t('findings.severity')}
          style={{ width: 110 }}
          value={filters.severity}
          onChange={(v: Severity | undefined) => update({ severity: v })}
          options={SEVERITY_LIST.map((s) => ({ value: s, label: t(`severities.${s}`) }))}
        />
        <Select
          allowClear
          aria-label={t('findings.status')}
          placeholder={t('findings.status')}
          style={{ width: 120 }}
          value={filters.status}
          onChange={(v: FindingStatus | undefined) => update({ status: v })}
          options={FINDING_STATUSES.map((s) => ({ value: s, label: t(`findingStatuses.${s}`) }))}
        />
        <Search
          allowClear
          placeholder={t('findings.searchPlaceholder')}
          aria-label={t('findings.searchPlaceholder')}
          enterButton={t('common.search')}
          onSearch={(v) => update({ q: v.trim() || undefined })}
          style={{ width: 260 }}
          data-testid="finding-search"
        />
      </Space>
      {selectable && (
        <Flex align="center" gap={12} wrap style={{ marginBottom: 12 }} data-testid="finding-selection">
          <Button
            type="primary"
            icon={<MergeCellsOutlined />}
            disabled={selected.length === 0}
            onClick={() => setMerging(true)}
            data-testid="finding-merge"
          >
            {t('commonProblems.merge')}
          </Button>
          <span className="duban-text-secondary" data-testid="finding-selected-count">
            {selected.length
              ? t('commonProblems.selectedCount', {
                  count: selected.length,
                  units: new Set(selected.map((f) => f.unitId)).size,
                })
              : t('commonProblems.selectHint')}
          </span>
          {selected.length > 0 && (
            <Button size="small" type="link" onClick={() => setSelected([])}>
              {t('commonProblems.clearSelection')}
            </Button>
          )}
        </Flex>
      )}
      {list.isError ? (
        <Empty description={errorText(list.error, t)} />
      ) : (
        <Table<FindingDto>
          rowKey="id"
          size="middle"
          data-testid={testId}
          rowSelection={
            selectable
              ? {
                  preserveSelectedRowKeys: true,
                  selectedRowKeys: selected.map((f) => f.id),
                  onChange: (keys, rows) =>
                    setSelected((prev) => {
                      const known = new Map([...prev, ...rows.filter(Boolean)].map((f) => [f.id, f]))
                      return keys.map((k) => known.get(String(k))).filter((f): f is FindingDto => !!f)
                    }),
                  // Drafts are confidential and unconfirmed: they cannot be merged.
                  getCheckboxProps: (f) => ({
                    disabled: f.status === 'draft',
                    'aria-label': f.title,
                  }),
                }
              : undefined
          }
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          onChange={onChange}
          onRow={(f) =>
            ({
              'data-testid': `finding-row-${f.seq}`,
              style: { cursor: 'pointer' },
              onClick: (e: React.MouseEvent<HTMLElement>) => {
                // A click on the selection checkbox selects; anywhere else opens the finding.
                if ((e.target as HTMLElement).closest('.ant-table-selection-column')) return
                navigate(`/inspections/findings/${f.id}`)
              },
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: <Empty description={t('findings.none')} /> }}
          pagination={paging(t, { page: filters.page, pageSize: filters.pageSize, total: list.data?.total })}
        />
      )}
      {selectable && merging && (
        <Suspense fallback={null}>
          <CommonProblemCreateModal
            open={merging}
            onClose={() => setMerging(false)}
            findings={selected}
            onCreated={() => setSelected([])}
          />
        </Suspense>
      )}
    </>
  )
}
