import { Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { MeasureKind } from '../../../../common/rectification'
import type { ExtensionStatus, PlanStatus } from '../../../../common/workflows'

// Typed records rather than common/rectification's arrays, which would pull zod into the web
// bundle; the Record types keep them complete.
export const KIND_COLORS: Record<MeasureKind, string> = {
  immediate: 'red',
  concentrated: 'orange',
  long_term: 'blue',
}
export const KIND_LIST = Object.keys(KIND_COLORS) as MeasureKind[]

export const PLAN_COLORS: Record<PlanStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  accepted: 'green',
  returned: 'red',
}

export const EXTENSION_COLORS: Record<ExtensionStatus, string> = {
  pending: 'gold',
  granted: 'green',
  refused: 'red',
}

export type MeasureStatus = 'open' | 'done'
export const MEASURE_STATUS_LIST: MeasureStatus[] = ['open', 'done']

export function KindTag({ kind }: { kind: MeasureKind }) {
  const { t } = useTranslation()
  return <Tag color={KIND_COLORS[kind]}>{t(`measureKinds.${kind}`)}</Tag>
}

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={PLAN_COLORS[status]} data-testid="plan-status">
      {t(`planStatuses.${status}`)}
    </Tag>
  )
}

export function MeasureStatusTag({ status }: { status: MeasureStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={status === 'done' ? 'green' : 'processing'} data-testid="measure-status">
      {t(`measureStatuses.${status}`)}
    </Tag>
  )
}

export function ExtensionStatusTag({ status }: { status: ExtensionStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={EXTENSION_COLORS[status]} data-testid="extension-status">
      {t(`extensionStatuses.${status}`)}
    </Tag>
  )
}

/** Working days past the deadline, in red; nothing when on time. */
export function Overdue({ days }: { days: number }) {
  const { t } = useTranslation()
  if (days <= 0) return <Typography.Text type="secondary">—</Typography.Text>
  return (
    <Typography.Text type="danger" strong data-testid="overdue">
      {t('measures.overdueDays', { days })}
    </Typography.Text>
  )
}
