import { Select } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDebounced } from '../lib/useDebounced'

/** What a page passes to a picker of server records, as to antd's Select. */
export interface PickerProps {
  value?: string | null
  placeholder?: string
  allowClear?: boolean
  style?: React.CSSProperties
  id?: string
  'aria-label'?: string
  'data-testid'?: string
}

/** The text typed into a picker, and the same text settled (trimmed, 250 ms after the last key) to query with. */
export function usePickerSearch() {
  const [text, setText] = useState('')
  return { text, setText, q: useDebounced(text.trim(), 250) }
}

/**
 * A Select over records the server searches as the person types: no filtering in the browser,
 * "loading" while a list is fetched, the typed text cleared once a record is chosen.
 */
export function SearchSelect<O extends { value: string }>(
  props: PickerProps & {
    search: ReturnType<typeof usePickerSearch>
    options: O[]
    fetching: boolean
    loading?: boolean
    onChange?: (id: string | undefined, option: O | undefined) => void
  },
) {
  const { t } = useTranslation()
  const { search } = props
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      value={props.value ?? undefined}
      placeholder={props.placeholder}
      allowClear={props.allowClear}
      style={props.style}
      loading={props.loading || props.fetching}
      showSearch={{ filterOption: false, onSearch: search.setText, searchValue: search.text }}
      onChange={(id: string | undefined, opt) => {
        search.setText('')
        props.onChange?.(id, Array.isArray(opt) ? undefined : (opt as O | undefined))
      }}
      notFoundContent={props.fetching ? t('app.loading') : t('common.empty')}
      options={props.options}
    />
  )
}
