import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'

export const KIND_COLORS: Record<string, string> = {
  'reminder.before': 'gold',
  'reminder.due': 'orange',
  'reminder.overdue': 'red',
  urge: 'magenta',
}

/** 即将到期 / 今日到期 / 已逾期 / 催办; an unknown kind shows as it is. */
export function NotificationKindTag({ kind }: { kind: string }) {
  const { t } = useTranslation()
  return (
    <Tag color={KIND_COLORS[kind] ?? 'default'} data-testid="notification-kind">
      {t(`notificationKinds.${kind}`, { defaultValue: kind })}
    </Tag>
  )
}
