import { useQueries, useQuery } from '@tanstack/react-query'
import { Alert, Empty, Select, Space, Table, Tag, Typography, type TableProps } from 'antd'
import dayjs from 'dayjs'
import { useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useAuth } from '../../auth/auth'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { tasksApi, type QuarterlyStatus, type SubtaskDto, type TaskDto } from './api'
import {
  currentQuarter,
  DEFAULT_TASK_YEAR,
  LightWithReasons,
  ProgressBar,
  QUARTERS,
  ReportStatusTag,
  todayIso,
  yearOptions,
} from './labels'
import { Panel } from '../../components/Panel'

/** Open sub-tasks due within this many days (or already late) count as due. */
const SUBTASK_HORIZON_DAYS = 30

type Due =
  | { kind: 'report'; task: TaskDto; status: QuarterlyStatus | 'missing'; reason: string | null }
  | { kind: 'input'; task: TaskDto }
  | { kind: 'subtask'; task: TaskDto; subtask: SubtaskDto }

/** A department's own page: the tasks it leads, those it cooperates on, and what it owes this quarter. */
export default function MyTasksPage() {
  const { t } = useTranslation()
  const { hasRole } = useAuth()
  const navigate = useNavigate()
  const [year, setYear] = useState(DEFAULT_TASK_YEAR)
  const [quarter, setQuarter] = useState(() => currentQuarter(DEFAULT_TASK_YEAR))
  const owner = hasRole('department_owner')

  const lead = useQuery({
    queryKey: ['tasks', 'list', { year, mine: 'lead', pageSize: 200 }],
    queryFn: () => tasksApi.list({ year, mine: 'lead', pageSize: 200 }),
    enabled: owner,
  })
  const coop = useQuery({
    queryKey: ['tasks', 'list', { year, mine: 'cooperate', pageSize: 200 }],
    queryFn: () => tasksApi.list({ year, mine: 'cooperate', pageSize: 200 }),
    enabled: owner,
  })
  const reports = useQuery({
    queryKey: ['quarterly-reports', { year, quarter, pageSize: 200 }],
    queryFn: () => tasksApi.reports({ year, quarter, pageSize: 200 }),
    enabled: owner,
  })
  const leadTasks = lead.data?.items ?? []
  const coopTasks = coop.data?.items ?? []
  // Our own input for the quarter on each task we cooperate on, and the sub-tasks of each task we lead.
  const inputs = useQueries({
    queries: coopTasks.map((task) => ({
      queryKey: ['tasks', task.id, 'inputs', quarter],
      queryFn: () => tasksApi.inputs(task.id, quarter),
    })),
  })
  const subtasks = useQueries({
    queries: leadTasks.map((task) => ({
      queryKey: ['tasks', task.id, 'subtasks'],
      queryFn: () => tasksApi.subtasks(task.id),
    })),
  })

  const reportOf = (task: TaskDto) => reports.data?.items.find((r) => r.taskId === task.id)
  const inputOf = (i: number) => inputs[i]?.data?.[0]
  const today = todayIso()
  const horizon = dayjs().add(SUBTASK_HORIZON_DAYS, 'day').format('YYYY-MM-DD')

  const due: Due[] = []
  for (const task of leadTasks) {
    if (task.status === 'done') continue
    const r = reportOf(task)
    if (reports.data && (!r || r.status === 'draft' || r.status === 'returned'))
      due.push({ kind: 'report', task, status: r?.status ?? 'missing', reason: r?.returnReason ?? null })
  }
  coopTasks.forEach((task, i) => {
    if (task.status !== 'done' && inputs[i]?.data && !inputOf(i)) due.push({ kind: 'input', task })
  })
  leadTasks.forEach((task, i) => {
    for (const s of subtasks[i]?.data ?? [])
      if (s.status === 'open' && s.deadline <= horizon) due.push({ kind: 'subtask', task, subtask: s })
  })

  const link = (task: TaskDto, q?: number) => `/tasks/${task.id}${q ? `?quarter=${q}` : ''}`
  const dueColumns: TableProps<Due>['columns'] = [
    {
      title: t('tasks.mine.what'),
      key: 'what',
      width: 130,
      render: (_, d) => (
        <Tag color={d.kind === 'subtask' ? 'purple' : 'gold'}>{t(`tasks.mine.kinds.${d.kind}`)}</Tag>
      ),
    },
    {
      title: t('tasks.titleField'),
      key: 'task',
      render: (_, d) => (
        <Space orientation="vertical" size={0}>
          <Link to={link(d.task, d.kind === 'subtask' ? undefined : quarter)}>
            {d.task.code} {d.task.title}
          </Link>
          {d.kind === 'subtask' && <Typography.Text>{d.subtask.title}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('tasks.status'),
      key: 'status',
      width: 300,
      render: (_, d) =>
        d.kind === 'report' ? (
          <Space orientation="vertical" size={0}>
            <ReportStatusTag status={d.status} />
            {d.reason && (
              <Typography.Text type="danger">
                {t('tasks.report.reasonLine', { reason: d.reason })}
              </Typography.Text>
            )}
          </Space>
        ) : d.kind === 'input' ? (
          <Tag color="warning">{t('tasks.inputs.missing')}</Tag>
        ) : (
          <Space>
            <Typography.Text type={d.subtask.deadline < today ? 'danger' : undefined}>
              {t('tasks.mine.subtaskDue', { date: d.subtask.deadline, owner: d.subtask.ownerName })}
            </Typography.Text>
            {d.subtask.deadline < today && <Tag color="error">{t('tasks.mine.overdue')}</Tag>}
          </Space>
        ),
    },
  ]

  const taskColumns = (kind: 'lead' | 'coop'): TableProps<TaskDto>['columns'] => [
    {
      title: t('tasks.light'),
      key: 'light',
      width: 200,
      render: (_, task) => <LightWithReasons task={task} compact />,
    },
    { title: t('tasks.code'), dataIndex: 'code', key: 'code', width: 90 },
    {
      title: t('tasks.titleField'),
      key: 'title',
      render: (_, task) => <Link to={link(task, quarter)}>{task.title}</Link>,
    },
    kind === 'lead'
      ? {
          title: t('tasks.cooperators'),
          key: 'cooperators',
          width: 180,
          render: (_, task) => task.cooperators.map((c) => c.name).join('、') || '—',
        }
      : { title: t('tasks.leadDepartment'), dataIndex: 'leadDepartmentName', key: 'lead', width: 130 },
    {
      title: t('tasks.progress'),
      key: 'progress',
      width: 180,
      render: (_, task) => (
        <ProgressBar progress={task.progress} expected={task.expectedProgress} light={task.light} />
      ),
    },
    kind === 'lead'
      ? {
          title: t('tasks.mine.quarterReport', { quarter }),
          key: 'report',
          width: 120,
          render: (_, task) => <ReportStatusTag status={reportOf(task)?.status ?? 'missing'} />,
        }
      : {
          title: t('tasks.mine.quarterInput', { quarter }),
          key: 'input',
          width: 120,
          render: (_, task) => {
            const i = coopTasks.indexOf(task)
            if (!inputs[i]?.data) return null
            return inputOf(i) ? (
              <Tag color="success">{t('tasks.inputs.done')}</Tag>
            ) : (
              <Tag color="warning">{t('tasks.inputs.missing')}</Tag>
            )
          },
        },
  ]

  const rowProps = (prefix: string) => (task: TaskDto) =>
    ({
      'data-testid': `${prefix}-${task.code}`,
      style: { cursor: 'pointer' },
      onClick: (e: React.MouseEvent) => {
        if ((e.target as HTMLElement).closest('a')) return
        navigate(link(task, quarter))
      },
    }) as HTMLAttributes<HTMLElement>

  const error = lead.error ?? coop.error ?? reports.error
  return (
    <div data-testid="my-tasks-page">
      <PageHeader
        title={t('tasks.mine.title')}
        extra={
          <Space>
            <Select
              aria-label={t('tasks.year')}
              style={{ width: 100 }}
              value={year}
              onChange={(y: number) => {
                setYear(y)
                setQuarter(currentQuarter(y))
              }}
              options={yearOptions()}
            />
            <Select
              aria-label={t('tasks.quarter')}
              style={{ width: 120 }}
              value={quarter}
              onChange={setQuarter}
              options={QUARTERS.map((q) => ({ value: q, label: t('tasks.quarterTab', { quarter: q }) }))}
              data-testid="my-quarter"
            />
          </Space>
        }
      />
      {!owner ? (
        <Panel>
          <Empty description={t('tasks.mine.notOwner')} />
        </Panel>
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {error && <Alert type="error" showIcon title={errorText(error, t)} />}
          <Panel
            title={t('tasks.mine.dueTitle', { year, quarter })}
            extra={
              <Typography.Text type="secondary">
                {t('tasks.mine.dueHint', { days: SUBTASK_HORIZON_DAYS })}
              </Typography.Text>
            }
            data-testid="my-due"
          >
            <Table<Due>
              rowKey={(d) => `${d.kind}-${d.task.id}-${d.kind === 'subtask' ? d.subtask.id : ''}`}
              size="small"
              loading={lead.isFetching || coop.isFetching || reports.isFetching}
              dataSource={due}
              columns={dueColumns}
              pagination={false}
              onRow={(d) =>
                ({ 'data-testid': `due-${d.kind}-${d.task.code}` }) as HTMLAttributes<HTMLElement>
              }
              locale={{
                emptyText: (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.mine.nothingDue')} />
                ),
              }}
            />
          </Panel>
          <Panel title={t('tasks.mine.leadTitle', { count: leadTasks.length })} data-testid="my-lead-tasks">
            <Table<TaskDto>
              rowKey="id"
              size="small"
              loading={lead.isFetching}
              dataSource={leadTasks}
              columns={taskColumns('lead')}
              pagination={false}
              scroll={{ x: 900 }}
              onRow={rowProps('lead-task')}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.none')} />,
              }}
            />
          </Panel>
          <Panel title={t('tasks.mine.coopTitle', { count: coopTasks.length })} data-testid="my-coop-tasks">
            <Table<TaskDto>
              rowKey="id"
              size="small"
              loading={coop.isFetching}
              dataSource={coopTasks}
              columns={taskColumns('coop')}
              pagination={false}
              scroll={{ x: 900 }}
              onRow={rowProps('coop-task')}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.none')} />,
              }}
            />
          </Panel>
        </Space>
      )}
    </div>
  )
}
