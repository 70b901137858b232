// The finding page's dialogs, loaded when first opened: editing a draft (the finding form with
// its category tree) and the reason a workflow action asks for.
import { Form, Input } from 'antd'
import { useTranslation } from 'react-i18next'
import type { FindingAction } from '../../../../common/workflows'
import { findingsApi, type FindingDto } from '../../api/endpoints'
import { useFeedback } from '../../components/feedback'
import { FormModal } from '../../components/FormModal'
import { FindingFields, findingInput, type FindingForm } from './FindingFields'

export function FindingEditModal({
  finding: f,
  open,
  onClose,
  onSaved,
}: {
  finding: FindingDto
  open: boolean
  onClose: () => void
  onSaved: () => Promise<unknown>
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  return (
    <FormModal<FindingForm>
      open={open}
      title={t('findings.editTitle')}
      onClose={onClose}
      width={720}
      testId="finding-edit-form"
      initialValues={{
        title: f.title,
        description: f.description,
        personsMatters: f.personsMatters,
        categoryId: f.categoryId,
        severity: f.severity,
        source: f.source,
      }}
      onSubmit={async (v) => {
        await findingsApi.update(f.id, findingInput(v))
        message.success(t('common.saved'))
        await onSaved()
      }}
    >
      <FindingFields targetId={f.targetId} findingId={f.id} />
    </FormModal>
  )
}

/** Open while `action` is set: asks the reason the action requires, then runs it. */
export function FindingReasonModal({
  action,
  onClose,
  onSubmit,
}: {
  action: FindingAction | null
  onClose: () => void
  onSubmit: (action: FindingAction, reason: string) => Promise<unknown>
}) {
  const { t } = useTranslation()
  return (
    <FormModal<{ reason: string }>
      open={action !== null}
      title={action ? t('findings.reasonTitle', { action: t(`findingActions.${action}`) }) : ''}
      onClose={onClose}
      okText={action ? t(`findingActions.${action}`) : undefined}
      testId="finding-reason-form"
      onSubmit={(v) => onSubmit(action!, v.reason.trim())}
    >
      <Form.Item
        label={t('findings.reason')}
        name="reason"
        rules={[{ required: true, whitespace: true, max: 2000, message: t('findings.reasonRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} autoFocus />
      </Form.Item>
    </FormModal>
  )
}
