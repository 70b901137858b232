import { CheckCircleOutlined, InboxOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Form, Input, Select, Space, Table, Tag, Typography, type TableProps } from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { referralsApi, type ReferralDto } from '../../api/endpoints'
import { FindingPicker } from '../../components/FindingPicker'
import { FormModal } from '../../components/FormModal'
import { REFERRAL_BODY_LIST, ReferralStatusTag, type ReferralBodyKind } from './labels'
import { DateField } from '../../components/DateField'

const DAY = 'YYYY-MM-DD'

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

interface CreateForm {
  findingId: string
  bodyKind: ReferralBodyKind
  bodyName: string
  referredAt: Dayjs
  note?: string
}

/** 移交线索: a finding (fixed or picked) handed to a discipline commission or organization department. */
export function ReferralCreateModal({
  open,
  onClose,
  finding,
}: {
  open: boolean
  onClose: () => void
  /** The finding being referred (from its own page); without it the office picks one. */
  finding?: { id: string; title: string; unitName: string }
}) {
  const { t } = useTranslation()
  const { message, modal } = useFeedback()
  const refresh = useReferralRefresh()
  const [form] = Form.useForm<CreateForm>()
  const [pickedUnit, setPickedUnit] = useState<string | undefined>(undefined)

  const suggest = (kind: ReferralBodyKind | undefined, unitName: string | undefined) => {
    if (!kind || !unitName || form.isFieldTouched('bodyName')) return
    form.setFieldValue('bodyName', suggestBody(unitName, kind, t))
  }

  return (
    <FormModal<CreateForm>
      open={open}
      form={form}
      title={t('referrals.createTitle')}
      onClose={() => {
        setPickedUnit(undefined)
        onClose()
      }}
      okText={t('referrals.create')}
      width={640}
      testId="referral-form"
      initialValues={{
        findingId: finding?.id,
        bodyKind: 'discipline_commission',
        bodyName: finding ? suggestBody(finding.unitName, 'discipline_commission', t) : '',
        referredAt: dayjs(),
      }}
      onSubmit={async (v) => {
        const ok = await modal.confirm({
          title: t('referrals.confirmCreate'),
          content: t('referrals.confirmCreateText', { body: v.bodyName.trim() }),
        })
        if (!ok) return false
        await referralsApi.create({
          findingId: finding?.id ?? v.findingId,
          bodyKind: v.bodyKind,
          bodyName: v.bodyName.trim(),
          referredAt: v.referredAt.format(DAY),
          note: v.note?.trim() || undefined,
        })
        message.success(t('referrals.created'))
        await refresh()
      }}
    >
      {finding ? (
        <Form.Item label={t('referrals.finding')}>
          <Typography.Text>
            {finding.unitName} · {finding.title}
          </Typography.Text>
        </Form.Item>
      ) : (
        <Form.Item
          label={t('referrals.finding')}
          name="findingId"
          rules={[{ required: true, message: t('common.selectField', { field: t('referrals.finding') }) }]}
          extra={t('referrals.findingHint')}
        >
          <FindingPicker
            aria-label={t('referrals.finding')}
            onChange={(_, picked) => {
              const unit = picked[0]?.unitName
              setPickedUnit(unit)
              suggest(form.getFieldValue('bodyKind'), unit)
            }}
            data-testid="referral-finding"
          />
        </Form.Item>
      )}
      <Form.Item
        label={t('referrals.bodyKind')}
        name="bodyKind"
        rules={[{ required: true, message: t('common.selectField', { field: t('referrals.bodyKind') }) }]}
      >
        <Select
          options={REFERRAL_BODY_LIST.map((k) => ({ value: k, label: t(`referralBodies.${k}`) }))}
          onChange={(k: ReferralBodyKind) => suggest(k, finding?.unitName ?? pickedUnit)}
        />
      </Form.Item>
      <Form.Item
        label={t('referrals.bodyName')}
        name="bodyName"
        rules={[
          {
            required: true,
            whitespace: true,
            max: 100,
            message: t('common.requiredField', { field: t('referrals.bodyName') }),
          },
        ]}
      >
        <Input maxLength={100} placeholder={t('referrals.bodyNamePlaceholder')} />
      </Form.Item>
      <Form.Item
        label={t('referrals.referredAt')}
        name="referredAt"
        rules={[{ required: true, message: t('common.selectField', { field: t('referrals.referredAt') }) }]}
      >
        <DateField style={{ width: 200 }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item label={t('referrals.note')} name="note">
        <Input.TextArea rows={3} maxLength={2000} placeholder={t('referrals.notePlaceholder')} />
      </Form.Item>
    </FormModal>
  )
}

/** Referrals with their receipt and outcome, and (for the office) the dialogs that record them. */
export function ReferralTable({
  items,
  loading,
  showFinding = true,
  pagination,
  testId = 'referrals-table',
}: {
  items: ReferralDto[]
  loading?: boolean
  showFinding?: boolean
  pagination?: TableProps<ReferralDto>['pagination']
  testId?: string
}) {
  const { t } = useTranslation()
  const { message, modal } = useFeedback()
  const refresh = useReferralRefresh()
  const [receiving, setReceiving] = useState<ReferralDto | null>(null)
  const [concluding, setConcluding] = useState<ReferralDto | null>(null)

  const columns: TableProps<ReferralDto>['columns'] = [
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
      <Table<ReferralDto>
        rowKey="id"
        size="middle"
        data-testid={testId}
        loading={loading}
        columns={columns}
        dataSource={items}
        scroll={{ x: 1100 }}
        pagination={pagination ?? false}
        onRow={() => ({ 'data-testid': 'referral-row' }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty description={t('referrals.none')} /> }}
      />

      <FormModal<{ receivedAt: Dayjs; note?: string }>
        open={receiving !== null}
        title={t('referrals.receiptTitle')}
        onClose={() => setReceiving(null)}
        okText={t('referrals.recordReceipt')}
        testId="referral-receipt-form"
        initialValues={{ receivedAt: dayjs() }}
        onSubmit={async (v) => {
          const r = receiving!
          const ok = await modal.confirm({
            title: t('referrals.confirmReceipt'),
            content: t('referrals.confirmReceiptText', {
              body: r.bodyName,
              date: v.receivedAt.format(DAY),
            }),
          })
          if (!ok) return false
          await referralsApi.receipt(r.id, {
            receivedAt: v.receivedAt.format(DAY),
            note: v.note?.trim() || undefined,
          })
          message.success(t('referrals.received'))
          await refresh()
        }}
      >
        {receiving && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('referrals.referredOn', { body: receiving.bodyName, date: receiving.referredAt })}
          </Typography.Paragraph>
        )}
        <Form.Item
          label={t('referrals.receivedAt')}
          name="receivedAt"
          rules={[{ required: true, message: t('common.selectField', { field: t('referrals.receivedAt') }) }]}
          extra={receiving && t('referrals.notBefore', { date: receiving.referredAt })}
        >
          <DateField
            style={{ width: 200 }}
            disabledDate={(d) => !!receiving && d.isBefore(dayjs(receiving.referredAt), 'day')}
          />
        </Form.Item>
        <Form.Item label={t('referrals.receiptNote')} name="note">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormModal>

      <FormModal<{ concludedAt: Dayjs; outcome: string }>
        open={concluding !== null}
        title={t('referrals.outcomeTitle')}
        onClose={() => setConcluding(null)}
        okText={t('referrals.recordOutcome')}
        testId="referral-outcome-form"
        initialValues={{ concludedAt: dayjs() }}
        onSubmit={async (v) => {
          const r = concluding!
          const ok = await modal.confirm({
            title: t('referrals.confirmOutcome'),
            content: t('referrals.confirmOutcomeText'),
          })
          if (!ok) return false
          await referralsApi.outcome(r.id, {
            concludedAt: v.concludedAt.format(DAY),
            outcome: v.outcome.trim(),
          })
          message.success(t('referrals.concluded'))
          await refresh()
        }}
      >
        <Form.Item
          label={t('referrals.concludedAt')}
          name="concludedAt"
          rules={[
            { required: true, message: t('common.selectField', { field: t('referrals.concludedAt') }) },
          ]}
          extra={concluding?.receivedAt && t('referrals.notBefore', { date: concluding.receivedAt })}
        >
          <DateField
            style={{ width: 200 }}
            disabledDate={(d) => !!concluding?.receivedAt && d.isBefore(dayjs(concluding.receivedAt), 'day')}
          />
        </Form.Item>
        <Form.Item
          label={t('referrals.outcome')}
          name="outcome"
          rules={[
            {
              required: true,
              whitespace: true,
              max: 2000,
              message: t('common.requiredField', { field: t('referrals.outcome') }),
            },
          ]}
        >
          <Input.TextArea rows={4} maxLength={2000} placeholder={t('referrals.outcomePlaceholder')} />
        </Form.Item>
      </FormModal>
    </>
  )
}
