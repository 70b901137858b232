import { useQuery } from '@tanstack/react-query'
import { Select } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { peopleApi, type UserLookup } from '../api/endpoints'
import { useDebounced } from '../lib/useDebounced'

interface UserPickerProps {
  multiple?: boolean
  /** One id, or several with `multiple`. */
  value?: string | string[]
  onChange?: (value: string | string[] | undefined) => void
  /** People already chosen elsewhere (e.g. the round's staff), so current values show names before any search. */
  known?: UserLookup[]
  placeholder?: string
  id?: string
  'aria-label'?: string
  'data-testid'?: string
}

const label = (u: UserLookup) => `${u.displayName}（${u.username}）`

/** A people picker: searches GET /api/users/lookup?q= by name or username (the office's lookup). */
export function UserPicker(props: UserPickerProps) {
  const { t } = useTranslation()
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), 250)
  const [seen, setSeen] = useState<Record<string, UserLookup>>({})

  const { data, isFetching } = useQuery({
    queryKey: ['users', 'lookup', q],
    queryFn: ({ signal }) => peopleApi.lookup(q, signal),
    staleTime: 30_000,
    retry: false,
  })

  useEffect(() => {
    if (!data) return
    setSeen((prev) => {
      const next = { ...prev }
      for (const u of data) next[u.id] = u
      return next
    })
  }, [data])

  const options = useMemo(() => {
    const list = new Map<string, UserLookup>()
    for (const u of data ?? []) list.set(u.id, u)
    const selected: string[] =
      props.value === undefined ? [] : Array.isArray(props.value) ? props.value : [props.value]
    for (const id of selected) {
      if (list.has(id)) continue
      const k = seen[id] ?? props.known?.find((u) => u.id === id)
      if (k) list.set(id, k)
    }
    return [...list.values()].map((u) => ({
      value: u.id,
      label: label(u),
      title: u.departmentName ? `${u.unitName} · ${u.departmentName}` : u.unitName,
    }))
  }, [data, props.known, props.value, seen])

  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      mode={props.multiple ? 'multiple' : undefined}
      value={props.value}
      placeholder={props.placeholder ?? t('teams.pickUser')}
      allowClear
      style={{ width: '100%' }}
      loading={isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onChange={(v: string | string[] | undefined) => {
        setSearch('')
        props.onChange?.(v)
      }}
      notFoundContent={isFetching ? t('app.loading') : t('common.empty')}
      options={options}
    />
  )
}
