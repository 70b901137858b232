import { DownloadOutlined, EditOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Badge, Button, Col, Empty, Flex, Row, Select, Space, Table, Tag, type TableProps } from 'antd'
import { useFeedback } from '../../components/feedback'
// Input.Search alone: the Input namespace would bring TextArea, Password and OTP to the list.
import Search from 'antd/es/input/Search'
import dayjs from 'dayjs'
import { lazy, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useAuth } from '../../auth/auth'
import { errorText } from '../../lib/errors'
import { tasksApi, type Light, type TaskDto, type TaskQueryParams, type TaskSort } from './api'
import {
  DEFAULT_TASK_YEAR,
  LIGHT_COLORS,
  LIGHT_LIST,
  LightRuleText,
  LightWithReasons,
  ProgressBar,
  useCampaigns,
  useLightRule,
  useTaskDepartments,
  yearOptions,
} from './labels'
import { Panel, PanelGrid } from '../../components/Panel'
import { Deferred } from '../../components/Deferred'
import { LazyDatePicker } from '../../components/LazyDatePicker'
import { paging } from '../../lib/paging'

// The light rule's dialog (Modal, Form, InputNumber) loads when it is first opened.
const LightRuleModal = lazy(() => import('./LightRuleModal').then((m) => ({ default: m.LightRuleModal })))

const SORTS: TaskSort[] = ['code', 'deadline', 'progress']

/** The ledger's filters live in the address, so a task's page can link back to the same view. */
function useLedgerFilters(fixed: Partial<TaskQueryParams>, defaultYear: number | undefined) {
  const [search, setSearch] = useSearchParams()
  const str = (k: string) => search.get(k) || undefined
  const num = (k: string) => (search.get(k) ? Number(search.get(k)) : undefined)
  const sort = str('sort') as TaskSort | undefined
  const filters: TaskQueryParams = {
    year: search.has('year') ? num('year') : defaultYear,
    departmentId: str('departmentId'),
    campaignId: str('campaignId'),
    light: str('light') as Light | undefined,
    leader: str('leader'),
    q: str('q'),
    asOf: str('asOf'),
    sort: sort && SORTS.includes(sort) ? sort : 'code',
    order: str('order') === 'desc' ? 'desc' : 'asc',
    page: num('page') ?? 1,
    pageSize: num('pageSize') ?? 20,
    ...fixed,
  }
  const update = (patch: Partial<TaskQueryParams>) => {
    const next: Record<string, unknown> = { ...filters, ...patch }
    if (!('page' in patch)) next.page = 1
    const sp = new URLSearchParams()
    for (const [k, v] of Object.entries(next)) {
      if (k in fixed || v === undefined || v === null || v === '') continue
      if ((k === 'page' && v === 1) || (k === 'pageSize' && v === 20)) continue
      if ((k === 'sort' && v === 'code') || (k === 'order' && v === 'asc')) continue
      sp.set(k, String(v))
    }
    // The default year is no parameter at all; "all years" (when that is not the default) is year=.
    if (next.year === defaultYear) sp.delete('year')
    else if (next.year === undefined) sp.set('year', '')
    setSearch(sp, { replace: true })
  }
  return { filters, update }
}

interface TaskLedgerProps {
  /** Filters the ledger always carries (a campaign's tasks). */
  fixed?: Partial<TaskQueryParams>
  testId?: string
  /** The year shown until the user picks another (null: all years). */
  defaultYear?: number | null
}

/** The task ledger (督办台账): lights with their reasons, progress against 序时进度, filters, export. */
export function TaskLedger({
  fixed = {},
  testId = 'tasks-table',
  defaultYear = DEFAULT_TASK_YEAR,
}: TaskLedgerProps) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const { can } = useAuth()
  const navigate = useNavigate()
  const office = can('task.manage')
  const { filters, update } = useLedgerFilters(fixed, defaultYear ?? undefined)
  const [editingRule, setEditingRule] = useState(false)
  const [exporting, setExporting] = useState(false)
  const departments = useTaskDepartments()
  const campaigns = useCampaigns()
  const rule = useLightRule()

  const list = useQuery({
    queryKey: ['tasks', 'list', filters],
    queryFn: ({ signal }) => tasksApi.list(filters, signal),
    placeholderData: (prev) => prev,
  })
  // The server counts lights after the light filter: with one light picked, ask for the others too.
  const summary = useQuery({
    queryKey: ['tasks', 'list', { ...filters, light: undefined, page: 1, pageSize: 1 }],
    queryFn: ({ signal }) => tasksApi.list({ ...filters, light: undefined, page: 1, pageSize: 1 }, signal),
    enabled: !!filters.light,
    placeholderData: (prev) => prev,
  })
  const counts = (filters.light ? summary.data?.lights : list.data?.lights) ?? {}
  const countTotal = LIGHT_LIST.reduce((n, l) => n + (counts[l] ?? 0), 0)

  const exportLedger = async () => {
    setExporting(true)
    try {
      const name = await tasksApi.ledger({
        year: filters.year,
        campaignId: filters.campaignId,
        departmentId: filters.departmentId,
      })
      message.success(t('tasks.exported', { name }))
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setExporting(false)
    }
  }

  // A task's page shows the light for the same day the ledger was looked at.
  const taskLink = (task: TaskDto) => `/tasks/${task.id}${filters.asOf ? `?asOf=${filters.asOf}` : ''}`

  const sortOrder = (key: TaskSort) =>
    filters.sort === key ? (filters.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null

  const columns: TableProps<TaskDto>['columns'] = [
    {
      title: t('tasks.light'),
      key: 'light',
      width: 180,
      render: (_, task) => <LightWithReasons task={task} compact />,
    },
    {
      title: t('tasks.code'),
      dataIndex: 'code',
      key: 'code',
      width: 96,
      sorter: true,
      sortOrder: sortOrder('code'),
    },
    {
      title: t('tasks.titleField'),
      key: 'title',
      render: (_, task) => (
        <Space orientation="vertical" size={0}>
          <Link to={taskLink(task)} onClick={(e) => e.stopPropagation()}>
            {task.title}
          </Link>
          {task.campaignName && <Tag color="purple">{task.campaignName}</Tag>}
        </Space>
      ),
    },
    { title: t('tasks.leaderName'), dataIndex: 'leaderName', key: 'leader', width: 120 },
    {
      title: t('tasks.leadDepartment'),
      dataIndex: 'leadDepartmentName',
      key: 'lead',
      width: 110,
    },
    {
      title: t('tasks.cooperators'),
      key: 'cooperators',
      width: 150,
      render: (_, task) => task.cooperators.map((c) => c.name).join('、') || '—',
    },
    {
      title: t('tasks.deadline'),
      dataIndex: 'deadline',
      key: 'deadline',
      width: 108,
      sorter: true,
      sortOrder: sortOrder('deadline'),
    },
    {
      title: t('tasks.progress'),
      key: 'progress',
      width: 170,
      sorter: true,
      sortOrder: sortOrder('progress'),
      render: (_, task) => (
        <ProgressBar
          progress={task.progress}
          expected={task.expectedProgress}
          light={task.light}
          width={146}
        />
      ),
    },
  ]

  const onChange: TableProps<TaskDto>['onChange'] = (p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter
    const sort = s?.order ? ((s.columnKey as TaskSort) ?? 'code') : 'code'
    const order = s?.order === 'descend' ? 'desc' : 'asc'
    if (sort !== filters.sort || order !== filters.order) update({ sort, order })
    else update({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })
  }

  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={14}>
          <Panel
            size="small"
            title={t('tasks.summary')}
            data-testid="light-summary"
            style={{ height: '100%' }}
          >
            <Flex gap={12} wrap>
              {LIGHT_LIST.map((light) => {
                const active = filters.light === light
                return (
                  <PanelGrid
                    key={light}
                    hoverable
                    style={{
                      width: 120,
                      padding: 12,
                      textAlign: 'center',
                      cursor: 'pointer',
                      outline: active ? `2px solid ${LIGHT_COLORS[light]}` : undefined,
                    }}
                    onClick={() => update({ light: active ? undefined : light })}
                    data-testid={`light-count-${light}`}
                    aria-pressed={active}
                    role="button"
                  >
                    <Badge color={LIGHT_COLORS[light]} text={t(`tasks.lights.${light}`)} />
                    <div
                      style={{ fontSize: 24, fontWeight: 600, color: LIGHT_COLORS[light] }}
                      data-testid="light-count-value"
                    >
                      {counts[light] ?? 0}
                    </div>
                  </PanelGrid>
                )
              })}
              <Flex vertical justify="center" style={{ paddingInline: 8 }}>
                <span className="duban-text-secondary">{t('tasks.summaryTotal', { total: countTotal })}</span>
                <span className="duban-text-secondary" data-testid="light-as-of">
                  {filters.asOf ? t('tasks.asOfNote', { date: filters.asOf }) : t('tasks.asOfToday')}
                </span>
              </Flex>
            </Flex>
          </Panel>
        </Col>
        <Col xs={24} xl={10}>
          <Panel
            size="small"
            title={t('tasks.ruleTitle')}
            style={{ height: '100%' }}
            extra={
              office && (
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditingRule(true)}
                  disabled={!rule.data}
                  data-testid="light-rule-edit"
                >
                  {t('common.edit')}
                </Button>
              )
            }
          >
            {rule.data ? (
              <LightRuleText rule={rule.data} />
            ) : (
              <span className="duban-text-secondary">{t('app.loading')}</span>
            )}
          </Panel>
        </Col>
      </Row>

      <Panel>
        <Space wrap data-testid="task-filters" style={{ marginBottom: 16 }}>
          <Select
            allowClear
            aria-label={t('tasks.year')}
            placeholder={t('tasks.allYears')}
            style={{ width: 110 }}
            value={filters.year}
            onChange={(v: number | undefined) => update({ year: v })}
            options={yearOptions()}
          />
          {!('departmentId' in fixed) && (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('tasks.department')}
              placeholder={t('tasks.department')}
              style={{ width: 170 }}
              loading={departments.isFetching}
              value={filters.departmentId}
              onChange={(v: string | undefined) => update({ departmentId: v })}
              options={departments.data ?? []}
            />
          )}
          {!('campaignId' in fixed) && (
            <Select
              allowClear
              aria-label={t('tasks.campaign')}
              placeholder={t('tasks.campaign')}
              style={{ width: 140 }}
              value={filters.campaignId}
              onChange={(v: string | undefined) => update({ campaignId: v })}
              options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          )}
          <Select
            allowClear
            aria-label={t('tasks.light')}
            placeholder={t('tasks.light')}
            style={{ width: 110 }}
            value={filters.light}
            onChange={(v: Light | undefined) => update({ light: v })}
            options={LIGHT_LIST.map((l) => ({ value: l, label: t(`tasks.lights.${l}`) }))}
          />
          <Search
            allowClear
            key={`leader-${filters.leader ?? ''}`}
            defaultValue={filters.leader}
            placeholder={t('tasks.leaderName')}
            aria-label={t('tasks.leaderName')}
            onSearch={(v) => update({ leader: v.trim() || undefined })}
            style={{ width: 160 }}
          />
          <Search
            allowClear
            key={`q-${filters.q ?? ''}`}
            defaultValue={filters.q}
            placeholder={t('tasks.searchPlaceholder')}
            aria-label={t('tasks.searchPlaceholder')}
            enterButton={t('common.search')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 240 }}
            data-testid="task-search"
          />
          <LazyDatePicker
            aria-label={t('tasks.asOf')}
            placeholder={t('tasks.asOf')}
            value={filters.asOf ? dayjs(filters.asOf) : null}
            onChange={(d) => update({ asOf: d ? d.format('YYYY-MM-DD') : undefined })}
            data-testid="task-as-of"
          />
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={exportLedger}
            title={t('tasks.exportHint')}
            data-testid="tasks-export"
          >
            {t('tasks.export')}
          </Button>
        </Space>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<TaskDto>
            rowKey="id"
            size="middle"
            data-testid={testId}
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            onChange={onChange}
            scroll={{ x: 1100 }}
            onRow={(task) =>
              ({
                'data-testid': `task-row-${task.code}`,
                style: { cursor: 'pointer' },
                onClick: () => navigate(taskLink(task)),
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: <Empty description={t('tasks.none')} /> }}
            pagination={paging(t, {
              page: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total,
            })}
          />
        )}
      </Panel>
      {rule.data && (
        <Deferred when={editingRule}>
          <LightRuleModal open={editingRule} rule={rule.data} onClose={() => setEditingRule(false)} />
        </Deferred>
      )}
    </>
  )
}
