import { useQuery } from '@tanstack/react-query'
import { Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { departmentsApi } from '../api/endpoints'

interface Props {
  unitId?: string | null
  value?: string | null
  onChange?: (id: string | null) => void
  id?: string
  'aria-label'?: string
}

/** The departments of one unit; clearing it means "no department" (null). */
export function DepartmentSelect({ unitId, value, onChange, id, ...rest }: Props) {
  const { t } = useTranslation()
  const { data, isFetching } = useQuery({
    queryKey: ['departments', 'picker', unitId],
    queryFn: () => departmentsApi.list({ unitId: unitId!, pageSize: 200 }),
    enabled: !!unitId,
  })
  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      allowClear
      disabled={!unitId}
      loading={isFetching}
      placeholder={t('users.noDepartment')}
      showSearch={{ optionFilterProp: 'label' }}
      options={(data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
      notFoundContent={t('common.empty')}
    />
  )
}
