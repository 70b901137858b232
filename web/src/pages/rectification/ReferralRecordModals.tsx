import { Form, Input, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { referralsApi, type ReferralDto } from '../../api/endpoints'
import { DateField } from '../../components/DateField'
import { useFeedback } from '../../components/feedback'
import { FormModal } from '../../components/FormModal'
import { useReferralRefresh } from './referrals'

const DAY = 'YYYY-MM-DD'

interface Props {
  /** Open while a referral is set. */
  referral: ReferralDto | null
  onClose: () => void
}

/** 接收回执: the day the receiving body acknowledged the referral, not before it was referred. */
export function ReferralReceiptModal({ referral, onClose }: Props) {
  const { t } = useTranslation()
  const { message, modal } = useFeedback()
  const refresh = useReferralRefresh()
  return (
    <FormModal<{ receivedAt: Dayjs; note?: string }>
      open={referral !== null}
      title={t('referrals.receiptTitle')}
      onClose={onClose}
      okText={t('referrals.recordReceipt')}
      testId="referral-receipt-form"
      initialValues={{ receivedAt: dayjs() }}
      onSubmit={async (v) => {
        const r = referral!
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
      {referral && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('referrals.referredOn', { body: referral.bodyName, date: referral.referredAt })}
        </Typography.Paragraph>
      )}
      <Form.Item
        label={t('referrals.receivedAt')}
        name="receivedAt"
        rules={[{ required: true, message: t('common.selectField', { field: t('referrals.receivedAt') }) }]}
        extra={referral && t('referrals.notBefore', { date: referral.referredAt })}
      >
        <DateField
          style={{ width: 200 }}
          disabledDate={(d) => !!referral && d.isBefore(dayjs(referral.referredAt), 'day')}
        />
      </Form.Item>
      <Form.Item label={t('referrals.receiptNote')} name="note">
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormModal>
  )
}

/** 办理结果: the day the body concluded and what it decided. */
export function ReferralOutcomeModal({ referral, onClose }: Props) {
  const { t } = useTranslation()
  const { message, modal } = useFeedback()
  const refresh = useReferralRefresh()
  return (
    <FormModal<{ concludedAt: Dayjs; outcome: string }>
      open={referral !== null}
      title={t('referrals.outcomeTitle')}
      onClose={onClose}
      okText={t('referrals.recordOutcome')}
      testId="referral-outcome-form"
      initialValues={{ concludedAt: dayjs() }}
      onSubmit={async (v) => {
        const r = referral!
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
        rules={[{ required: true, message: t('common.selectField', { field: t('referrals.concludedAt') }) }]}
        extra={referral?.receivedAt && t('referrals.notBefore', { date: referral.receivedAt })}
      >
        <DateField
          style={{ width: 200 }}
          disabledDate={(d) => !!referral?.receivedAt && d.isBefore(dayjs(referral.receivedAt), 'day')}
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
  )
}
