import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { roundsApi, type RoundDto } from '../api/endpoints'
import { roundOptions } from '../lib/rounds'
import { SearchSelect, usePickerSearch, type PickerProps } from './SearchSelect'

interface RoundSelectProps extends PickerProps {
  onChange?: (id: string | undefined) => void
  loading?: boolean
}

/** Rounds offered before the person types: the newest, as many as a list page holds. */
const NEWEST = 200

/**
 * A round picker. It offers the newest rounds the person sees, and searches all of them
 * (GET /api/rounds?q=, by the round's name or its organizer's) as the person types: at national
 * scale a person may see more rounds than one list holds. A chosen round outside both lists is
 * read by its id, so it shows its name.
 */
export function RoundSelect(props: RoundSelectProps) {
  const search = usePickerSearch()
  const { q } = search
  const newest = useQuery({
    queryKey: ['rounds', 'picker', ''],
    queryFn: ({ signal }) => roundsApi.list({ pageSize: NEWEST }, signal),
    staleTime: 30_000,
  })
  const found = useQuery({
    queryKey: ['rounds', 'picker', q],
    queryFn: ({ signal }) => roundsApi.list({ q, pageSize: 50 }, signal),
    enabled: q !== '',
    staleTime: 30_000,
  })
  const listed = q ? found.data?.items : newest.data?.items
  const missing = !!props.value && !(newest.data?.items ?? []).some((r) => r.id === props.value)
  const chosen = useQuery({
    queryKey: ['rounds', props.value],
    queryFn: () => roundsApi.get(props.value!),
    enabled: missing && !newest.isPending,
    staleTime: 30_000,
  })

  const options = useMemo(() => {
    const rounds: RoundDto[] = [...(listed ?? [])]
    if (chosen.data && !rounds.some((r) => r.id === chosen.data.id)) rounds.push(chosen.data)
    return roundOptions(rounds)
  }, [listed, chosen.data])
  const fetching = newest.isFetching || found.isFetching

  return (
    <SearchSelect
      {...props}
      search={search}
      fetching={fetching}
      onChange={(id) => props.onChange?.(id)}
      options={options}
    />
  )
}
