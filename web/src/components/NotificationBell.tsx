import { BellOutlined, CheckOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { App, Badge, Button, Divider, Empty, Flex, Popover, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { notificationsApi, type NotificationDto } from '../api/endpoints'
import { errorText } from '../lib/errors'
import { formatTime } from '../lib/format'
import { NotificationKindTag } from '../pages/notifications/kinds'

const POLL_MS = 60_000
const LATEST = 8

/** Marking read and opening a notification, shared by the bell and the notifications page. */
export function useNotificationActions() {
  const qc = useQueryClient()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const { t } = useTranslation()
  const refresh = () => qc.invalidateQueries({ queryKey: ['notifications'] })
  const markRead = async (n: NotificationDto) => {
    if (n.readAt) return
    try {
      await notificationsApi.read(n.id)
    } catch (e) {
      message.error(errorText(e, t))
    }
    await refresh()
  }
  return {
    markRead,
    /** Marks it read and goes to what it is about. */
    open: async (n: NotificationDto) => {
      await markRead(n)
      if (n.link) navigate(n.link)
    },
    readAll: async () => {
      try {
        await notificationsApi.readAll()
        message.success(t('notifications.allRead'))
      } catch (e) {
        message.error(errorText(e, t))
      }
      await refresh()
    },
  }
}

/** The header bell: unread count (polled every minute) and the latest notifications. */
export function NotificationBell() {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const actions = useNotificationActions()
  const latest = useQuery({
    queryKey: ['notifications', 'bell'],
    queryFn: () => notificationsApi.list({ pageSize: LATEST }),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  })
  const unread = latest.data?.unread ?? 0
  const items = latest.data?.items ?? []

  const content = (
    <div style={{ width: 380 }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>
          {t('notifications.title')}
          {unread > 0 && (
            <Typography.Text type="secondary" style={{ marginLeft: 8, fontWeight: 'normal' }}>
              {t('notifications.unreadCount', { count: unread })}
            </Typography.Text>
          )}
        </Typography.Text>
        <Button
          size="small"
          type="link"
          icon={<CheckOutlined />}
          disabled={unread === 0}
          onClick={actions.readAll}
          data-testid="notification-read-all"
        >
          {t('notifications.readAll')}
        </Button>
      </Flex>
      {latest.isError ? (
        <Empty description={errorText(latest.error, t)} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : items.length === 0 ? (
        <Empty description={t('notifications.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div style={{ maxHeight: 420, overflowY: 'auto' }}>
          {items.map((n) => (
            <NotificationItem
              key={n.id}
              n={n}
              onOpen={() => {
                setOpen(false)
                void actions.open(n)
              }}
              onRead={() => void actions.markRead(n)}
            />
          ))}
        </div>
      )}
      <Divider style={{ margin: '8px 0' }} />
      <Flex justify="center">
        <Link to="/notifications" onClick={() => setOpen(false)} data-testid="notification-all">
          {t('notifications.viewAll')}
        </Link>
      </Flex>
    </div>
  )

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      arrow={false}
    >
      <Button
        type="text"
        aria-label={t('notifications.bell', { count: unread })}
        data-testid="notification-bell"
        icon={
          <Badge count={unread} size="small" overflowCount={99} data-testid="notification-badge">
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  )
}

function NotificationItem({
  n,
  onOpen,
  onRead,
}: {
  n: NotificationDto
  onOpen: () => void
  onRead: () => void
}) {
  const { t } = useTranslation()
  return (
    <div
      role="button"
      tabIndex={0}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault()
          onOpen()
        }
      }}
      data-testid="notification-item"
      data-unread={n.readAt ? undefined : 'true'}
      style={{
        padding: '8px 8px',
        borderRadius: 6,
        cursor: 'pointer',
        background: n.readAt ? undefined : '#fff1f0',
        marginBottom: 4,
      }}
    >
      <Flex justify="space-between" align="center" gap={8}>
        <Flex align="center" gap={4} style={{ minWidth: 0 }}>
          <NotificationKindTag kind={n.kind} />
          <Typography.Text strong={!n.readAt} ellipsis>
            {n.title}
          </Typography.Text>
        </Flex>
        {!n.readAt && (
          <Button
            size="small"
            type="link"
            onClick={(e) => {
              e.stopPropagation()
              onRead()
            }}
            data-testid="notification-mark-read"
          >
            {t('notifications.markRead')}
          </Button>
        )}
      </Flex>
      <Typography.Paragraph
        type="secondary"
        ellipsis={{ rows: 2 }}
        style={{ margin: '4px 0 0', fontSize: 12 }}
        data-testid="notification-body"
      >
        {n.body}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatTime(n.createdAt)}
      </Typography.Text>
    </div>
  )
}
