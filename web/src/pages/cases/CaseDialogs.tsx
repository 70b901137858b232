// The case page's dialogs, loaded when first opened: the reason a workflow action asks for, and
// recording that a unit studied or cited the case.
import { useQueryClient } from '@tanstack/react-query'
import { Form, Input, Radio } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { DateField } from '../../components/DateField'
import { useFeedback } from '../../components/feedback'
import { FormModal } from '../../components/FormModal'
import { casesApi, type CaseAction, type CaseDto } from './api'
import { caseKeys } from './labels'

/** Open while `action` is set: asks the reason the action requires, then runs it. */
export function CaseReasonModal({
  action,
  onClose,
  onSubmit,
}: {
  action: CaseAction | null
  onClose: () => void
  onSubmit: (action: CaseAction, reason: string) => Promise<unknown>
}) {
  const { t } = useTranslation()
  return (
    <FormModal<{ reason: string }>
      open={action !== null}
      onClose={onClose}
      title={action ? t('cases.detail.reasonTitle', { action: t(`cases.actions.${action}`) }) : ''}
      okText={t('common.confirm')}
      testId="case-reason-form"
      onSubmit={(v) => onSubmit(action!, v.reason)}
    >
      <Form.Item
        name="reason"
        label={t('cases.detail.reason')}
        rules={[{ required: true, whitespace: true, message: t('cases.detail.reasonRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} data-testid="case-reason" />
      </Form.Item>
    </FormModal>
  )
}

interface UseValues {
  kind: 'studied' | 'cited'
  matter: string
  note: string
  usedOn: Dayjs
}

/** 学习运用: a unit records that it studied the case or cited it in handling a matter. */
export function CaseUseModal({ c, open, onClose }: { c: CaseDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const submit = async (v: UseValues) => {
    await casesApi.recordUse(c.id, {
      kind: v.kind,
      matter: v.matter ?? '',
      note: v.note ?? '',
      usedOn: v.usedOn.format('YYYY-MM-DD'),
    })
    await qc.invalidateQueries({ queryKey: caseKeys.uses(c.id) })
    message.success(t('cases.uses.recorded'))
  }

  return (
    <FormModal<UseValues>
      open={open}
      onClose={onClose}
      title={t('cases.uses.record')}
      testId="case-use-form"
      initialValues={{ kind: 'studied', usedOn: dayjs() }}
      onSubmit={submit}
    >
      <Form.Item name="kind" label={t('cases.uses.kind')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={(['studied', 'cited'] as const).map((k) => ({
            value: k,
            label: t(`cases.uses.kinds.${k}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="usedOn" label={t('cases.uses.usedOn')} rules={[{ required: true }]}>
        <DateField style={{ width: '100%' }} aria-label={t('cases.uses.usedOn')} />
      </Form.Item>
      <Form.Item name="matter" label={t('cases.uses.matter')}>
        <Input maxLength={200} data-testid="case-use-matter" />
      </Form.Item>
      <Form.Item name="note" label={t('cases.uses.note')}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="case-use-note" />
      </Form.Item>
    </FormModal>
  )
}
