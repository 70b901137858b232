import { CheckOutlined } from '@ant-design/icons'
import { Button, Divider, Empty, Flex, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { NotificationDto } from '../api/endpoints'
import { errorText } from '../lib/errors'
import { formatTime } from '../lib/format'
import { NotificationKindTag } from '../pages/notifications/kinds'
import type { useNotificationActions } from './NotificationBell'

/** The bell's panel: unread count, the latest notifications, mark read, and the way to all of them. */
export default function NotificationPanel({
  unread,
  items,
  error,
  actions,
  onClose,
}: {
  unread: number
  items: NotificationDto[]
  error: unknown
  actions: ReturnType<typeof useNotificationActions>
  onClose: () => void
}) {
  const { t } = useTranslation()
  return (
    <div style={{ width: 'min(380px, calc(100vw - 32px))' }} data-testid="notification-panel">
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
      {error ? (
        <Empty description={errorText(error, t)} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : items.length === 0 ? (
        <Empty description={t('notifications.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div style={{ maxHeight: 420, overflowY: 'auto' }}>
          {items.map((n) => (
            <NotificationItem
              key={n.id}
              n={n}
              onOpen={() => {
                onClose()
                void actions.open(n)
              }}
              onRead={() => void actions.markRead(n)}
            />
          ))}
        </div>
      )}
      <Divider style={{ margin: '8px 0' }} />
      <Flex justify="center">
        <Link to="/notifications" onClick={() => onClose()} data-testid="notification-all">
          {t('notifications.viewAll')}
        </Link>
      </Flex>
    </div>
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
