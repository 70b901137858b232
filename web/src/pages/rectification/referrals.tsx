import { CheckCircleOutlined, InboxOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Space, Tag, Typography } from 'antd'
import { lazy, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { ReferralDto } from '../../api/endpoints'
import { Deferred } from '../../components/Deferred'
import { SimpleTable, type SimpleColumn } from '../../components/SimpleTable'
import { ReferralStatusTag, type ReferralBodyKind } from './labels'

// Recording a receipt or an outcome (Modal, Form, date picker) loads when first asked for.
const ReferralReceiptModal = lazy(() =>
  import('./ReferralRecordModals').then((m) => ({ default: m.ReferralReceiptModal })),
)
const ReferralOutcomeModal = lazy(() =>
  import('./ReferralRecordModals').then((m) => ({ default: m.ReferralOutcomeModal })),
)

/** Refreshes the referral lists (the 移交 page and the finding's 移交 section). */
export function useReferralRefresh() {
  const qc = useQueryClient()
  return () => qc.invalidateQueries({ queryKey: ['referrals'] })
}

/** "天津市人民检察院" → "天津市纪委监委": a suggestion the office may change. */
export function suggestBody(unitName: string | undefined, kind: ReferralBodyKind, t: (k: string) => string) {
  if (!unitName) return ''
  const region = unitName.replace(/人民检察院$/, '').replace(/检察院$/, '')
  return region + t(`referralBodies.suffix.${kind}`)
}

/**
 * Referrals with their receipt and outcome, and (for the office) the dialogs that record them.
 * Drawn by SimpleTable (no sorting or filters here), so a finding's page does not download antd's
 * Table; the referrals page puts its pagination under it.
 */
export function ReferralTable({
  items,
  loading,
  showFinding = true,
  testId = 'referrals-table',
}: {
  items: ReferralDto[]
  loading?: boolean
  showFinding?: boolean
  testId?: string
}) {
  const { t } = useTranslation()
  const [receiving, setReceiving] = useState<ReferralDto | null>(null)
  const [concluding, setConcluding] = useState<ReferralDto | null>(null)

  const columns: SimpleColumn<ReferralDto>[] = [
    ...(showFinding
      ? [
          {
            title: t('referrals.finding'),
            key: 'finding',
            width: 260,
            render: (_: unknown, r: ReferralDto) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/inspections/findings/${r.findingId}`}>{r.findingTitle}</Link>
                <Typography.Text type="secondary">
                  {r.unitName} · {r.roundName}
                </Typography.Text>
              </Space>
            ),
          },
        ]
      : []),
    {
      title: t('referrals.body'),
      key: 'body',
      width: 200,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text data-testid="referral-body">{r.bodyName}</Typography.Text>
          <Tag>{t(`referralBodies.${r.bodyKind}`)}</Tag>
        </Space>
      ),
    },
    {
      title: t('referrals.referredAt'),
      key: 'referred',
      width: 200,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.referredAt}</span>
          {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('referrals.status'),
      key: 'status',
      width: 90,
      render: (_, r) => <ReferralStatusTag status={r.status} />,
    },
    {
      title: t('referrals.receipt'),
      key: 'receipt',
      width: 180,
      render: (_, r) =>
        r.receivedAt ? (
          <Space orientation="vertical" size={0}>
            <span data-testid="referral-received-at">{r.receivedAt}</span>
            {r.receiptNote && <Typography.Text type="secondary">{r.receiptNote}</Typography.Text>}
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('referrals.outcome'),
      key: 'outcome',
      width: 200,
      render: (_, r) =>
        r.concludedAt ? (
          <Space orientation="vertical" size={0}>
            <span>{r.concludedAt}</span>
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }} data-testid="referral-outcome">
              {r.outcome}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, r) =>
        r.status === 'referred' ? (
          <Button
            size="small"
            icon={<InboxOutlined />}
            onClick={() => setReceiving(r)}
            data-testid="referral-receipt"
          >
            {t('referrals.recordReceipt')}
          </Button>
        ) : r.status === 'received' ? (
          <Button
            size="small"
            type="primary"
            icon={<CheckCircleOutlined />}
            onClick={() => setConcluding(r)}
            data-testid="referral-conclude"
          >
            {t('referrals.recordOutcome')}
          </Button>
        ) : null,
    },
  ]

  return (
    <>
      <SimpleTable<ReferralDto>
        rowKey="id"
        size="middle"
        data-testid={testId}
        loading={loading}
        columns={columns}
        dataSource={items}
        scroll={{ x: 1260 }}
        onRow={() => ({ 'data-testid': 'referral-row' }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty description={t('referrals.none')} /> }}
      />

      <Deferred when={receiving !== null}>
        <ReferralReceiptModal referral={receiving} onClose={() => setReceiving(null)} />
      </Deferred>
      <Deferred when={concluding !== null}>
        <ReferralOutcomeModal referral={concluding} onClose={() => setConcluding(null)} />
      </Deferred>
    </>
  )
}
