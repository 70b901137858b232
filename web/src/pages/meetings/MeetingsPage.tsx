import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Flex, Popconfirm, Select, Table } from 'antd'
// Input.Search alone: the Input namespace would bring TextArea, Password and OTP to the list.
import Search from 'antd/es/input/Search'
import { useFeedback } from '../../components/feedback'
import type { SortOrder } from 'antd/es/table/interface'
import { lazy, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useAuth } from '../../auth/auth'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { meetingsApi, type MeetingDto, type MeetingSort } from './api'
import { KindTag, meetingKeys, meetingYears } from './labels'
import { Panel } from '../../components/Panel'
import { Deferred } from '../../components/Deferred'
import { paging } from '../../lib/paging'

// The new-meeting dialog (Modal, Form, DatePicker) loads when it is first opened.
const MeetingFormModal = lazy(() =>
  import('./MeetingFormModal').then((m) => ({ default: m.MeetingFormModal })),
)

const PAGE_SIZE = 20
const SORTS: MeetingSort[] = ['-heldOn', 'heldOn', 'title']

/** 会议: the meetings of the user's units, newest first; the office records and deletes them. */
export default function MeetingsPage() {
  const { t } = useTranslation()
  const { can } = useAuth()
  const manager = can('meeting.manage')
  const navigate = useNavigate()
  const qc = useQueryClient()
  const { message } = useFeedback()
  const [search, setSearch] = useSearchParams()
  const [creating, setCreating] = useState(false)

  const year = Number(search.get('year')) || undefined
  const q = search.get('q') ?? ''
  const page = Number(search.get('page')) || 1
  const wanted = search.get('sort') as MeetingSort | null
  const sort: MeetingSort = wanted && SORTS.includes(wanted) ? wanted : '-heldOn'
  const query = { year, q: q || undefined, sort, page, pageSize: PAGE_SIZE }

  const list = useQuery({
    queryKey: [...meetingKeys.list, query],
    queryFn: ({ signal }) => meetingsApi.list(query, signal),
    placeholderData: keepPreviousData,
  })

  /** Changes the URL's filters; any change but the page goes back to the first page. */
  const update = (changes: Record<string, string | number | undefined>) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        for (const [k, v] of Object.entries(changes))
          if (v === undefined || v === '') next.delete(k)
          else next.set(k, String(v))
        if (!('page' in changes)) next.delete('page')
        return next
      },
      { replace: true },
    )

  const remove = async (m: MeetingDto) => {
    try {
      await meetingsApi.remove(m.id)
      message.success(t('common.deleted'))
      await qc.invalidateQueries({ queryKey: meetingKeys.all })
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const orderOf = (column: 'heldOn' | 'title'): SortOrder =>
    column === 'title'
      ? sort === 'title'
        ? 'ascend'
        : null
      : sort === 'heldOn'
        ? 'ascend'
        : sort === '-heldOn'
          ? 'descend'
          : null

  return (
    <div data-testid="meetings-page">
      <PageHeader
        title={t('meetings.title')}
        extra={
          manager && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="meeting-create"
            >
              {t('meetings.create')}
            </Button>
          )
        }
      />
      <Panel>
        <Flex wrap gap={8} style={{ marginBottom: 16 }}>
          <Select<number>
            allowClear
            placeholder={t('meetings.year')}
            aria-label={t('meetings.year')}
            style={{ width: 120 }}
            value={year}
            onChange={(y) => update({ year: y })}
            options={meetingYears()}
            data-testid="meetings-year"
          />
          <Search
            allowClear
            defaultValue={q}
            placeholder={t('meetings.searchTitle')}
            aria-label={t('meetings.searchTitle')}
            style={{ width: 260 }}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            data-testid="meetings-search"
          />
        </Flex>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<MeetingDto>
            rowKey="id"
            data-testid="meetings-table"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            locale={{
              emptyText: (
                <Empty description={q || year ? t('meetings.noneMatching') : t('meetings.none')}>
                  {manager && !q && !year && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                      {t('meetings.create')}
                    </Button>
                  )}
                </Empty>
              ),
            }}
            pagination={paging(t, {
              page: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total,
              fixedSize: true,
            })}
            onChange={(pagination, _filters, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter
              const next: MeetingSort =
                s?.columnKey === 'title' && s.order
                  ? 'title'
                  : s?.columnKey === 'heldOn' && s.order === 'ascend'
                    ? 'heldOn'
                    : '-heldOn'
              if (next !== sort) update({ sort: next === '-heldOn' ? undefined : next })
              else if ((pagination.current ?? 1) !== page) update({ page: pagination.current })
            }}
            onRow={(m) =>
              ({
                'data-testid': `meeting-row-${m.heldOn}`,
                onDoubleClick: () => navigate(`/meetings/${m.id}`),
              }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t('meetings.fields.title'),
                key: 'title',
                sorter: true,
                sortOrder: orderOf('title'),
                render: (_, m) => <Link to={`/meetings/${m.id}`}>{m.title}</Link>,
              },
              {
                title: t('meetings.fields.kind'),
                key: 'kind',
                width: 130,
                render: (_, m) => <KindTag kind={m.kind} />,
              },
              {
                title: t('meetings.fields.heldOn'),
                key: 'heldOn',
                dataIndex: 'heldOn',
                width: 130,
                sorter: true,
                sortDirections: ['descend', 'ascend', 'descend'],
                sortOrder: orderOf('heldOn'),
              },
              {
                title: t('meetings.fields.unit'),
                dataIndex: 'unitName',
                key: 'unit',
                width: 180,
                ellipsis: true,
              },
              {
                title: t('meetings.fields.agendaCount'),
                dataIndex: 'agendaCount',
                key: 'agendaCount',
                width: 90,
                align: 'right',
              },
              {
                title: t('meetings.fields.directiveCount'),
                dataIndex: 'directiveCount',
                key: 'directiveCount',
                width: 110,
                align: 'right',
              },
              {
                title: t('meetings.fields.taskCount'),
                dataIndex: 'taskCount',
                key: 'taskCount',
                width: 120,
                align: 'right',
              },
              ...(manager
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 90,
                      render: (_: unknown, m: MeetingDto) => (
                        <Popconfirm
                          title={t('common.confirmDelete', { name: m.title })}
                          description={t('meetings.deleteHint')}
                          onConfirm={() => remove(m)}
                        >
                          <Button
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t('common.delete')}
                            data-testid="meeting-delete"
                          />
                        </Popconfirm>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Panel>
      {manager && (
        <Deferred when={creating}>
          <MeetingFormModal
            open={creating}
            onClose={() => setCreating(false)}
            onSaved={(m) => navigate(`/meetings/${m.id}`)}
          />
        </Deferred>
      )}
    </div>
  )
}
