import { SendOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Checkbox, Empty, Flex, Pagination, Segmented, Space } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { referralsApi, type ReferralQueryParams, type ReferralStatus } from '../../api/endpoints'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { REFERRAL_STATUS_LIST } from './labels'
import { ReferralCreateModal } from './ReferralCreateModal'
import { ReferralTable } from './referrals'
import { Panel } from '../../components/Panel'
import { RoundSelect } from '../../components/RoundSelect'
import { paging } from '../../lib/paging'

/** 线索移交: findings the office handed to discipline commissions and organization departments, until they answer. */
export default function ReferralsPage() {
  const { t } = useTranslation()
  const [filters, setFilters] = useState<ReferralQueryParams>({ page: 1, pageSize: 20 })
  const [creating, setCreating] = useState(false)
  const update = (patch: Partial<ReferralQueryParams>) =>
    setFilters((f) => ({ ...f, ...patch, page: 'page' in patch ? patch.page : 1 }))

  const list = useQuery({
    queryKey: ['referrals', 'list', filters],
    queryFn: () => referralsApi.list(filters),
    placeholderData: (prev) => prev,
  })

  return (
    <div data-testid="referrals-page">
      <PageHeader
        title={t('referrals.title')}
        extra={
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={() => setCreating(true)}
            data-testid="referral-create"
          >
            {t('referrals.create')}
          </Button>
        }
      />
      <Panel>
        <Space wrap style={{ marginBottom: 16 }} data-testid="referral-filters">
          <Segmented<ReferralStatus | 'all'>
            value={filters.status ?? 'all'}
            onChange={(v) => update({ status: v === 'all' ? undefined : v })}
            options={[
              { value: 'all', label: t('common.all') },
              ...REFERRAL_STATUS_LIST.map((s) => ({ value: s, label: t(`referralStatuses.${s}`) })),
            ]}
            data-testid="referral-status-filter"
          />
          <Checkbox
            checked={filters.open === '1'}
            onChange={(e) => update({ open: e.target.checked ? '1' : undefined })}
            data-testid="referral-open-only"
          >
            {t('referrals.openOnly')}
          </Checkbox>
          <RoundSelect
            allowClear
            aria-label={t('referrals.round')}
            placeholder={t('referrals.round')}
            style={{ width: 180 }}
            value={filters.roundId}
            onChange={(v: string | undefined) => update({ roundId: v })}
          />
        </Space>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <>
            <ReferralTable items={list.data?.items ?? []} loading={list.isFetching} />
            {(list.data?.total ?? 0) > 0 && (
              <Flex justify="end" style={{ marginTop: 16 }}>
                <Pagination
                  {...paging(t, { page: filters.page, pageSize: filters.pageSize, total: list.data?.total })}
                  onChange={(page, pageSize) => update({ page, pageSize })}
                  data-testid="referrals-pagination"
                />
              </Flex>
            )}
          </>
        )}
      </Panel>
      <ReferralCreateModal open={creating} onClose={() => setCreating(false)} />
    </div>
  )
}
