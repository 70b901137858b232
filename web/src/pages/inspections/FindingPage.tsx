import { SimilarFindingsCard } from '../../components/SimilarFindings'
import { TextOriginals } from '../../components/TextOriginals'
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Col, Descriptions, Empty, Popconfirm, Row, Space, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import { lazy, Suspense, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { FINDING_WORKFLOW, type FindingAction } from '../../../../common/workflows'
import { isApiError } from '../../api/client'
import {
  filesApi,
  findingsApi,
  measuresApi,
  roundsApi,
  verificationApi,
  type FindingDto,
  type MeasureDto,
  type VerificationAction,
} from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { FileLink } from '../../components/FileLink'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { UploadButton } from '../../components/UploadButton'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { NotFoundPage } from '../ErrorPages'
import { MeasureStatusTag, Overdue } from '../rectification/labels'
import { Deferred } from '../../components/Deferred'
import { useRectificationRefresh } from '../rectification/refresh'
import { SeverityTag, StatusTag, STATUS_COLORS } from './labels'
import { Panel } from '../../components/Panel'
import { SimpleTable } from '../../components/SimpleTable'
import { Result } from '../../components/LazyResult'
import { Timeline } from '../../components/Timeline'

// The edit and reason dialogs (Modal, Form, the category tree) load when first opened.
const FindingEditModal = lazy(() => import('./FindingDialogs').then((m) => ({ default: m.FindingEditModal })))
const FindingReasonModal = lazy(() =>
  import('./FindingDialogs').then((m) => ({ default: m.FindingReasonModal })),
)
// The referrals section (antd's Table, shared with the referrals page) exists from confirmation on.
const FindingReferrals = lazy(() =>
  import('./FindingReferrals').then((m) => ({ default: m.FindingReferrals })),
)
// The measure drawer (progress, evidence, extensions: Drawer, Form, Upload, Steps) loads when first opened.
const MeasureDrawer = lazy(() =>
  import('../rectification/MeasureDrawer').then((m) => ({ default: m.MeasureDrawer })),
)

const DANGER: readonly FindingAction[] = ['send_back', 'unconfirm', 'return', 'reopen']
/** Verification (销号) goes through its own endpoint, which checks measures, evidence and the verifier. */
const VERIFICATION: Partial<Record<FindingAction, VerificationAction>> = {
  submit_verification: 'submit',
  close: 'close',
  return: 'return',
}

export default function FindingPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const finding = useQuery({ queryKey: ['findings', id], queryFn: () => findingsApi.get(id) })

  if (finding.isPending) return <Loading />
  if (finding.isError) {
    if (isApiError(finding.error) && finding.error.status === 404) return <NotFoundPage />
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(finding.error, t)} />
  }
  return <FindingView finding={finding.data} />
}

function FindingView({ finding: f }: { finding: FindingDto }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const { user, can } = useAuth()
  const qc = useQueryClient()
  const refreshRectification = useRectificationRefresh()
  const [editing, setEditing] = useState(false)
  const [reasonFor, setReasonFor] = useState<FindingAction | null>(null)
  const [actionError, setActionError] = useState<unknown>(null)
  const history = useQuery({
    queryKey: ['findings', f.id, 'history'],
    queryFn: () => findingsApi.history(f.id),
  })
  // Drafts are edited, and drafts and confirmed findings given attachments, by the team that recorded them.
  const teams = useQuery({
    queryKey: ['rounds', f.roundId, 'teams'],
    queryFn: () => roundsApi.teams(f.roundId),
    enabled: f.status === 'draft' || f.status === 'confirmed',
  })
  const onTeam = !!teams.data
    ?.find((team) => team.id === f.teamId)
    ?.members.some((m) => m.userId === user?.id)
  const canEdit = f.status === 'draft' && onTeam
  const canAttach = (f.status === 'draft' || f.status === 'confirmed') && onTeam

  const refresh = () => qc.invalidateQueries({ queryKey: ['findings'] })
  const needsReason = (a: FindingAction) =>
    !!FINDING_WORKFLOW.find((x) => x.from === f.status && x.action === a)?.reason
  const run = async (action: FindingAction, reason?: string) => {
    setActionError(null)
    const verification = VERIFICATION[action]
    if (verification) await verificationApi.run(f.id, verification, reason)
    else await findingsApi.transition(f.id, action, reason)
    message.success(t('findings.actionDone', { action: t(`findingActions.${action}`) }))
    await refresh()
    await qc.invalidateQueries({ queryKey: ['rounds'] })
    await refreshRectification()
  }
  const runNow = async (action: FindingAction) => {
    try {
      await run(action)
    } catch (e) {
      setActionError(e)
    }
  }

  const actions = f.actions.filter((a) => a !== 'feed_back')
  return (
    <div data-testid="finding-page">
      <PageHeader
        title={`${t('findings.detail')} · ${f.title}`}
        extra={
          <Link to={`/inspections/targets/${f.targetId}`}>
            <Button icon={<ArrowLeftOutlined />}>{f.unitName}</Button>
          </Link>
        }
      />
      {actionError !== null && (
        <Alert
          type="error"
          showIcon
          role="alert"
          closable={{ onClose: () => setActionError(null) }}
          data-testid="finding-action-error"
          title={errorText(actionError, t)}
          style={{ marginBottom: 16 }}
        />
      )}
      <TextOriginals
        url={`/api/findings/${f.id}/text-originals`}
        values={{ title: f.title, description: f.description, personsMatters: f.personsMatters }}
        labels={{
          title: 'findings.titleField',
          description: 'findings.description',
          personsMatters: 'findings.personsMatters',
        }}
      />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Panel
            style={{ marginBottom: 16 }}
            title={
              <Space>
                <StatusTag status={f.status} />
                <Typography.Text strong data-testid="finding-title">
                  {f.title}
                </Typography.Text>
              </Space>
            }
            extra={
              <Space wrap data-testid="finding-actions">
                {canEdit && (
                  <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="finding-edit">
                    {t('common.edit')}
                  </Button>
                )}
                {actions.map((a) =>
                  needsReason(a) ? (
                    <Button
                      key={a}
                      danger={DANGER.includes(a)}
                      onClick={() => setReasonFor(a)}
                      data-testid={`action-${a}`}
                    >
                      {t(`findingActions.${a}`)}
                    </Button>
                  ) : (
                    <Popconfirm
                      key={a}
                      title={t('findings.confirmAction', { action: t(`findingActions.${a}`) })}
                      onConfirm={() => runNow(a)}
                    >
                      <Button type="primary" data-testid={`action-${a}`}>
                        {t(`findingActions.${a}`)}
                      </Button>
                    </Popconfirm>
                  ),
                )}
              </Space>
            }
          >
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
              <Descriptions.Item label={t('findings.seq')}>{f.seq}</Descriptions.Item>
              <Descriptions.Item label={t('findings.status')}>
                <StatusTag status={f.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('findings.round')}>{f.roundName}</Descriptions.Item>
              <Descriptions.Item label={t('findings.unit')}>
                <Link to={`/inspections/targets/${f.targetId}`}>{f.unitName}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('findings.team')}>{f.teamName}</Descriptions.Item>
              <Descriptions.Item label={t('findings.category')}>
                {f.parentCategoryName ? `${f.parentCategoryName} / ` : ''}
                {f.categoryName}
              </Descriptions.Item>
              <Descriptions.Item label={t('findings.severity')}>
                <SeverityTag severity={f.severity} />
              </Descriptions.Item>
              <Descriptions.Item label={t('findings.source')}>{t(`sources.${f.source}`)}</Descriptions.Item>
              <Descriptions.Item label={t('findings.createdBy')}>{f.createdByName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('findings.createdAt')}>{formatTime(f.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('findings.confirmedAt')}>
                {formatTime(f.confirmedAt) || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('findings.fedBackAt')}>
                {formatTime(f.fedBackAt) || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('findings.description')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {f.description}
                </Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('findings.personsMatters')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {f.personsMatters || '—'}
                </Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Panel>
          {f.fedBackAt && <FindingMeasures findingId={f.id} />}
          {can('inspection.manage') && f.status !== 'draft' && (
            <Suspense fallback={null}>
              <FindingReferrals finding={f} />
            </Suspense>
          )}
          <FindingAttachments findingId={f.id} canAttach={canAttach} />
          {f.status !== 'draft' || onTeam ? <SimilarFindingsCard findingId={f.id} /> : null}
        </Col>
        <Col xs={24} lg={8}>
          <Panel title={t('findings.history')} data-testid="finding-history">
            {history.isError ? (
              <Empty description={errorText(history.error, t)} />
            ) : history.data && history.data.length === 0 ? (
              <Empty description={t('findings.noHistory')} />
            ) : (
              <Timeline
                items={(history.data ?? []).map((h) => ({
                  color: STATUS_COLORS[h.toStatus as keyof typeof STATUS_COLORS] ?? 'gray',
                  content: (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text strong>
                        {t(`findingActions.${h.action}`, { defaultValue: h.action })} →{' '}
                        {t(`findingStatuses.${h.toStatus}`, { defaultValue: h.toStatus })}
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {h.actorName ?? '—'} · {formatTime(h.createdAt)}
                      </Typography.Text>
                      {h.reason && <Typography.Text>{h.reason}</Typography.Text>}
                    </Space>
                  ),
                }))}
              />
            )}
          </Panel>
          {f.fedBackAt && <VerificationCard findingId={f.id} />}
        </Col>
      </Row>

      <Deferred when={editing}>
        <FindingEditModal finding={f} open={editing} onClose={() => setEditing(false)} onSaved={refresh} />
      </Deferred>
      <Deferred when={reasonFor !== null}>
        <FindingReasonModal action={reasonFor} onClose={() => setReasonFor(null)} onSubmit={run} />
      </Deferred>
    </div>
  )
}

/** The finding's attachments: listed for every reader, uploaded by its team before feedback. */
function FindingAttachments({ findingId, canAttach }: { findingId: string; canAttach: boolean }) {
  const { t } = useTranslation()
  const files = useQuery({
    queryKey: ['findings', findingId, 'files'],
    queryFn: () => filesApi.list('finding', findingId),
  })
  return (
    <Panel
      title={t('findings.attachments')}
      style={{ marginBottom: 16 }}
      data-testid="finding-attachments"
      extra={
        canAttach && (
          <UploadButton
            ownerType="finding"
            ownerId={findingId}
            onUploaded={() => files.refetch()}
            testId="finding-upload"
          />
        )
      }
    >
      {files.isError ? (
        <Empty description={errorText(files.error, t)} />
      ) : files.data && files.data.length === 0 ? (
        <Empty description={t('files.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {(files.data ?? []).map((file) => (
            <Space key={file.id} wrap>
              <FileLink file={file} />
              <Typography.Text type="secondary">
                {file.uploadedByName ?? '—'} · {formatTime(file.createdAt)}
              </Typography.Text>
            </Space>
          ))}
          {canAttach && <Typography.Text type="secondary">{t('files.hint')}</Typography.Text>}
        </Space>
      )}
    </Panel>
  )
}

/** The measures taken on a fed-back finding; a row opens the measure with its progress and evidence. */
function FindingMeasures({ findingId }: { findingId: string }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<string | null>(null)
  const measures = useQuery({
    queryKey: ['measures', 'list', { findingId, pageSize: 100 }],
    queryFn: () => measuresApi.list({ findingId, pageSize: 100 }),
  })
  return (
    <Panel title={t('findings.measures')} style={{ marginBottom: 16 }} data-testid="finding-measures">
      {measures.isError ? (
        <Empty description={errorText(measures.error, t)} />
      ) : (
        <SimpleTable<MeasureDto>
          rowKey="id"
          size="small"
          loading={measures.isFetching}
          dataSource={measures.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('measures.noneForFinding')} /> }}
          onRow={(m) =>
            ({
              'data-testid': 'measure-row',
              style: { cursor: 'pointer' },
              onClick: () => setOpen(m.id),
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: t('measures.content'), dataIndex: 'content', key: 'content', ellipsis: true },
            { title: t('measures.deadline'), dataIndex: 'deadline', key: 'deadline', width: 110 },
            {
              title: t('measures.status'),
              key: 'status',
              width: 100,
              render: (_, m) => <MeasureStatusTag status={m.status} />,
            },
            {
              title: t('measures.progress'),
              key: 'progress',
              width: 70,
              render: (_, m) => `${m.progress}%`,
            },
            {
              title: t('measures.overdue'),
              key: 'overdue',
              width: 130,
              render: (_, m) => <Overdue days={m.overdueWorkingDays} />,
            },
            {
              title: t('measures.evidence'),
              key: 'evidence',
              width: 80,
              render: (_, m) => t('measures.evidenceCount', { count: m.evidenceCount }),
            },
          ]}
        />
      )}
      <Deferred when={open !== null}>
        <MeasureDrawer measureId={open} onClose={() => setOpen(null)} />
      </Deferred>
    </Panel>
  )
}

const VERIFICATION_COLORS: Record<string, string> = {
  submit_verification: 'gold',
  close: 'green',
  return: 'red',
  reopen: 'orange',
}

/** 核查验收: the unit's submissions, the office's closing or returning, with reasons. */
function VerificationCard({ findingId }: { findingId: string }) {
  const { t } = useTranslation()
  const records = useQuery({
    queryKey: ['findings', findingId, 'verification'],
    queryFn: () => verificationApi.history(findingId),
  })
  return (
    <Panel title={t('findings.verification')} style={{ marginTop: 16 }} data-testid="finding-verification">
      {records.isError ? (
        <Empty description={errorText(records.error, t)} />
      ) : records.data && records.data.length === 0 ? (
        <Empty description={t('findings.noVerification')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={(records.data ?? []).map((r) => ({
            color: VERIFICATION_COLORS[r.action] ?? 'gray',
            content: (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>
                  {t(`verificationActions.${r.action}`, { defaultValue: r.action })}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {r.actorName ?? '—'} · {formatTime(r.createdAt)}
                </Typography.Text>
                {r.reason && <Typography.Text>{r.reason}</Typography.Text>}
              </Space>
            ),
          }))}
        />
      )}
      <Typography.Text type="secondary">{t('verification.evidence')}</Typography.Text>
    </Panel>
  )
}
