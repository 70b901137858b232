import {
  CheckOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs from 'dayjs'
import { lazy, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { FED_BACK_STATUSES } from '../../../../common/workflows'
import { isApiError } from '../../api/client'
import {
  findingsApi,
  measuresApi,
  plansApi,
  type FindingDto,
  type MeasureDto,
  type PlanAction,
  type PlanDto,
  type TargetDto,
} from '../../api/endpoints'
import { FormModal } from '../../components/FormModal'
import { Loading } from '../../components/Loading'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { STATUS_COLORS, StatusTag } from '../inspections/labels'
import { KindTag, MeasureStatusTag, Overdue, PlanStatusTag } from './labels'
import { Deferred } from '../../components/Deferred'
import { useRectificationRefresh } from './refresh'
import { MeasureFields, measureForm, measureInput, type MeasureForm } from './MeasureFields'
import { Panel } from '../../components/Panel'

// The measure drawer (progress, evidence, extensions: Drawer, Form, Upload, Steps) loads when first opened.
const MeasureDrawer = lazy(() => import('./MeasureDrawer').then((m) => ({ default: m.MeasureDrawer })))

/** The 整改方案 tab of a fed-back target: progress, the plan and its measures finding by finding. */
export function PlanTab({ target }: { target: TargetDto }) {
  const { t } = useTranslation()
  const plan = useQuery({ queryKey: ['plans', target.id], queryFn: () => plansApi.get(target.id) })
  const findings = useQuery({
    queryKey: ['findings', 'list', { targetId: target.id, sort: 'seq', order: 'asc', pageSize: 200 }],
    queryFn: () => findingsApi.list({ targetId: target.id, sort: 'seq', order: 'asc', pageSize: 200 }),
  })
  if (plan.isPending || findings.isPending) return <Loading />
  if (plan.isError) {
    const missing = isApiError(plan.error) && plan.error.status === 404
    return <Empty description={missing ? t('plans.notFedBack') : errorText(plan.error, t)} />
  }
  if (findings.isError) return <Empty description={errorText(findings.error, t)} />
  const fedBack = findings.data.items.filter((f) => FED_BACK_STATUSES.includes(f.status))
  return <PlanView target={target} plan={plan.data} findings={fedBack} />
}

function PlanView({ target, plan, findings }: { target: TargetDto; plan: PlanDto; findings: FindingDto[] }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const refresh = useRectificationRefresh()
  const [summary, setSummary] = useState<string | null>(null)
  const [savingSummary, setSavingSummary] = useState(false)
  const [actionError, setActionError] = useState<unknown>(null)
  const [returning, setReturning] = useState(false)
  const [adding, setAdding] = useState<FindingDto | null>(null)
  const [editing, setEditing] = useState<MeasureDto | null>(null)
  const [open, setOpen] = useState<string | null>(null)

  const run = async (action: PlanAction, reason?: string) => {
    setActionError(null)
    await plansApi.transition(target.id, action, reason)
    message.success(t('plans.actionDone', { action: t(`planActions.${action}`) }))
    await refresh()
  }
  const runNow = async (action: PlanAction) => {
    try {
      await run(action)
    } catch (e) {
      setActionError(e)
    }
  }
  const saveSummary = async () => {
    if (summary === null) return
    setSavingSummary(true)
    try {
      await plansApi.update(target.id, summary)
      message.success(t('common.saved'))
      setSummary(null)
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setSavingSummary(false)
    }
  }
  const remove = async (m: MeasureDto) => {
    try {
      await measuresApi.remove(m.id)
      message.success(t('common.deleted'))
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const missing =
    isApiError(actionError) && actionError.code === 'findings_without_measures'
      ? ((actionError.details as { findings?: number[] } | undefined)?.findings ?? [])
      : []

  const columns: TableProps<MeasureDto>['columns'] = [
    {
      title: t('measures.content'),
      key: 'content',
      render: (_, m) => <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{m.content}</Typography.Text>,
    },
    { title: t('measures.responsibleLeader'), dataIndex: 'responsibleLeader', key: 'leader', width: 130 },
    {
      title: t('measures.department'),
      key: 'department',
      width: 120,
      render: (_, m) => m.departmentName ?? '—',
    },
    { title: t('measures.deadline'), dataIndex: 'deadline', key: 'deadline', width: 110 },
    { title: t('measures.kind'), key: 'kind', width: 120, render: (_, m) => <KindTag kind={m.kind} /> },
    {
      title: t('measures.progress'),
      key: 'progress',
      width: 160,
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
      width: 150,
      render: (_, m) => <Overdue days={m.overdueWorkingDays} />,
    },
    {
      title: t('measures.evidence'),
      key: 'evidence',
      width: 90,
      render: (_, m) => t('measures.evidenceCount', { count: m.evidenceCount }),
    },
    ...(plan.editable
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_: unknown, m: MeasureDto) => (
              <Space size={0} onClick={(e) => e.stopPropagation()}>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(m)}
                  data-testid="measure-edit"
                >
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('common.confirmDelete', { name: m.content.slice(0, 20) })}
                  onConfirm={() => remove(m)}
                >
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    data-testid="measure-delete"
                  >
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ]

  return (
    <div data-testid="plan-tab">
      <ProgressSummary findings={findings} measures={plan.measures} />

      <Panel
        size="small"
        style={{ marginBottom: 16 }}
        title={
          <Space>
            {t('plans.title')}
            <PlanStatusTag status={plan.status} />
          </Space>
        }
        extra={
          <Space wrap data-testid="plan-actions">
            {plan.actions.includes('submit') && (
              <Popconfirm
                title={t('planActions.submit')}
                description={<div style={{ maxWidth: 320 }}>{t('plans.confirmSubmit')}</div>}
                onConfirm={() => runNow('submit')}
              >
                <Button type="primary" icon={<SendOutlined />} data-testid="plan-submit">
                  {t('planActions.submit')}
                </Button>
              </Popconfirm>
            )}
            {plan.actions.includes('accept') && (
              <Popconfirm
                title={t('planActions.accept')}
                description={<div style={{ maxWidth: 320 }}>{t('plans.confirmAccept')}</div>}
                onConfirm={() => runNow('accept')}
              >
                <Button type="primary" icon={<CheckOutlined />} data-testid="plan-accept">
                  {t('planActions.accept')}
                </Button>
              </Popconfirm>
            )}
            {plan.actions.includes('return') && (
              <Button
                danger
                icon={<RollbackOutlined />}
                onClick={() => setReturning(true)}
                data-testid="plan-return"
              >
                {t('planActions.return')}
              </Button>
            )}
          </Space>
        }
      >
        {plan.status === 'returned' && plan.returnReason && (
          <Alert
            type="warning"
            showIcon
            data-testid="plan-return-reason"
            title={t('plans.returned')}
            description={t('plans.returnReason', { reason: plan.returnReason })}
            style={{ marginBottom: 16 }}
          />
        )}
        {actionError !== null && (
          <Alert
            type="error"
            showIcon
            role="alert"
            closable={{ onClose: () => setActionError(null) }}
            data-testid="plan-error"
            title={errorText(actionError, t)}
            description={
              missing.length ? t('plans.missingMeasures', { seqs: missing.join('、') }) : undefined
            }
            style={{ marginBottom: 16 }}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('plans.submittedAt')}>
            {formatTime(plan.submittedAt) || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.reviewedAt')}>
            {formatTime(plan.reviewedAt) || '—'}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Text strong>{t('plans.summary')}</Typography.Text>
        {plan.editable ? (
          <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
            <Input.TextArea
              rows={4}
              maxLength={10000}
              aria-label={t('plans.summary')}
              placeholder={t('plans.summaryPlaceholder')}
              value={summary ?? plan.summary}
              onChange={(e) => setSummary(e.target.value)}
              data-testid="plan-summary-input"
            />
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Typography.Text type="secondary">{t('plans.editHint')}</Typography.Text>
              <Button
                onClick={saveSummary}
                loading={savingSummary}
                disabled={summary === null || summary === plan.summary}
                data-testid="plan-summary-save"
              >
                {t('common.save')}
              </Button>
            </Flex>
          </Space>
        ) : (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }} data-testid="plan-summary">
            {plan.summary || <Typography.Text type="secondary">{t('plans.summaryEmpty')}</Typography.Text>}
          </Typography.Paragraph>
        )}
        {!plan.editable && plan.actions.length === 0 && plan.status !== 'accepted' && (
          <Typography.Text type="secondary">{t('plans.readOnly')}</Typography.Text>
        )}
      </Panel>

      {findings.map((f) => {
        const ms = plan.measures.filter((m) => m.findingId === f.id)
        return (
          <Panel
            key={f.id}
            size="small"
            style={{ marginBottom: 16 }}
            data-testid={`plan-finding-${f.seq}`}
            title={
              <Space wrap>
                <Link to={`/inspections/findings/${f.id}`}>
                  {t('measures.findingSeq', { seq: f.seq })} · {f.title}
                </Link>
                <StatusTag status={f.status} />
                {ms.length === 0 && (
                  <Tag color={missing.includes(f.seq) ? 'red' : 'default'}>
                    {t('measures.noneForFinding')}
                  </Tag>
                )}
              </Space>
            }
            extra={
              plan.editable && (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => setAdding(f)}
                  data-testid={`measure-add-${f.seq}`}
                >
                  {t('measures.add')}
                </Button>
              )
            }
          >
            {ms.length > 0 && (
              <Table<MeasureDto>
                rowKey="id"
                size="small"
                pagination={false}
                columns={columns}
                dataSource={ms}
                onRow={(m) =>
                  ({
                    'data-testid': 'measure-row',
                    style: { cursor: 'pointer' },
                    onClick: () => setOpen(m.id),
                  }) as HTMLAttributes<HTMLElement>
                }
              />
            )}
          </Panel>
        )
      })}

      <FormModal<MeasureForm>
        open={adding !== null}
        title={
          adding ? `${t('measures.createTitle')} · ${t('measures.findingSeq', { seq: adding.seq })}` : ''
        }
        onClose={() => setAdding(null)}
        width={640}
        testId="measure-form"
        initialValues={{
          kind: 'concentrated',
          deadline: target.rectificationDeadline ? dayjs(target.rectificationDeadline) : undefined,
        }}
        onSubmit={async (v) => {
          await measuresApi.create({ findingId: adding!.id, ...measureInput(v) })
          message.success(t('measures.created'))
          await refresh()
        }}
      >
        {adding && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {adding.title}
          </Typography.Paragraph>
        )}
        <MeasureFields unitId={target.unitId} />
      </FormModal>

      <FormModal<MeasureForm>
        open={editing !== null}
        title={t('measures.editTitle')}
        onClose={() => setEditing(null)}
        width={640}
        testId="measure-edit-form"
        initialValues={editing ? measureForm(editing) : undefined}
        onSubmit={async (v) => {
          await measuresApi.update(editing!.id, measureInput(v))
          message.success(t('common.saved'))
          await refresh()
        }}
      >
        <MeasureFields unitId={target.unitId} />
      </FormModal>

      <FormModal<{ reason: string }>
        open={returning}
        title={t('plans.reasonTitle')}
        onClose={() => setReturning(false)}
        okText={t('planActions.return')}
        testId="plan-return-form"
        onSubmit={(v) => run('return', v.reason.trim())}
      >
        <Form.Item
          label={t('plans.reason')}
          name="reason"
          rules={[{ required: true, whitespace: true, max: 2000, message: t('plans.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} autoFocus />
        </Form.Item>
      </FormModal>

      <Deferred when={open !== null}>
        <MeasureDrawer measureId={open} onClose={() => setOpen(null)} />
      </Deferred>
    </div>
  )
}

/** 整改进度: the findings by status and the measures open, done and overdue. */
function ProgressSummary({ findings, measures }: { findings: FindingDto[]; measures: MeasureDto[] }) {
  const { t } = useTranslation()
  const done = measures.filter((m) => m.status === 'done').length
  const overdue = measures.filter((m) => m.status === 'open' && m.overdueWorkingDays > 0).length
  return (
    <Panel
      size="small"
      title={t('progressSummary.title')}
      style={{ marginBottom: 16 }}
      data-testid="progress-summary"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Typography.Text type="secondary">{t('progressSummary.findings')}</Typography.Text>
          <Row gutter={16} style={{ marginTop: 8 }}>
            {FED_BACK_STATUSES.map((s) => (
              <Col key={s} span={6}>
                <Statistic
                  title={<Tag color={STATUS_COLORS[s]}>{t(`findingStatuses.${s}`)}</Tag>}
                  value={findings.filter((f) => f.status === s).length}
                  data-testid={`summary-finding-${s}`}
                />
              </Col>
            ))}
          </Row>
        </Col>
        <Col xs={24} lg={10}>
          <Typography.Text type="secondary">{t('progressSummary.measures')}</Typography.Text>
          <Row gutter={16} style={{ marginTop: 8 }}>
            <Col span={6}>
              <Statistic
                title={t('progressSummary.total')}
                value={measures.length}
                data-testid="summary-measures"
              />
            </Col>
            <Col span={6}>
              <Statistic
                title={t('progressSummary.open')}
                value={measures.length - done}
                data-testid="summary-measures-open"
              />
            </Col>
            <Col span={6}>
              <Statistic
                title={t('progressSummary.done')}
                value={done}
                styles={{ content: { color: '#389e0d' } }}
                data-testid="summary-measures-done"
              />
            </Col>
            <Col span={6}>
              <Statistic
                title={t('progressSummary.overdue')}
                value={overdue}
                styles={{ content: overdue ? { color: '#cf1322' } : undefined }}
                data-testid="summary-measures-overdue"
              />
            </Col>
          </Row>
        </Col>
      </Row>
    </Panel>
  )
}
