import { useQuery } from '@tanstack/react-query'
import { Select, Tag, Typography, type TableColumnsType } from 'antd'
import { Fragment } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import {
  casesApi,
  type CaseAction,
  type CaseDomain,
  type CaseDto,
  type CaseKind,
  type CaseStatus,
} from './api'

// Typed records rather than common/cases' arrays, which would pull zod into the web bundle.
export const KIND_COLORS: Record<CaseKind, string> = { guiding: 'red', typical: 'blue' }
export const KIND_LIST = Object.keys(KIND_COLORS) as CaseKind[]

export const DOMAIN_COLORS: Record<CaseDomain, string> = {
  criminal: 'volcano',
  civil: 'green',
  administrative: 'purple',
  public_interest: 'cyan',
}
export const DOMAIN_LIST = Object.keys(DOMAIN_COLORS) as CaseDomain[]

export const STATUS_COLORS: Record<CaseStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  in_review: 'processing',
  returned: 'warning',
  committee: 'gold',
  approved: 'success',
  rejected: 'error',
  published: 'success',
  withdrawn: 'default',
}
export const STATUS_LIST = Object.keys(STATUS_COLORS) as CaseStatus[]
/** Drafts and returned cases are the ones an editor may still change. */
export const EDITABLE: CaseStatus[] = ['draft', 'returned']

/** The review checklist as the case office keeps it (active and inactive, in order). */
export function useReviewCriteria(enabled = true) {
  return useQuery({ queryKey: caseKeys.criteria, queryFn: casesApi.criteria, enabled })
}

/** Actions that need a reason (the workflow's `reason: true`). */
export const REASON_ACTIONS: CaseAction[] = ['return', 'reject', 'withdraw']

export const caseKeys = {
  all: ['cases'] as const,
  one: (id: string) => ['cases', 'one', id] as const,
  reviews: (id: string) => ['cases', 'reviews', id] as const,
  related: (id: string) => ['cases', 'related', id] as const,
  uses: (id: string) => ['cases', 'uses', id] as const,
  batches: ['cases', 'batches'] as const,
  criteria: ['cases', 'criteria'] as const,
  stats: (year?: number) => ['cases', 'stats', year ?? 'all'] as const,
}

export function useCaseBatches() {
  return useQuery({ queryKey: caseKeys.batches, queryFn: casesApi.batches })
}

export function KindTag({ kind }: { kind: CaseKind }) {
  const { t } = useTranslation()
  return (
    <Tag color={KIND_COLORS[kind]} data-testid="case-kind">
      {t(`cases.kinds.${kind}`)}
    </Tag>
  )
}

export function DomainTag({ domain }: { domain: CaseDomain }) {
  const { t } = useTranslation()
  return (
    <Tag color={DOMAIN_COLORS[domain]} data-testid="case-domain">
      {t(`cases.domains.${domain}`)}
    </Tag>
  )
}

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status" data-status={status}>
      {t(`cases.statuses.${status}`)}
    </Tag>
  )
}

export function NumberLabel({ label }: { label: string | null }) {
  if (!label) return null
  return (
    <Typography.Text strong type="danger" data-testid="case-number">
      {label}
    </Typography.Text>
  )
}

/** A snippet with its matched terms marked (highlights are [start, end) offsets into the text). */
export function Highlighted({ text, highlights }: { text: string; highlights: [number, number][] }) {
  const spans = [...highlights].filter(([s, e]) => e > s && s >= 0).sort((a, b) => a[0] - b[0])
  const parts: { text: string; mark: boolean }[] = []
  let at = 0
  for (const [s, e] of spans) {
    const start = Math.max(s, at)
    const end = Math.min(e, text.length)
    if (end <= start) continue
    if (start > at) parts.push({ text: text.slice(at, start), mark: false })
    parts.push({ text: text.slice(start, end), mark: true })
    at = end
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false })
  return (
    <span data-testid="case-snippet">
      {parts.map((p, i) => (
        <Fragment key={i}>{p.mark ? <mark>{p.text}</mark> : p.text}</Fragment>
      ))}
    </span>
  )
}

/** 已使用 N 次 / 未被使用: whether units recorded studying or citing the case. */
export function UseBadge({ count }: { count: number }) {
  const { t } = useTranslation()
  return count > 0 ? (
    <Tag color="green" data-testid="case-use-badge" data-used="true">
      {t('cases.usage.usedTimes', { count })}
    </Tag>
  ) : (
    <Tag data-testid="case-use-badge" data-used="false">
      {t('cases.usage.unused')}
    </Tag>
  )
}

/** The columns every case table starts with: title (a link), number, kind, domain. */
export function caseColumns(t: (key: string) => string): TableColumnsType<CaseDto> {
  return [
    {
      title: t('cases.fields.title'),
      key: 'title',
      render: (_, c) => (
        <Link to={`/cases/${c.id}`} onClick={(e) => e.stopPropagation()}>
          {c.title}
        </Link>
      ),
    },
    {
      title: t('cases.fields.number'),
      key: 'number',
      width: 120,
      render: (_, c) => <NumberLabel label={c.numberLabel} />,
    },
    { title: t('cases.fields.kind'), key: 'kind', width: 120, render: (_, c) => <KindTag kind={c.kind} /> },
    {
      title: t('cases.fields.domain'),
      key: 'domain',
      width: 100,
      render: (_, c) => <DomainTag domain={c.domain} />,
    },
  ]
}

/** The batch a case was issued in, for tables after `caseColumns`. */
export function batchColumn(t: (key: string) => string): TableColumnsType<CaseDto>[number] {
  return { title: t('cases.fields.batch'), key: 'batch', width: 120, render: (_, c) => c.batchName ?? '—' }
}

/** How many times units recorded using a case (`UseBadge`), for tables after `caseColumns`. */
export function useCountColumn(t: (key: string) => string): TableColumnsType<CaseDto>[number] {
  return {
    title: t('cases.usage.column'),
    key: 'useCount',
    width: 120,
    render: (_, c) => <UseBadge count={c.useCount} />,
  }
}

/** A case list's kind and domain filters; a cleared one is passed on as undefined. */
export function KindDomainFilters({
  kind,
  domain,
  onChange,
}: {
  kind?: CaseKind
  domain?: CaseDomain
  onChange: (changes: { kind?: CaseKind } | { domain?: CaseDomain }) => void
}) {
  const { t } = useTranslation()
  return (
    <>
      <Select<CaseKind>
        allowClear
        placeholder={t('cases.fields.kind')}
        aria-label={t('cases.fields.kind')}
        style={{ width: 140 }}
        value={kind}
        onChange={(kind) => onChange({ kind })}
        options={KIND_LIST.map((k) => ({ value: k, label: t(`cases.kinds.${k}`) }))}
      />
      <Select<CaseDomain>
        allowClear
        placeholder={t('cases.fields.domain')}
        aria-label={t('cases.fields.domain')}
        style={{ width: 140 }}
        value={domain}
        onChange={(domain) => onChange({ domain })}
        options={DOMAIN_LIST.map((d) => ({ value: d, label: t(`cases.domains.${d}`) }))}
      />
    </>
  )
}
