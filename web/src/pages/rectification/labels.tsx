import { Tag } from 'antd'
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
  if (days <= 0) return <span className="duban-text-secondary">—</span>
  return (
    <span className="duban-text-danger" data-testid="overdue">
      <strong>{t('measures.overdueDays', { days })}</strong>
    </span>
  )
}

export type ReferralStatus = 'referred' | 'received' | 'concluded'
export const REFERRAL_COLORS: Record<ReferralStatus, string> = {
  referred: 'gold',
  received: 'blue',
  concluded: 'green',
}
export const REFERRAL_STATUS_LIST = Object.keys(REFERRAL_COLORS) as ReferralStatus[]
export type ReferralBodyKind = 'discipline_commission' | 'organization_department'
export const REFERRAL_BODY_LIST: ReferralBodyKind[] = ['discipline_commission', 'organization_department']

export type CommonProblemStatus = 'open' | 'assigned' | 'done'
export const COMMON_PROBLEM_COLORS: Record<CommonProblemStatus, string> = {
  open: 'default',
  assigned: 'processing',
  done: 'green',
}
export const COMMON_PROBLEM_STATUS_LIST = Object.keys(COMMON_PROBLEM_COLORS) as CommonProblemStatus[]

export function ReferralStatusTag({ status }: { status: ReferralStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={REFERRAL_COLORS[status]} data-testid="referral-status">
      {t(`referralStatuses.${status}`)}
    </Tag>
  )
}

export function CommonProblemStatusTag({ status }: { status: CommonProblemStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={COMMON_PROBLEM_COLORS[status]} data-testid="common-problem-status">
      {t(`commonProblemStatuses.${status}`)}
    </Tag>
  )
}

export function SelfInspectionStatusTag({ status }: { status: 'pushed' | 'reported' }) {
  const { t } = useTranslation()
  return (
    <Tag color={status === 'reported' ? 'green' : 'gold'} data-testid="self-inspection-status">
      {t(`selfInspectionStatuses.${status}`)}
    </Tag>
  )
}
