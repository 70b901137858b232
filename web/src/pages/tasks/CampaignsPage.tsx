import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Button, DatePicker, Descriptions, Empty, Form, Input, Progress, Space, Table } from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useAuth } from '../../auth/auth'
import { FormModal } from '../../components/FormModal'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { NotFoundPage } from '../ErrorPages'
import { tasksApi, type CampaignDto } from './api'
import { useCampaigns } from './labels'
import { TaskLedger } from './TaskLedger'
import { Panel } from '../../components/Panel'
import { Result } from '../../components/LazyResult'

const dateRange = (c: CampaignDto) =>
  c.startDate || c.endDate ? `${c.startDate ?? '…'} ~ ${c.endDate ?? '…'}` : '—'

/** Campaigns (专项行动) with their tasks' count and average progress. */
export default function CampaignsPage() {
  const { t } = useTranslation()
  const { can } = useAuth()
  const navigate = useNavigate()
  const office = can('task.manage')
  const campaigns = useCampaigns()
  const [editing, setEditing] = useState<CampaignDto | 'new' | null>(null)

  return (
    <div data-testid="campaigns-page">
      <PageHeader
        title={t('tasks.campaigns.title')}
        extra={
          office && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="campaign-create"
            >
              {t('tasks.campaigns.create')}
            </Button>
          )
        }
      />
      <Panel>
        {campaigns.isError ? (
          <Empty description={errorText(campaigns.error, t)} />
        ) : (
          <Table<CampaignDto>
            rowKey="id"
            data-testid="campaigns-table"
            loading={campaigns.isFetching}
            dataSource={campaigns.data ?? []}
            pagination={false}
            onRow={(c) =>
              ({
                'data-testid': `campaign-row-${c.name}`,
                style: { cursor: 'pointer' },
                onClick: () => navigate(`/tasks/campaigns/${c.id}`),
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: <Empty description={t('tasks.campaigns.none')} /> }}
            columns={[
              {
                title: t('tasks.campaigns.name'),
                key: 'name',
                width: 160,
                render: (_, c) => (
                  <Link to={`/tasks/campaigns/${c.id}`} onClick={(e) => e.stopPropagation()}>
                    {c.name}
                  </Link>
                ),
              },
              {
                title: t('tasks.campaigns.description'),
                dataIndex: 'description',
                key: 'description',
                ellipsis: true,
              },
              {
                title: t('tasks.campaigns.period'),
                key: 'period',
                width: 220,
                render: (_, c) => dateRange(c),
              },
              { title: t('tasks.campaigns.taskCount'), dataIndex: 'taskCount', key: 'taskCount', width: 100 },
              {
                title: t('tasks.campaigns.averageProgress'),
                key: 'averageProgress',
                width: 200,
                render: (_, c) => (
                  <Progress
                    percent={c.averageProgress}
                    size="small"
                    aria-label={t('tasks.campaigns.averageProgress')}
                  />
                ),
              },
              ...(office
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 90,
                      render: (_: unknown, c: CampaignDto) => (
                        <Button
                          size="small"
                          icon={<EditOutlined />}
                          onClick={(e) => {
                            e.stopPropagation()
                            setEditing(c)
                          }}
                        >
                          {t('common.edit')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Panel>
      {office && <CampaignModal campaign={editing} onClose={() => setEditing(null)} />}
    </div>
  )
}

/** One campaign: what it is, and the ledger of its tasks. */
export function CampaignPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const { can } = useAuth()
  const campaigns = useCampaigns()
  const [editing, setEditing] = useState(false)
  if (campaigns.isPending) return <Loading />
  if (campaigns.isError)
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(campaigns.error, t)} />
  const c = campaigns.data.find((x) => x.id === id)
  if (!c) return <NotFoundPage />
  return (
    <div data-testid="campaign-page">
      <PageHeader
        title={t('tasks.campaigns.pageTitle', { name: c.name })}
        extra={
          <Space>
            {can('task.manage') && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            )}
            <Link to="/tasks/campaigns">
              <Button icon={<ArrowLeftOutlined />}>{t('tasks.campaigns.title')}</Button>
            </Link>
          </Space>
        }
      />
      <Panel style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 4 }}>
          <Descriptions.Item label={t('tasks.campaigns.description')} span={4}>
            {c.description || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('tasks.campaigns.period')}>{dateRange(c)}</Descriptions.Item>
          <Descriptions.Item label={t('tasks.campaigns.taskCount')}>{c.taskCount}</Descriptions.Item>
          <Descriptions.Item label={t('tasks.campaigns.averageProgress')}>
            <Progress
              percent={c.averageProgress}
              size="small"
              style={{ width: 200 }}
              aria-label={t('tasks.campaigns.averageProgress')}
            />
          </Descriptions.Item>
        </Descriptions>
      </Panel>
      {/* A campaign spans years: its ledger shows them all unless a year is picked. */}
      <TaskLedger fixed={{ campaignId: c.id }} defaultYear={null} testId="campaign-tasks-table" />
      {can('task.manage') && (
        <CampaignModal campaign={editing ? c : null} onClose={() => setEditing(false)} />
      )}
    </div>
  )
}

interface CampaignForm {
  name: string
  description?: string
  period?: [Dayjs | null, Dayjs | null] | null
}

function CampaignModal({ campaign, onClose }: { campaign: CampaignDto | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const existing = campaign && campaign !== 'new' ? campaign : null
  return (
    <FormModal<CampaignForm>
      open={campaign !== null}
      title={existing ? t('tasks.campaigns.editTitle', { name: existing.name }) : t('tasks.campaigns.create')}
      onClose={onClose}
      testId="campaign-form"
      initialValues={
        existing
          ? {
              name: existing.name,
              description: existing.description,
              period: [
                existing.startDate ? dayjs(existing.startDate) : null,
                existing.endDate ? dayjs(existing.endDate) : null,
              ],
            }
          : undefined
      }
      onSubmit={async (v) => {
        const body = {
          name: v.name.trim(),
          description: v.description?.trim() ?? '',
          startDate: v.period?.[0]?.format('YYYY-MM-DD') ?? null,
          endDate: v.period?.[1]?.format('YYYY-MM-DD') ?? null,
        }
        if (existing) await tasksApi.updateCampaign(existing.id, body)
        else await tasksApi.createCampaign(body)
        message.success(existing ? t('common.saved') : t('common.created'))
        await qc.invalidateQueries({ queryKey: ['campaigns'] })
      }}
    >
      <Form.Item
        label={t('tasks.campaigns.name')}
        name="name"
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.requiredField', { field: t('tasks.campaigns.name') }),
          },
        ]}
      >
        <Input maxLength={100} autoFocus />
      </Form.Item>
      <Form.Item label={t('tasks.campaigns.description')} name="description">
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item label={t('tasks.campaigns.period')} name="period">
        <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  )
}
