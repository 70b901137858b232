import { Badge, Checkbox, Select, Space, Tag, Tooltip, type TableProps } from 'antd'
// Input.Search alone: the Input namespace would bring TextArea, Password and OTP to the list.
import Search from 'antd/es/input/Search'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { UserDto, UserQueryParams } from '../api/endpoints'
import { useAuth } from '../auth/auth'
import { ROLE_COLORS, roleOptions } from '../lib/roles'
import { UnitSelect } from './UnitSelect'

type SortKey = 'username' | 'displayName' | 'createdAt'

export function RoleTags({ user }: { user: UserDto }) {
  const { t } = useTranslation()
  if (user.roles.length === 0) return <span style={{ color: '#999' }}>—</span>
  return (
    <Space size={[0, 4]} wrap>
      {user.roles.map((r) => (
        <Tooltip key={r.id} title={`${t(`scopeTypes.${r.scopeType}`)}：${r.scopeName ?? r.scopeId}`}>
          <Tag color={ROLE_COLORS[r.role] ?? 'blue'}>{t(`roles.${r.role}`, { defaultValue: r.role })}</Tag>
        </Tooltip>
      ))}
    </Space>
  )
}

export function StatusTags({ user }: { user: UserDto }) {
  const { t } = useTranslation()
  return (
    <Space size={[0, 4]} wrap>
      {user.status === 'active' ? (
        <Badge status="success" text={t('users.statusActive')} />
      ) : (
        <Badge status="default" text={t('users.statusDisabled')} />
      )}
      {user.locked && <Tag color="red">{t('users.locked')}</Tag>}
      {user.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
      {user.totpEnabled && <Tag color="green">{t('users.totp')}</Tag>}
    </Space>
  )
}

/** Filters shared by the users page and the role-grant page. */
export function useUserFilters() {
  const { user } = useAuth()
  const [filters, setFilters] = useState<UserQueryParams>({
    unitId: undefined,
    subtree: '1',
    q: undefined,
    role: undefined,
    status: undefined,
    sort: 'username',
    order: 'asc',
    page: 1,
    pageSize: 20,
  })
  const update = (patch: Partial<UserQueryParams>) =>
    setFilters((f) => ({ ...f, ...patch, page: 'page' in patch ? patch.page : 1 }))
  const seed = user ? [{ id: user.unitId, name: user.unitName, code: user.unitCode }] : []
  return { filters, update, seed }
}

export function UserFilterBar({
  filters,
  update,
  seed,
}: {
  filters: UserQueryParams
  update: (p: Partial<UserQueryParams>) => void
  seed: { id: string; name: string; code?: string }[]
}) {
  const { t } = useTranslation()
  return (
    <Space wrap style={{ marginBottom: 16 }} data-testid="user-filters">
      <UnitSelect
        aria-label={t('users.filterUnit')}
        placeholder={t('users.filterUnit')}
        allowClear
        value={filters.unitId}
        seed={seed}
        onChange={(id) => update({ unitId: id })}
      />
      <Checkbox
        checked={filters.subtree !== '0'}
        onChange={(e) => update({ subtree: e.target.checked ? '1' : '0' })}
      >
        {t('users.includeSubunits')}
      </Checkbox>
      <Select
        allowClear
        aria-label={t('users.filterRole')}
        placeholder={t('users.filterRole')}
        style={{ width: 180 }}
        value={filters.role}
        onChange={(v: string | undefined) => update({ role: v })}
        options={roleOptions(t)}
      />
      <Select
        allowClear
        aria-label={t('users.filterStatus')}
        placeholder={t('users.filterStatus')}
        style={{ width: 120 }}
        value={filters.status}
        onChange={(v: 'active' | 'disabled' | undefined) => update({ status: v })}
        options={[
          { value: 'active', label: t('users.statusActive') },
          { value: 'disabled', label: t('users.statusDisabled') },
        ]}
      />
      <Search
        allowClear
        placeholder={t('users.searchPlaceholder')}
        aria-label={t('users.searchPlaceholder')}
        enterButton={t('common.search')}
        onSearch={(v) => update({ q: v.trim() || undefined })}
        style={{ width: 260 }}
        data-testid="user-search"
      />
    </Space>
  )
}

export function userTableChange(update: (p: Partial<UserQueryParams>) => void, filters: UserQueryParams) {
  const handler: TableProps<UserDto>['onChange'] = (p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter
    const sort = (s?.order ? (s.columnKey as SortKey) : 'username') ?? 'username'
    const order = s?.order === 'descend' ? 'desc' : 'asc'
    if (sort !== filters.sort || order !== filters.order) update({ sort, order })
    else update({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })
  }
  return handler
}

export function sortOrderOf(filters: UserQueryParams, key: SortKey) {
  return filters.sort === key ? (filters.order === 'desc' ? 'descend' : 'ascend') : null
}
