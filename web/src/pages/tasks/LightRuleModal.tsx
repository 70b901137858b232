import { useQueryClient } from '@tanstack/react-query'
import { Form, InputNumber } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useTranslation } from 'react-i18next'
import { FormModal } from '../../components/FormModal'
import { tasksApi, type LightRule } from './api'

/** The supervision office changes the light rule's thresholds; every light is recomputed from them. */
export function LightRuleModal({
  open,
  rule,
  onClose,
}: {
  open: boolean
  rule: LightRule
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const field = (name: keyof LightRule, max: number, suffix: string) => (
    <Form.Item
      label={t(`tasks.ruleFields.${name}`)}
      name={name}
      extra={t(`tasks.ruleHints.${name}`)}
      rules={[
        { required: true, message: t('common.requiredField', { field: t(`tasks.ruleFields.${name}`) }) },
      ]}
    >
      <InputNumber min={0} max={max} precision={0} suffix={suffix} style={{ width: 180 }} />
    </Form.Item>
  )
  return (
    <FormModal<LightRule>
      open={open}
      title={t('tasks.ruleEdit')}
      onClose={onClose}
      initialValues={rule}
      testId="light-rule-form"
      onSubmit={async (v) => {
        await tasksApi.setLightRule(v)
        message.success(t('common.saved'))
        qc.setQueryData(['tasks', 'light-rule'], v)
        await qc.invalidateQueries({ queryKey: ['tasks'] })
      }}
    >
      {field('dueSoonWorkingDays', 60, t('tasks.workingDays'))}
      {field('behindTolerance', 100, t('tasks.percentPoints'))}
      {field('reportDueWorkingDays', 60, t('tasks.workingDays'))}
    </FormModal>
  )
}
