import { EditOutlined, PlusOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Select, Space, Table, type TableProps } from 'antd'
// Input.Search alone: the Input namespace would bring TextArea, Password and OTP to the list.
import Search from 'antd/es/input/Search'
import dayjs from 'dayjs'
import { lazy, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ROUND_PHASES, type RoundPhase } from '../../../../common/workflows'
import { roundsApi, type RoundDto, type RoundQueryParams } from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { Deferred } from '../../components/Deferred'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { dateRange, PhaseTag } from './labels'
import { Panel } from '../../components/Panel'
import { paging } from '../../lib/paging'

// The create and edit dialogs (Modal, Form, the date range picker) load when one is first opened.
const RoundForms = lazy(() => import('./RoundForms'))

export default function RoundsPage() {
  const { t } = useTranslation()
  const { can } = useAuth()
  const qc = useQueryClient()
  const manage = can('inspection.manage')
  const [filters, setFilters] = useState<RoundQueryParams>({ page: 1, pageSize: 20 })
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<RoundDto | null>(null)
  const update = (patch: Partial<RoundQueryParams>) =>
    setFilters((f) => ({ ...f, ...patch, page: 'page' in patch ? patch.page : 1 }))

  const list = useQuery({
    queryKey: ['rounds', filters],
    queryFn: () => roundsApi.list(filters),
    placeholderData: (prev) => prev,
  })
  const refresh = () => qc.invalidateQueries({ queryKey: ['rounds'] })

  const thisYear = dayjs().year()
  const years = Array.from({ length: 8 }, (_, i) => thisYear + 1 - i)

  const columns: TableProps<RoundDto>['columns'] = [
    {
      title: t('rounds.name'),
      key: 'name',
      render: (_, r) => (
        <Link to={`/inspections/rounds/${r.id}`} data-testid={`round-link-${r.name}`}>
          {r.name}
        </Link>
      ),
    },
    { title: t('rounds.phase'), key: 'phase', width: 100, render: (_, r) => <PhaseTag phase={r.phase} /> },
    { title: t('rounds.dates'), key: 'dates', render: (_, r) => dateRange(r.startDate, r.endDate) },
    { title: t('rounds.organizer'), dataIndex: 'organizerUnitName', key: 'organizer' },
    { title: t('rounds.teams'), dataIndex: 'teamCount', key: 'teams', width: 90 },
    { title: t('rounds.targets'), dataIndex: 'targetCount', key: 'targets', width: 110 },
    { title: t('rounds.findings'), dataIndex: 'findingCount', key: 'findings', width: 80 },
  ]
  if (manage)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, r) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
          {t('common.edit')}
        </Button>
      ),
    })

  return (
    <div data-testid="rounds-page">
      <PageHeader
        title={t('rounds.title')}
        extra={
          manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="round-create"
            >
              {t('rounds.createTitle')}
            </Button>
          )
        }
      />
      <Panel>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            aria-label={t('rounds.year')}
            placeholder={t('rounds.year')}
            style={{ width: 120 }}
            value={filters.year}
            onChange={(v: number | undefined) => update({ year: v })}
            options={years.map((y) => ({ value: y, label: String(y) }))}
          />
          <Select
            allowClear
            aria-label={t('rounds.phase')}
            placeholder={t('rounds.phase')}
            style={{ width: 140 }}
            value={filters.phase}
            onChange={(v: RoundPhase | undefined) => update({ phase: v })}
            options={ROUND_PHASES.map((p) => ({ value: p, label: t(`phases.${p}`) }))}
          />
          <Search
            allowClear
            placeholder={t('rounds.searchPlaceholder')}
            aria-label={t('rounds.searchPlaceholder')}
            enterButton={t('common.search')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 280 }}
          />
        </Space>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<RoundDto>
            rowKey="id"
            size="middle"
            data-testid="rounds-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
            pagination={paging(t, {
              page: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total,
            })}
          />
        )}
      </Panel>

      <Deferred when={creating || editing !== null}>
        <RoundForms
          creating={creating}
          editing={editing}
          onClose={() => {
            setCreating(false)
            setEditing(null)
          }}
          refresh={refresh}
        />
      </Deferred>
    </div>
  )
}
