import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import type { FindingStatus, RoundPhase } from '../../../../common/workflows'
import type { FindingSource, Severity } from '../../../../common/inspections'

export const PHASE_COLORS: Record<RoundPhase, string> = {
  preparation: 'default',
  on_site: 'blue',
  reporting: 'geekblue',
  feedback: 'purple',
  rectification: 'orange',
  acceptance: 'cyan',
  archived: 'green',
}

export const STATUS_COLORS: Record<FindingStatus, string> = {
  draft: 'default',
  confirmed: 'blue',
  fed_back: 'purple',
  rectifying: 'orange',
  awaiting_verification: 'gold',
  closed: 'green',
}

export const SEVERITY_COLORS: Record<Severity, string> = {
  minor: 'default',
  major: 'orange',
  severe: 'red',
}

// The lists come from typed records rather than common/inspections' arrays, which would pull
// zod into the web bundle; the Record types keep them complete.
export const SEVERITY_LIST = Object.keys(SEVERITY_COLORS) as Severity[]
const SOURCES: Record<FindingSource, true> = {
  talk: true,
  document_review: true,
  petition: true,
  spot_check: true,
  other: true,
}
export const SOURCE_LIST = Object.keys(SOURCES) as FindingSource[]

export function PhaseTag({ phase }: { phase: RoundPhase }) {
  const { t } = useTranslation()
  return (
    <Tag color={PHASE_COLORS[phase]} data-testid="phase-tag">
      {t(`phases.${phase}`)}
    </Tag>
  )
}

export function StatusTag({ status }: { status: FindingStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="status-tag">
      {t(`findingStatuses.${status}`)}
    </Tag>
  )
}

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation()
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`severities.${severity}`)}</Tag>
}

/** "2024-05-13 ~ 2024-06-28", or one end, or a dash. */
export function dateRange(a: string | null | undefined, b: string | null | undefined): string {
  if (!a && !b) return '—'
  return `${a ?? '…'} ~ ${b ?? '…'}`
}
