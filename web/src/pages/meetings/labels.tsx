import { useQuery } from '@tanstack/react-query'
import { Tag, Tooltip } from 'antd'
import { Fragment, type Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { departmentsApi } from '../../api/endpoints'
import type { DirectiveStatus, MeetingKind, Span, TextFlag } from './api'

// Typed records rather than common/meetings' arrays, which would pull zod into the web bundle.
export const KIND_COLORS: Record<MeetingKind, string> = {
  party_group: 'red',
  procuratorial_committee: 'purple',
  office: 'blue',
  other: 'default',
}
export const KIND_LIST = Object.keys(KIND_COLORS) as MeetingKind[]

export const DIRECTIVE_COLORS: Record<DirectiveStatus, string> = {
  proposed: 'processing',
  kept: 'success',
  dropped: 'default',
}
export const DIRECTIVE_STATUS_LIST = Object.keys(DIRECTIVE_COLORS) as DirectiveStatus[]

export const meetingKeys = {
  all: ['meetings'] as const,
  list: ['meetings', 'list'] as const,
  one: (id: string) => ['meetings', 'one', id] as const,
  agenda: (id: string) => ['meetings', 'agenda', id] as const,
  directives: (id: string) => ['meetings', 'directives', id] as const,
}

/** Years to filter by: next year back to 2020. */
export function meetingYears(now = new Date().getFullYear()) {
  const years: { value: number; label: string }[] = []
  for (let y = now + 1; y >= 2020; y--) years.push({ value: y, label: String(y) })
  return years
}

export function KindTag({ kind }: { kind: MeetingKind }) {
  const { t } = useTranslation()
  return (
    <Tag color={KIND_COLORS[kind]} data-testid="meeting-kind">
      {t(`meetings.kinds.${kind}`)}
    </Tag>
  )
}

export function DirectiveStatusTag({ status }: { status: DirectiveStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={DIRECTIVE_COLORS[status]} data-testid="directive-status" data-status={status}>
      {t(`meetings.directiveStatuses.${status}`)}
    </Tag>
  )
}

/** The departments of the meeting's unit, as select options (they lead the tasks it decides). */
export function useMeetingDepartments(unitId: string | undefined) {
  return useQuery({
    queryKey: ['departments', 'picker', unitId],
    queryFn: () => departmentsApi.list({ unitId: unitId!, pageSize: 200 }),
    enabled: !!unitId,
    staleTime: 10 * 60_000,
    select: (page) => page.items.map((d) => ({ value: d.id, label: d.name })),
  })
}

const SPAN_STYLE = { background: '#ffe58f', padding: '1px 0', borderRadius: 2 }
const FLAG_STYLE = {
  background: '#fff1f0',
  color: '#cf1322',
  outline: '1px dashed #ff4d4f',
  padding: '0 1px',
}

/**
 * The meeting text with marks: damaged runs (flags, red) and the selected directive's spans
 * (yellow), both [start, end) offsets into the normalized text. The first span gets `spanRef`
 * so the caller can scroll it into view.
 */
export function MarkedText({
  text,
  flags = [],
  spans = [],
  spanRef,
}: {
  text: string
  flags?: TextFlag[]
  spans?: Span[]
  spanRef?: Ref<HTMLElement>
}) {
  const { t } = useTranslation()
  const clamp = (n: number) => Math.max(0, Math.min(text.length, n))
  const marks = [
    ...flags.map((f) => ({ start: clamp(f.start), end: clamp(f.end), flag: true })),
    ...spans.map((s) => ({ start: clamp(s.start), end: clamp(s.end), flag: false })),
  ].filter((m) => m.end > m.start)
  const cuts = [...new Set([0, text.length, ...marks.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b)
  let refGiven = false
  return (
    <>
      {cuts.slice(0, -1).map((start, i) => {
        const end = cuts[i + 1]
        const piece = text.slice(start, end)
        const covering = marks.filter((m) => m.start <= start && end <= m.end)
        const flagged = covering.some((m) => m.flag)
        const spanned = covering.some((m) => !m.flag)
        if (!flagged && !spanned) return <Fragment key={start}>{piece}</Fragment>
        const first = spanned && !refGiven
        if (first) refGiven = true
        const mark = (
          <mark
            key={start}
            ref={first ? (spanRef as Ref<HTMLElement>) : undefined}
            data-testid={flagged ? 'text-flag' : 'directive-span'}
            style={{ ...(spanned ? SPAN_STYLE : {}), ...(flagged ? FLAG_STYLE : {}) }}
          >
            {piece}
          </mark>
        )
        return flagged ? (
          <Tooltip key={start} title={t('meetings.text.flagTip')}>
            {mark}
          </Tooltip>
        ) : (
          mark
        )
      })}
    </>
  )
}
