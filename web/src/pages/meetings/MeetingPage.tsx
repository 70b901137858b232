import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Descriptions, Popconfirm, Space, Tabs, Tag } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { isApiError } from '../../api/client'
import { useAuth } from '../../auth/auth'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { NotFoundPage } from '../ErrorPages'
import { AgendaPanel } from './AgendaPanel'
import { meetingsApi, type MeetingDetailDto } from './api'
import { DirectivesPanel } from './DirectivesPanel'
import { KindTag, meetingKeys } from './labels'
import { MeetingFormModal } from './MeetingFormModal'
import { TextPanel } from './TextPanel'
import { Panel } from '../../components/Panel'
import { Result } from '../../components/LazyResult'

const TABS = ['agenda', 'text', 'directives'] as const
type TabKey = (typeof TABS)[number]

export default function MeetingPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const meeting = useQuery({ queryKey: meetingKeys.one(id), queryFn: () => meetingsApi.get(id) })
  if (meeting.isPending) return <Loading />
  if (meeting.isError) {
    if (isApiError(meeting.error) && meeting.error.status === 404) return <NotFoundPage />
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(meeting.error, t)} />
  }
  return <MeetingView meeting={meeting.data} />
}

function MeetingView({ meeting }: { meeting: MeetingDetailDto }) {
  const { t } = useTranslation()
  const { can } = useAuth()
  const manager = can('meeting.manage')
  const { message } = useFeedback()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const [search, setSearch] = useSearchParams()
  const [editing, setEditing] = useState(false)
  const wanted = search.get('tab') as TabKey | null
  const tab: TabKey = wanted && TABS.includes(wanted) ? wanted : 'agenda'

  const remove = async () => {
    try {
      await meetingsApi.remove(meeting.id)
      message.success(t('common.deleted'))
      qc.removeQueries({ queryKey: meetingKeys.one(meeting.id) })
      await qc.invalidateQueries({ queryKey: meetingKeys.list })
      navigate('/meetings')
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  return (
    <div data-testid="meeting-page">
      <PageHeader
        title={`${meeting.heldOn} ${meeting.title}`}
        extra={
          <Space wrap>
            {manager && (
              <>
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="meeting-edit">
                  {t('meetings.editFacts')}
                </Button>
                <Popconfirm
                  title={t('common.confirmDelete', { name: meeting.title })}
                  description={t('meetings.deleteHint')}
                  onConfirm={remove}
                >
                  <Button danger icon={<DeleteOutlined />} data-testid="meeting-delete">
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </>
            )}
            <Link to="/meetings">
              <Button icon={<ArrowLeftOutlined />}>{t('meetings.backToList')}</Button>
            </Link>
          </Space>
        }
      />
      <Panel style={{ marginBottom: 16 }} data-testid="meeting-header">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('meetings.fields.kind')}>
            <KindTag kind={meeting.kind} />
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.heldOn')}>{meeting.heldOn}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.location')}>
            {meeting.location || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.unit')}>{meeting.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.attendees')} span="filled">
            {meeting.attendees.length ? (
              <Space size={[4, 4]} wrap data-testid="meeting-attendees">
                {meeting.attendees.map((a) => (
                  <Tag key={a}>{a}</Tag>
                ))}
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
        </Descriptions>
      </Panel>
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setSearch(
            (prev) => {
              const next = new URLSearchParams(prev)
              next.set('tab', key)
              return next
            },
            { replace: true },
          )
        }
        items={[
          {
            key: 'agenda',
            label: (
              <span data-testid="tab-agenda">
                {t('meetings.tabs.agenda', { count: meeting.agendaCount })}
              </span>
            ),
            children: <AgendaPanel meeting={meeting} manager={manager} />,
          },
          {
            key: 'text',
            label: <span data-testid="tab-text">{t('meetings.tabs.text')}</span>,
            children: <TextPanel meeting={meeting} manager={manager} />,
          },
          {
            key: 'directives',
            label: (
              <span data-testid="tab-directives">
                {t('meetings.tabs.directives', { count: meeting.directiveCount })}
              </span>
            ),
            children: <DirectivesPanel meeting={meeting} manager={manager} />,
          },
        ]}
      />
      {manager && <MeetingFormModal open={editing} meeting={meeting} onClose={() => setEditing(false)} />}
    </div>
  )
}
