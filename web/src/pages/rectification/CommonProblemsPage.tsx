import { PlusOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Empty, Segmented, Space, Table, type TableProps } from 'antd'
// Input.Search alone: the Input namespace would bring TextArea, Password and OTP to the list.
import Search from 'antd/es/input/Search'
import { lazy, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import {
  commonProblemsApi,
  type CommonProblemDto,
  type CommonProblemQueryParams,
  type CommonProblemStatus,
} from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { SuggestionsCard } from './SuggestionsCard'
import { COMMON_PROBLEM_STATUS_LIST, CommonProblemStatusTag } from './labels'
import { Panel } from '../../components/Panel'
import { Deferred } from '../../components/Deferred'
import { paging } from '../../lib/paging'

// The new-problem dialog (Modal, Form) loads when it is first opened.
const CommonProblemCreateModal = lazy(() =>
  import('./commonProblems').then((m) => ({ default: m.CommonProblemCreateModal })),
)

/** 共性问题: the same problem found at several units, assigned to a headquarters department (举一反三). */
export default function CommonProblemsPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { can } = useAuth()
  const office = can('inspection.manage')
  const [filters, setFilters] = useState<CommonProblemQueryParams>({ page: 1, pageSize: 20 })
  const [creating, setCreating] = useState(false)
  const update = (patch: Partial<CommonProblemQueryParams>) =>
    setFilters((f) => ({ ...f, ...patch, page: 'page' in patch ? patch.page : 1 }))

  const list = useQuery({
    queryKey: ['common-problems', 'list', filters],
    queryFn: () => commonProblemsApi.list(filters),
    placeholderData: (prev) => prev,
  })

  const columns: TableProps<CommonProblemDto>['columns'] = [
    {
      title: t('commonProblems.titleField'),
      key: 'title',
      render: (_, p) => (
        <Link to={`/rectification/common-problems/${p.id}`} onClick={(e) => e.stopPropagation()}>
          {p.title}
        </Link>
      ),
    },
    {
      title: t('commonProblems.department'),
      key: 'department',
      width: 180,
      render: (_, p) => p.departmentName ?? <span className="duban-text-secondary">—</span>,
    },
    {
      title: t('commonProblems.status'),
      key: 'status',
      width: 100,
      render: (_, p) => <CommonProblemStatusTag status={p.status} />,
    },
    {
      title: t('commonProblems.findingCount'),
      dataIndex: 'findingCount',
      key: 'findings',
      width: 100,
    },
    { title: t('commonProblems.unitCount'), dataIndex: 'unitCount', key: 'units', width: 100 },
    {
      title: t('common.createdAt'),
      key: 'createdAt',
      width: 170,
      render: (_, p) => formatTime(p.createdAt),
    },
  ]

  return (
    <div data-testid="common-problems-page">
      <PageHeader
        title={t('commonProblems.title')}
        extra={
          office && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="common-problem-create"
            >
              {t('commonProblems.create')}
            </Button>
          )
        }
      />
      {office && <SuggestionsCard />}
      <Panel>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented<CommonProblemStatus | 'all'>
            value={filters.status ?? 'all'}
            onChange={(v) => update({ status: v === 'all' ? undefined : v })}
            options={[
              { value: 'all', label: t('common.all') },
              ...COMMON_PROBLEM_STATUS_LIST.map((s) => ({
                value: s,
                label: t(`commonProblemStatuses.${s}`),
              })),
            ]}
            data-testid="common-problem-status-filter"
          />
          <Search
            allowClear
            placeholder={t('commonProblems.searchPlaceholder')}
            aria-label={t('commonProblems.searchPlaceholder')}
            enterButton={t('common.search')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 280 }}
            data-testid="common-problem-search"
          />
        </Space>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<CommonProblemDto>
            rowKey="id"
            size="middle"
            data-testid="common-problems-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            onRow={(p) =>
              ({
                'data-testid': 'common-problem-row',
                style: { cursor: 'pointer' },
                onClick: () => navigate(`/rectification/common-problems/${p.id}`),
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: <Empty description={t('commonProblems.none')} /> }}
            pagination={paging(t, {
              page: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total,
              onChange: (page, pageSize) => update({ page, pageSize }),
            })}
          />
        )}
      </Panel>
      {office && (
        <Deferred when={creating}>
          <CommonProblemCreateModal open={creating} onClose={() => setCreating(false)} />
        </Deferred>
      )}
    </div>
  )
}
