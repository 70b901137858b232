import { CheckOutlined, RollbackOutlined, SaveOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Col,
  Collapse,
  Descriptions,
  Empty,
  Flex,
  Popconfirm,
  Row,
  Space,
  Typography,
} from 'antd'
import TextArea from 'antd/es/input/TextArea'
import { useFeedback } from '../../components/feedback'
import { lazy, Suspense, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Deferred } from '../../components/Deferred'
import { Loading } from '../../components/Loading'
import { Timeline } from '../../components/Timeline'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { tasksApi, type InputDto, type QuarterlyReportDto, type TaskDto } from './api'
import { ReportStatusTag } from './labels'
import { Panel } from '../../components/Panel'

// The lead's report editor (Form, InputNumber) and the office's return dialog load when needed.
const ReportForm = lazy(() => import('./ReportForm').then((m) => ({ default: m.ReportForm })))
const ReturnModal = lazy(() => import('./ReturnModal').then((m) => ({ default: m.ReturnModal })))

export const TEXT_FIELDS = ['done', 'problems', 'nextSteps', 'supportNeeded'] as const
const HISTORY_COLORS: Record<string, string> = { submit: '#1677ff', accept: '#52c41a', return: '#f5222d' }

/** One quarter of a task: the cooperating departments' inputs beside the lead's report, and its history. */
export function QuarterPanel({ task, quarter }: { task: TaskDto; quarter: number }) {
  const { t } = useTranslation()
  const report = useQuery({
    queryKey: ['tasks', task.id, 'report', quarter],
    queryFn: () => tasksApi.report(task.id, quarter),
  })
  const inputs = useQuery({
    queryKey: ['tasks', task.id, 'inputs', quarter],
    queryFn: () => tasksApi.inputs(task.id, quarter),
  })

  return (
    <div data-testid={`quarter-${quarter}`}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <InputsCard task={task} quarter={quarter} inputs={inputs.data} error={inputs.error} />
        </Col>
        <Col xs={24} lg={15}>
          {report.isPending ? (
            <Loading />
          ) : report.isError ? (
            <Empty description={errorText(report.error, t)} />
          ) : (
            <ReportCard task={task} quarter={quarter} report={report.data} inputs={inputs.data ?? []} />
          )}
        </Col>
      </Row>
      {report.data && report.data.history.length > 0 && <HistoryCard report={report.data} />}
    </div>
  )
}

function InputsCard({
  task,
  quarter,
  inputs,
  error,
}: {
  task: TaskDto
  quarter: number
  inputs: InputDto[] | undefined
  error: unknown
}) {
  const { t } = useTranslation()
  const cooperator = task.myRole === 'cooperator'
  const mine = cooperator ? inputs?.[0] : undefined
  // The lead and the office see every cooperating department, with the ones that have not written yet.
  const missing = cooperator
    ? []
    : task.cooperators.filter((c) => !(inputs ?? []).some((i) => i.departmentId === c.id))

  return (
    <Panel
      size="small"
      title={t('tasks.inputs.title', { quarter })}
      data-testid="inputs-card"
      style={{ height: '100%' }}
    >
      {cooperator ? (
        <MyInput task={task} quarter={quarter} mine={mine} loaded={inputs !== undefined} />
      ) : task.cooperators.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.inputs.noCooperators')} />
      ) : error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={errorText(error, t)} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {(inputs ?? []).map((i) => (
            <div key={i.id} data-testid={`input-${i.departmentName}`}>
              <Typography.Text strong>{i.departmentName}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {i.submittedByName ?? ''} · {formatTime(i.updatedAt)}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {i.content}
              </Typography.Paragraph>
            </div>
          ))}
          {missing.map((c) => (
            <div key={c.id} data-testid={`input-missing-${c.name}`}>
              <Typography.Text strong>{c.name}</Typography.Text>{' '}
              <Typography.Text type="warning">{t('tasks.inputs.missing')}</Typography.Text>
            </div>
          ))}
        </Space>
      )}
    </Panel>
  )
}

/** A cooperating department writes (and rewrites) its own input for the quarter. */
function MyInput({
  task,
  quarter,
  mine,
  loaded,
}: {
  task: TaskDto
  quarter: number
  mine: InputDto | undefined
  loaded: boolean
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [content, setContent] = useState(mine?.content ?? '')
  const [busy, setBusy] = useState(false)
  useEffect(() => setContent(mine?.content ?? ''), [mine?.content])

  const save = async () => {
    setBusy(true)
    try {
      await tasksApi.putInput(task.id, quarter, content.trim())
      message.success(t('tasks.inputs.saved'))
      await qc.invalidateQueries({ queryKey: ['tasks', task.id, 'inputs', quarter] })
      await qc.invalidateQueries({ queryKey: ['tasks', 'mine'] })
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setBusy(false)
    }
  }
  if (!loaded) return <Loading />
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="my-input">
      <Typography.Text type="secondary">
        {t('tasks.inputs.mineHint', { lead: task.leadDepartmentName })}
      </Typography.Text>
      <TextArea
        rows={8}
        maxLength={10000}
        showCount
        value={content}
        onChange={(e) => setContent(e.target.value)}
        aria-label={t('tasks.inputs.content')}
        data-testid="my-input-content"
      />
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {mine
            ? t('tasks.inputs.lastSaved', { time: formatTime(mine.updatedAt) })
            : t('tasks.inputs.notYet')}
        </Typography.Text>
        <Button
          type="primary"
          icon={<SaveOutlined />}
          loading={busy}
          disabled={!content.trim() || content.trim() === mine?.content}
          onClick={save}
          data-testid="my-input-save"
        >
          {t('tasks.inputs.save')}
        </Button>
      </Flex>
    </Space>
  )
}

function ReportCard({
  task,
  quarter,
  report,
  inputs,
}: {
  task: TaskDto
  quarter: number
  report: QuarterlyReportDto
  inputs: InputDto[]
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [returning, setReturning] = useState(false)
  const editable = task.myRole === 'lead' && (report.status === 'draft' || report.status === 'returned')
  const exists = report.history.length > 0 || report.id !== task.id
  const canAccept = report.actions.includes('accept')
  const canReturn = report.actions.includes('return')

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['tasks'] })
    await qc.invalidateQueries({ queryKey: ['quarterly-reports'] })
  }
  const act = async (key: string, fn: () => Promise<unknown>, ok: string) => {
    setBusy(key)
    setError(null)
    try {
      await fn()
      message.success(ok)
      await refresh()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(null)
    }
  }

  return (
    <Panel
      size="small"
      data-testid="report-card"
      title={
        <Space>
          {t('tasks.report.title', { quarter })}
          <ReportStatusTag status={exists ? report.status : 'missing'} />
        </Space>
      }
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {report.submittedAt && t('tasks.report.submittedAt', { time: formatTime(report.submittedAt) })}
          {report.reviewedAt && ` · ${t('tasks.report.reviewedAt', { time: formatTime(report.reviewedAt) })}`}
        </Typography.Text>
      }
    >
      {report.status === 'returned' && report.returnReason && (
        <Alert
          type="warning"
          showIcon
          title={t('tasks.report.returnedBecause')}
          description={report.returnReason}
          style={{ marginBottom: 12 }}
          data-testid="report-return-reason"
        />
      )}
      {error !== null && (
        <Alert
          type="error"
          showIcon
          role="alert"
          closable={{ onClose: () => setError(null) }}
          title={errorText(error, t)}
          style={{ marginBottom: 12 }}
          data-testid="report-error"
        />
      )}
      {editable ? (
        <Suspense fallback={<Loading />}>
          <ReportForm
            key={`${report.id}-${report.status}-${report.history.length}`}
            task={task}
            quarter={quarter}
            report={report}
            inputs={inputs}
            busy={busy}
            act={act}
          />
        </Suspense>
      ) : !exists ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('tasks.report.notStarted', { lead: task.leadDepartmentName })}
        />
      ) : (
        <ReportView report={report} />
      )}
      {(canAccept || canReturn) && (
        <Flex justify="end" gap={8} style={{ marginTop: 12 }} data-testid="report-review">
          {canReturn && (
            <Button
              danger
              icon={<RollbackOutlined />}
              onClick={() => setReturning(true)}
              data-testid="report-return"
            >
              {t('tasks.report.return')}
            </Button>
          )}
          {canAccept && (
            <Popconfirm
              title={t('tasks.report.accept')}
              description={t('tasks.report.confirmAccept')}
              onConfirm={() =>
                act(
                  'accept',
                  () => tasksApi.transition(task.id, quarter, 'accept'),
                  t('tasks.report.accepted'),
                )
              }
            >
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={busy === 'accept'}
                data-testid="report-accept"
              >
                {t('tasks.report.accept')}
              </Button>
            </Popconfirm>
          )}
        </Flex>
      )}
      <Deferred when={returning}>
        <ReturnModal
          open={returning}
          onClose={() => setReturning(false)}
          onSubmit={async (reason) => {
            await tasksApi.transition(task.id, quarter, 'return', reason)
            message.success(t('tasks.report.returned'))
            await refresh()
          }}
        />
      </Deferred>
    </Panel>
  )
}

/** The report as submitted (read-only). */
export function ReportView({
  report,
}: {
  report: Pick<QuarterlyReportDto, 'progress' | (typeof TEXT_FIELDS)[number]>
}) {
  const { t } = useTranslation()
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
      data-testid="report-view"
    >
      <Descriptions.Item label={t('tasks.report.progress')}>{report.progress}%</Descriptions.Item>
      {TEXT_FIELDS.map((f) => (
        <Descriptions.Item key={f} label={t(`tasks.report.${f}`)}>
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{report[f] || '—'}</Typography.Text>
        </Descriptions.Item>
      ))}
    </Descriptions>
  )
}

/** Every submit, return and accept, with what the report said at that moment. */
export function HistoryCard({ report }: { report: QuarterlyReportDto }) {
  const { t } = useTranslation()
  return (
    <Panel
      size="small"
      title={t('tasks.report.history')}
      style={{ marginTop: 16 }}
      data-testid="report-history"
    >
      <Timeline
        items={report.history.map((h, i) => ({
          color: HISTORY_COLORS[h.action] ?? 'gray',
          content: (
            <Space orientation="vertical" size={0} data-testid="history-item" data-action={h.action}>
              <Typography.Text strong>
                {t(`tasks.reportActions.${h.action}`, { defaultValue: h.action })}
              </Typography.Text>
              <Typography.Text type="secondary">
                {h.actorName ?? '—'} · {formatTime(h.createdAt)}
              </Typography.Text>
              {h.reason && (
                <Typography.Text>{t('tasks.report.reasonLine', { reason: h.reason })}</Typography.Text>
              )}
              {h.snapshot && h.action === 'submit' && (
                <Collapse
                  ghost
                  size="small"
                  items={[
                    {
                      key: String(i),
                      label: t('tasks.report.snapshot', { progress: h.snapshot.progress }),
                      children: <ReportView report={h.snapshot} />,
                    },
                  ]}
                />
              )}
            </Space>
          ),
        }))}
      />
    </Panel>
  )
}
