import { CheckOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Badge, Button, Empty, Segmented, Space, Table, Typography, type TableProps } from 'antd'
import { useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { notificationsApi, type NotificationDto } from '../../api/endpoints'
import { useNotificationActions } from '../../components/NotificationBell'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { NotificationKindTag } from './kinds'
import { Panel } from '../../components/Panel'
import { paging } from '../../lib/paging'

/** 消息通知: every notification of the signed-in user, unread first by filter, with paging. */
export default function NotificationsPage() {
  const { t } = useTranslation()
  const actions = useNotificationActions()
  const [filters, setFilters] = useState<{ unread?: '1'; page: number; pageSize: number }>({
    page: 1,
    pageSize: 20,
  })
  const list = useQuery({
    queryKey: ['notifications', 'list', filters],
    queryFn: () => notificationsApi.list(filters),
    placeholderData: (prev) => prev,
  })
  const unread = list.data?.unread ?? 0

  const columns: TableProps<NotificationDto>['columns'] = [
    {
      title: '',
      key: 'dot',
      width: 28,
      render: (_, n) => (n.readAt ? null : <Badge status="error" />),
    },
    {
      title: t('notifications.kind'),
      key: 'kind',
      width: 100,
      render: (_, n) => <NotificationKindTag kind={n.kind} />,
    },
    {
      title: t('notifications.content'),
      key: 'content',
      render: (_, n) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
            {n.body}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('notifications.time'),
      key: 'time',
      width: 170,
      render: (_, n) => formatTime(n.createdAt),
    },
    {
      title: t('notifications.readAt'),
      key: 'readAt',
      width: 170,
      render: (_, n) =>
        n.readAt ? (
          formatTime(n.readAt)
        ) : (
          <Button
            size="small"
            type="link"
            onClick={(e) => {
              e.stopPropagation()
              void actions.markRead(n)
            }}
            data-testid="notification-mark-read"
          >
            {t('notifications.markRead')}
          </Button>
        ),
    },
  ]

  return (
    <div data-testid="notifications-page">
      <PageHeader
        title={t('notifications.title')}
        extra={
          <Button
            icon={<CheckOutlined />}
            disabled={unread === 0}
            onClick={actions.readAll}
            data-testid="notifications-read-all"
          >
            {t('notifications.readAll')}
          </Button>
        }
      />
      <Panel>
        <Segmented<'all' | 'unread'>
          style={{ marginBottom: 16 }}
          value={filters.unread ? 'unread' : 'all'}
          onChange={(v) => setFilters((f) => ({ ...f, unread: v === 'unread' ? '1' : undefined, page: 1 }))}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'unread', label: t('notifications.unreadFilter', { count: unread }) },
          ]}
          data-testid="notification-filter"
        />
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<NotificationDto>
            rowKey="id"
            size="middle"
            data-testid="notifications-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            onRow={(n) =>
              ({
                'data-testid': 'notification-row',
                style: { cursor: n.link ? 'pointer' : undefined },
                onClick: () => void actions.open(n),
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: <Empty description={t('notifications.none')} /> }}
            pagination={paging(t, {
              page: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total,
              onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
            })}
          />
        )}
      </Panel>
    </div>
  )
}
