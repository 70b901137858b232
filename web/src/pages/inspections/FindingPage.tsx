import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Popconfirm,
  Result,
  Row,
  Space,
  Timeline,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { FINDING_WORKFLOW, type FindingAction } from '../../../../common/workflows'
import { isApiError } from '../../api/client'
import { findingsApi, roundsApi, type FindingDto } from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { FormModal } from '../../components/FormModal'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { NotFoundPage } from '../ErrorPages'
import { FindingFields, findingInput, type FindingForm } from './FindingFields'
import { SeverityTag, StatusTag, STATUS_COLORS } from './labels'

const DANGER: readonly FindingAction[] = ['send_back', 'unconfirm', 'return', 'reopen']

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
  const { message } = App.useApp()
  const { user } = useAuth()
  const qc = useQueryClient()
  const [editing, setEditing] = useState(false)
  const [reasonFor, setReasonFor] = useState<FindingAction | null>(null)
  const history = useQuery({
    queryKey: ['findings', f.id, 'history'],
    queryFn: () => findingsApi.history(f.id),
  })
  // Drafts are edited by the team that recorded them.
  const teams = useQuery({
    queryKey: ['rounds', f.roundId, 'teams'],
    queryFn: () => roundsApi.teams(f.roundId),
    enabled: f.status === 'draft',
  })
  const onTeam = !!teams.data
    ?.find((team) => team.id === f.teamId)
    ?.members.some((m) => m.userId === user?.id)
  const canEdit = f.status === 'draft' && onTeam

  const refresh = () => qc.invalidateQueries({ queryKey: ['findings'] })
  const needsReason = (a: FindingAction) =>
    !!FINDING_WORKFLOW.find((x) => x.from === f.status && x.action === a)?.reason
  const run = async (action: FindingAction, reason?: string) => {
    await findingsApi.transition(f.id, action, reason)
    message.success(t('findings.actionDone', { action: t(`findingActions.${action}`) }))
    await refresh()
    await qc.invalidateQueries({ queryKey: ['rounds'] })
    await qc.invalidateQueries({ queryKey: ['targets'] })
  }
  const runNow = async (action: FindingAction) => {
    try {
      await run(action)
    } catch (e) {
      message.error(errorText(e, t))
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
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card
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
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('findings.history')} data-testid="finding-history">
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
          </Card>
        </Col>
      </Row>

      <FormModal<FindingForm>
        open={editing}
        title={t('findings.editTitle')}
        onClose={() => setEditing(false)}
        width={720}
        testId="finding-edit-form"
        initialValues={{
          title: f.title,
          description: f.description,
          personsMatters: f.personsMatters,
          categoryId: f.categoryId,
          severity: f.severity,
          source: f.source,
        }}
        onSubmit={async (v) => {
          await findingsApi.update(f.id, findingInput(v))
          message.success(t('common.saved'))
          await refresh()
        }}
      >
        <FindingFields />
      </FormModal>

      <FormModal<{ reason: string }>
        open={reasonFor !== null}
        title={reasonFor ? t('findings.reasonTitle', { action: t(`findingActions.${reasonFor}`) }) : ''}
        onClose={() => setReasonFor(null)}
        okText={reasonFor ? t(`findingActions.${reasonFor}`) : undefined}
        testId="finding-reason-form"
        onSubmit={(v) => run(reasonFor!, v.reason.trim())}
      >
        <Form.Item
          label={t('findings.reason')}
          name="reason"
          rules={[{ required: true, whitespace: true, max: 2000, message: t('findings.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} autoFocus />
        </Form.Item>
      </FormModal>
    </div>
  )
}
