import { Form, Input, Select, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { referralsApi } from '../../api/endpoints'
import { DateField } from '../../components/DateField'
import { FindingPicker } from '../../components/FindingPicker'
import { useFeedback } from '../../components/feedback'
import { FormModal } from '../../components/FormModal'
import { REFERRAL_BODY_LIST, type ReferralBodyKind } from './labels'
import { suggestBody, useReferralRefresh } from './referrals'

const DAY = 'YYYY-MM-DD'

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
