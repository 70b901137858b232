import { ArrowLeftOutlined, ImportOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Descriptions, Popconfirm, Space, Tabs, Tag, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { isApiError } from '../../api/client'
import { findingsApi, roundsApi, targetsApi, type TargetDto } from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { FormModal } from '../../components/FormModal'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { NotFoundPage } from '../ErrorPages'
import { FindingFields, findingInput, type FindingForm } from './FindingFields'
import { FindingList } from './FindingList'
import { ImportModal } from './ImportModal'
import { PlanTab } from '../rectification/PlanTab'
import { ProgressTab } from '../rectification/ProgressTab'
import { dateRange } from './labels'
import { ReportsTab } from './ReportsTab'
import { Panel } from '../../components/Panel'
import { Result } from '../../components/LazyResult'

export default function TargetPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const target = useQuery({ queryKey: ['targets', id], queryFn: () => targetsApi.get(id) })

  if (target.isPending) return <Loading />
  if (target.isError) {
    if (isApiError(target.error) && target.error.status === 404) return <NotFoundPage />
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(target.error, t)} />
  }
  return <TargetView target={target.data} />
}

function TargetView({ target }: { target: TargetDto }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const { user, can } = useAuth()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const office = can('inspection.manage')
  const [creating, setCreating] = useState(false)
  const [importing, setImporting] = useState(false)
  const [feedbackError, setFeedbackError] = useState<unknown>(null)
  // The open tab lives in the address (?tab=plan), so the ledger can link straight to a plan.
  const [search, setSearch] = useSearchParams()
  const wanted = search.get('tab')
  const tab =
    wanted === 'reports' || ((wanted === 'plan' || wanted === 'progress') && target.fedBackAt)
      ? wanted
      : 'findings'
  const teams = useQuery({
    queryKey: ['rounds', target.roundId, 'teams'],
    queryFn: () => roundsApi.teams(target.roundId),
  })
  // The team that inspects this unit records its findings and drafts its report.
  const onTeam = !!teams.data
    ?.find((team) => team.id === target.teamId)
    ?.members.some((m) => m.userId === user?.id)

  const feedback = async () => {
    setFeedbackError(null)
    try {
      await targetsApi.feedback(target.id)
      message.success(t('targets.fedBackOk'))
      await qc.invalidateQueries({ queryKey: ['targets'] })
      await qc.invalidateQueries({ queryKey: ['findings'] })
      await qc.invalidateQueries({ queryKey: ['rounds'] })
    } catch (e) {
      setFeedbackError(e)
    }
  }

  return (
    <div data-testid="target-page">
      <PageHeader
        title={`${target.unitName} · ${target.roundName}`}
        extra={
          <Space>
            {office && !target.fedBackAt && (
              <Popconfirm
                title={t('targets.feedback')}
                description={<div style={{ maxWidth: 360 }}>{t('targets.confirmFeedback')}</div>}
                onConfirm={feedback}
              >
                <Button type="primary" icon={<SendOutlined />} data-testid="target-feedback">
                  {t('targets.feedback')}
                </Button>
              </Popconfirm>
            )}
            <Link to={`/inspections/rounds/${target.roundId}`}>
              <Button icon={<ArrowLeftOutlined />}>{target.roundName}</Button>
            </Link>
          </Space>
        }
      />
      {feedbackError !== null && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setFeedbackError(null) }}
          role="alert"
          data-testid="feedback-error"
          title={errorText(feedbackError, t)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Panel style={{ marginBottom: 16 }} data-testid="target-header">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('targets.unit')}>
            {target.unitName}（{target.unitCode}）
          </Descriptions.Item>
          <Descriptions.Item label={t('targets.round')}>
            <Link to={`/inspections/rounds/${target.roundId}`}>{target.roundName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('targets.team')}>{target.teamName}</Descriptions.Item>
          <Descriptions.Item label={t('targets.onsite')}>
            {dateRange(target.onsiteStart, target.onsiteEnd)}
          </Descriptions.Item>
          <Descriptions.Item label={t('targets.feedbackDate')}>
            {target.feedbackDate ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('targets.rectificationDeadline')}>
            {target.rectificationDeadline ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('targets.fedBack')}>
            <span data-testid="target-fed-back">
              {target.fedBackAt ? (
                <Tag color="purple">{t('targets.fedBackAt', { time: formatTime(target.fedBackAt) })}</Tag>
              ) : (
                <Typography.Text type="secondary">{t('targets.notFedBack')}</Typography.Text>
              )}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('targets.finalReport')}>
            {target.finalReportId ? (
              <Tag color="red">{t('targets.hasFinal')}</Tag>
            ) : (
              <Typography.Text type="secondary">{t('targets.noFinal')}</Typography.Text>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Panel>
      <Panel>
        <Tabs
          activeKey={tab}
          onChange={(key) => setSearch(key === 'findings' ? {} : { tab: key }, { replace: true })}
          items={[
            {
              key: 'findings',
              label: t('targets.findingsTab'),
              children: (
                <>
                  {onTeam && !target.fedBackAt && (
                    <Space style={{ marginBottom: 12 }}>
                      <Button
                        type="primary"
                        icon={<PlusOutlined />}
                        onClick={() => setCreating(true)}
                        data-testid="finding-create"
                      >
                        {t('findings.create')}
                      </Button>
                      <Button
                        icon={<ImportOutlined />}
                        onClick={() => setImporting(true)}
                        data-testid="finding-import"
                      >
                        {t('imports.button')}
                      </Button>
                    </Space>
                  )}
                  <FindingList fixed={{ targetId: target.id }} testId="target-findings" />
                </>
              ),
            },
            {
              key: 'reports',
              label: t('targets.reportsTab'),
              children: <ReportsTab target={target} canWrite={onTeam || office} office={office} />,
            },
            ...(target.fedBackAt
              ? [
                  { key: 'plan', label: t('targets.planTab'), children: <PlanTab target={target} /> },
                  {
                    key: 'progress',
                    label: t('targets.progressTab'),
                    children: <ProgressTab target={target} />,
                  },
                ]
              : []),
          ]}
        />
      </Panel>

      <FormModal<FindingForm>
        open={creating}
        title={`${t('findings.createTitle')} · ${target.unitName}`}
        onClose={() => setCreating(false)}
        width={720}
        testId="finding-create-form"
        onSubmit={async (v) => {
          const f = await findingsApi.create({ targetId: target.id, ...findingInput(v) })
          message.success(t('findings.created'))
          await qc.invalidateQueries({ queryKey: ['findings'] })
          await qc.invalidateQueries({ queryKey: ['rounds'] })
          navigate(`/inspections/findings/${f.id}`)
        }}
      >
        <FindingFields targetId={target.id} />
      </FormModal>
      <ImportModal targetId={target.id} open={importing} onClose={() => setImporting(false)} />
    </div>
  )
}
