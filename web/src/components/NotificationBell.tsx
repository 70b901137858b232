import { BellOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Badge, Button, Popover } from 'antd'
import { useFeedback } from './feedback'
import { lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { notificationsApi, type NotificationDto } from '../api/endpoints'
import { errorText } from '../lib/errors'
import { Loading } from './Loading'

const POLL_MS = 60_000
const LATEST = 8

// The panel (its list, tags and typography) loads when the bell is first opened.
const NotificationPanel = lazy(() => import('./NotificationPanel'))

/** Marking read and opening a notification, shared by the bell and the notifications page. */
export function useNotificationActions() {
  const qc = useQueryClient()
  const navigate = useNavigate()
  const { message } = useFeedback()
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
    <Suspense fallback={<Loading />}>
      <NotificationPanel
        unread={unread}
        items={items}
        error={latest.isError ? latest.error : null}
        actions={actions}
        onClose={() => setOpen(false)}
      />
    </Suspense>
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
