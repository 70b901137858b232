import { SendOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Empty } from 'antd'
import { lazy, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { referralsApi, type FindingDto } from '../../api/endpoints'
import { Deferred } from '../../components/Deferred'
import { Panel } from '../../components/Panel'
import { errorText } from '../../lib/errors'
import { ReferralTable } from '../rectification/referrals'

const ReferralCreateModal = lazy(() =>
  import('../rectification/ReferralCreateModal').then((m) => ({ default: m.ReferralCreateModal })),
)

/** 移交 (office only): the finding's referrals to discipline commissions and organization departments. */
export function FindingReferrals({ finding }: { finding: FindingDto }) {
  const { t } = useTranslation()
  const [creating, setCreating] = useState(false)
  const referrals = useQuery({
    queryKey: ['referrals', 'list', { findingId: finding.id, pageSize: 100 }],
    queryFn: () => referralsApi.list({ findingId: finding.id, pageSize: 100 }),
  })
  return (
    <Panel
      title={t('referrals.section')}
      style={{ marginBottom: 16 }}
      data-testid="finding-referrals"
      extra={
        <Button icon={<SendOutlined />} onClick={() => setCreating(true)} data-testid="finding-refer">
          {t('referrals.create')}
        </Button>
      }
    >
      {referrals.isError ? (
        <Empty description={errorText(referrals.error, t)} />
      ) : (
        <ReferralTable
          items={referrals.data?.items ?? []}
          loading={referrals.isFetching}
          showFinding={false}
          testId="finding-referrals-table"
        />
      )}
      <Deferred when={creating}>
        <ReferralCreateModal open={creating} onClose={() => setCreating(false)} finding={finding} />
      </Deferred>
    </Panel>
  )
}
