import { api } from '../../api/client'
import { useAuth } from '../../auth/auth'
import { TextOriginals } from '../../components/TextOriginals'
import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  EditOutlined,
  SoundOutlined,
  UndoOutlined,
} from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Badge, Button, Col, Descriptions, Empty, Popconfirm, Row, Space, Tag, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import { lazy, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import { isApiError } from '../../api/client'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { NotFoundPage } from '../ErrorPages'
import { tasksApi, type TaskDto } from './api'
import { currentQuarter, LightWithReasons, ProgressBar, QUARTERS, REPORT_COLORS } from './labels'
import { NoticesCard } from './NoticesCard'
import { QuarterPanel } from './QuarterPanel'
import { SubtasksCard } from './SubtasksCard'
import { Panel } from '../../components/Panel'
import { Deferred } from '../../components/Deferred'
import { Result } from '../../components/LazyResult'
import { Steps } from '../../components/Steps'
import { Tabs } from '../../components/Tabs'

// The edit and urge dialogs (Modal, Form, pickers) load when first opened.
const TaskFormModal = lazy(() => import('./TaskFormModal').then((m) => ({ default: m.TaskFormModal })))
const UrgeModal = lazy(() => import('./UrgeModal').then((m) => ({ default: m.UrgeModal })))

export default function TaskPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const task = useQuery({ queryKey: ['tasks', id], queryFn: () => tasksApi.get(id) })
  if (task.isPending) return <Loading />
  if (task.isError) {
    if (isApiError(task.error) && task.error.status === 404) return <NotFoundPage />
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(task.error, t)} />
  }
  return <TaskView task={task.data} />
}

function TaskView({ task }: { task: TaskDto }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [search, setSearch] = useSearchParams()
  const [editing, setEditing] = useState(false)
  const [urging, setUrging] = useState(false)
  const office = task.myRole === 'office'
  const { can } = useAuth()
  // The meeting whose directive this task came from, for those who read meetings.
  const origin = useQuery({
    queryKey: ['meetings', 'by-task', task.id],
    queryFn: () =>
      api.get<{ items: { id: string; title: string; heldOn: string }[] }>('/api/meetings', {
        taskId: task.id,
      }),
    enabled: can('meeting.read'),
  })
  const meeting = origin.data?.items[0]

  // The ledger may have been looked at "as of" a day (a meeting's date): show the light for that day too.
  const asOf = search.get('asOf') || undefined
  const asOfTask = useQuery({
    queryKey: ['tasks', 'list', { year: task.year, q: task.code, asOf, pageSize: 200 }],
    queryFn: () => tasksApi.list({ year: task.year, q: task.code, asOf, pageSize: 200 }),
    enabled: !!asOf,
    select: (page) => page.items.find((x) => x.id === task.id),
  })
  const shown = (asOf && asOfTask.data) || task

  const reports = useQuery({
    queryKey: ['quarterly-reports', { taskId: task.id, year: task.year }],
    queryFn: () => tasksApi.reports({ taskId: task.id, year: task.year, pageSize: 10 }),
  })
  const statusOf = (q: number) => reports.data?.items.find((r) => r.quarter === q)?.status
  const wanted = Number(search.get('quarter'))
  const quarter = QUARTERS.includes(wanted as 1) ? wanted : currentQuarter(task.year)

  const setStatus = async (status: 'active' | 'done') => {
    try {
      await tasksApi.update(task.id, { status })
      message.success(status === 'done' ? t('tasks.markedDone') : t('tasks.markedActive'))
      await qc.invalidateQueries({ queryKey: ['tasks'] })
      await qc.invalidateQueries({ queryKey: ['campaigns'] })
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  return (
    <div data-testid="task-page">
      <TextOriginals
        url={`/api/tasks/${task.id}/text-originals`}
        values={{ title: task.title, description: task.description }}
        labels={{ title: 'tasks.titleField', description: 'tasks.description' }}
      />
      <PageHeader
        title={`${task.code} ${task.title}`}
        extra={
          <Space wrap>
            {office && (
              <>
                <Button
                  type="primary"
                  icon={<SoundOutlined />}
                  onClick={() => setUrging(true)}
                  data-testid="task-urge"
                >
                  {t('tasks.urge.button')}
                </Button>
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="task-edit">
                  {t('common.edit')}
                </Button>
                {task.status === 'active' ? (
                  <Popconfirm
                    title={t('tasks.markDone')}
                    description={t('tasks.confirmDone')}
                    onConfirm={() => setStatus('done')}
                  >
                    <Button icon={<CheckCircleOutlined />} data-testid="task-mark-done">
                      {t('tasks.markDone')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    icon={<UndoOutlined />}
                    onClick={() => setStatus('active')}
                    data-testid="task-reopen"
                  >
                    {t('tasks.markActive')}
                  </Button>
                )}
              </>
            )}
            <Link to={`/tasks?year=${task.year}${asOf ? `&asOf=${asOf}` : ''}`}>
              <Button icon={<ArrowLeftOutlined />}>{t('tasks.backToLedger')}</Button>
            </Link>
          </Space>
        }
      />
      <Panel style={{ marginBottom: 16 }} data-testid="task-header">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={asOf ? t('tasks.lightAsOf', { date: asOf }) : t('tasks.light')} span={2}>
            <LightWithReasons task={shown} />
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.progress')}>
            <ProgressBar
              progress={shown.progress}
              expected={shown.expectedProgress}
              light={shown.light}
              width={220}
            />
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.year')}>{task.year}</Descriptions.Item>
          {meeting && (
            <Descriptions.Item label={t('tasks.fromMeeting')}>
              <Link to={`/meetings/${meeting.id}?tab=directives`} data-testid="task-origin-meeting">
                {meeting.heldOn} {meeting.title}
              </Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('tasks.leaderName')}>{task.leaderName}</Descriptions.Item>
          <Descriptions.Item label={t('tasks.deadline')}>{task.deadline}</Descriptions.Item>
          <Descriptions.Item label={t('tasks.leadDepartment')}>
            <Tag color="red">{task.leadDepartmentName}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.cooperators')} span={2}>
            <span data-testid="task-cooperators">
              {task.cooperators.length
                ? task.cooperators.map((c) => <Tag key={c.id}>{c.name}</Tag>)
                : t('tasks.noCooperators')}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.campaign')}>
            {task.campaignId ? (
              <Link to={`/tasks/campaigns/${task.campaignId}`}>{task.campaignName}</Link>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.status')}>
            <Tag color={task.status === 'done' ? 'blue' : 'processing'}>
              {t(`tasks.statuses.${task.status}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.myRole')}>
            <Tag data-testid="task-my-role">{t(`tasks.roles.${task.myRole}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.description')} span={3}>
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{task.description || '—'}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Panel>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={10}>
          <Panel title={t('tasks.milestones')} data-testid="milestones-card" style={{ height: '100%' }}>
            {task.milestones.length ? (
              <Steps
                current={task.milestones.filter((m) => m.quarter < currentQuarter(task.year)).length}
                items={task.milestones.map((m) => ({
                  title: t('tasks.milestoneTitle', { quarter: m.quarter, expected: m.expectedProgress }),
                  content: m.description || undefined,
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.noMilestones')} />
            )}
          </Panel>
        </Col>
        <Col xs={24} xl={14}>
          <SubtasksCard task={task} />
        </Col>
      </Row>

      {(office || task.myRole === 'lead') && <NoticesCard task={task} />}

      <Panel title={t('tasks.quarterly')} data-testid="quarter-tabs">
        <Tabs
          aria-label={t('tasks.quarterly')}
          activeKey={String(quarter)}
          onChange={(k) =>
            setSearch(
              (s) => {
                s.set('quarter', k)
                return s
              },
              { replace: true },
            )
          }
          items={QUARTERS.map((q) => {
            const status = statusOf(q)
            return {
              key: String(q),
              label: (
                <span data-testid={`quarter-tab-${q}`}>
                  <Badge color={status ? badgeColor(REPORT_COLORS[status]) : '#d9d9d9'} />{' '}
                  {t('tasks.quarterTab', { quarter: q })}
                  {status && (
                    <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
                      {t(`tasks.reportStatuses.${status}`)}
                    </Typography.Text>
                  )}
                </span>
              ),
              children: <QuarterPanel task={task} quarter={q} />,
            }
          })}
        />
      </Panel>
      {office && (
        <Deferred when={editing}>
          <TaskFormModal open={editing} task={task} onClose={() => setEditing(false)} />
        </Deferred>
      )}
      {office && (
        <Deferred when={urging}>
          <UrgeModal open={urging} task={task} onClose={() => setUrging(false)} />
        </Deferred>
      )}
    </div>
  )
}

function badgeColor(tagColor: string): string {
  return { success: '#52c41a', processing: '#1677ff', error: '#f5222d' }[tagColor] ?? '#bfbfbf'
}
