import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { unitsApi, type UnitDto } from '../api/endpoints'
import { SearchSelect, usePickerSearch, type PickerProps } from './SearchSelect'

export interface UnitOption {
  id: string
  name: string
  code?: string
}

interface UnitSelectProps extends PickerProps {
  onChange?: (id: string | undefined, unit?: UnitOption) => void
  /** Units to show before the user searches (e.g. the user's own unit), so a value has a label. */
  seed?: UnitOption[]
}

/** A unit picker searching GET /api/units?q= as the user types. */
export function UnitSelect(props: UnitSelectProps) {
  const { t } = useTranslation()
  const search = usePickerSearch()
  const { q } = search
  const [known, setKnown] = useState<Record<string, UnitOption>>({})

  const { data, isFetching } = useQuery({
    queryKey: ['units', 'picker', q],
    queryFn: ({ signal }) => unitsApi.list({ q: q || undefined, pageSize: 50 }, signal),
    staleTime: 30_000,
  })

  useEffect(() => {
    if (!data) return
    setKnown((prev) => {
      const next = { ...prev }
      for (const u of data.items) next[u.id] = { id: u.id, name: u.name, code: u.code }
      return next
    })
  }, [data])

  const options = useMemo(() => {
    const list: UnitOption[] = []
    const seen = new Set<string>()
    const push = (u: UnitOption) => {
      if (seen.has(u.id)) return
      seen.add(u.id)
      list.push(u)
    }
    if (!q) for (const s of props.seed ?? []) push(s)
    for (const u of (data?.items ?? []) as UnitDto[]) push({ id: u.id, name: u.name, code: u.code })
    if (props.value && !seen.has(props.value)) {
      const k = known[props.value] ?? props.seed?.find((s) => s.id === props.value)
      if (k) push(k)
    }
    return list.map((u) => ({ value: u.id, label: u.code ? `${u.name}（${u.code}）` : u.name, unit: u }))
  }, [data, props.seed, props.value, known, q])

  return (
    <SearchSelect
      {...props}
      placeholder={props.placeholder ?? t('departments.pickUnit')}
      style={props.style ?? { minWidth: 260 }}
      search={search}
      fetching={isFetching}
      onChange={(id, opt) => props.onChange?.(id, opt?.unit)}
      options={options}
    />
  )
}
