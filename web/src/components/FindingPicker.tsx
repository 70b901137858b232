import { useQuery } from '@tanstack/react-query'
import { Select, Space, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { findingsApi, type FindingDto } from '../api/endpoints'
import { useDebounced } from '../lib/useDebounced'

interface FindingPickerProps {
  multiple?: boolean
  value?: string | string[]
  /** The picked ids, and the picked findings as the search found them. */
  onChange?: (value: string | string[] | undefined, findings: FindingDto[]) => void
  /** Findings that may not be picked again (already linked). */
  exclude?: readonly string[]
  placeholder?: string
  id?: string
  'aria-label'?: string
  'data-testid'?: string
}

const label = (f: FindingDto) => `${f.unitName} · ${f.roundName} · ${f.title}`

/**
 * A finding picker searching GET /api/findings?q= by title or text. Drafts show but cannot be
 * picked: only confirmed findings are referred or grouped into a common problem.
 */
export function FindingPicker(props: FindingPickerProps) {
  const { t } = useTranslation()
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), 250)
  const [seen, setSeen] = useState<Record<string, FindingDto>>({})

  const { data, isFetching } = useQuery({
    queryKey: ['findings', 'picker', q],
    queryFn: () => findingsApi.list({ q: q || undefined, sort: 'updatedAt', order: 'desc', pageSize: 30 }),
    staleTime: 30_000,
  })

  useEffect(() => {
    if (!data) return
    setSeen((prev) => {
      const next = { ...prev }
      for (const f of data.items) next[f.id] = f
      return next
    })
  }, [data])

  const options = useMemo(() => {
    const list = new Map<string, FindingDto>()
    for (const f of data?.items ?? []) list.set(f.id, f)
    const selected = props.value === undefined ? [] : Array.isArray(props.value) ? props.value : [props.value]
    for (const id of selected) if (!list.has(id) && seen[id]) list.set(id, seen[id])
    const excluded = new Set(props.exclude ?? [])
    return [...list.values()]
      .filter((f) => !excluded.has(f.id))
      .map((f) => ({
        value: f.id,
        label: label(f),
        disabled: f.status === 'draft',
        title: f.status === 'draft' ? t('findingPicker.draft') : label(f),
        finding: f,
      }))
  }, [data, props.value, props.exclude, seen, t])

  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      mode={props.multiple ? 'multiple' : undefined}
      value={props.value}
      placeholder={props.placeholder ?? t('findingPicker.placeholder')}
      allowClear
      style={{ width: '100%' }}
      loading={isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onChange={(v: string | string[] | undefined) => {
        setSearch('')
        const ids = v === undefined ? [] : Array.isArray(v) ? v : [v]
        props.onChange?.(
          v,
          ids.map((id) => seen[id]).filter((f): f is FindingDto => !!f),
        )
      }}
      notFoundContent={isFetching ? t('app.loading') : t('common.empty')}
      options={options}
      optionRender={(o) => {
        const f = (o.data as { finding: FindingDto }).finding
        return (
          <Space orientation="vertical" size={0}>
            <Typography.Text>{f.title}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {f.unitName} · {f.roundName} · {t(`findingStatuses.${f.status}`)}
            </Typography.Text>
          </Space>
        )
      }}
    />
  )
}
