import { Form, Input } from 'antd'
import { useTranslation } from 'react-i18next'
import { FormModal } from '../../components/FormModal'

/** The office returns a report with a reason (the workflow requires one). */
export function ReturnModal({
  open,
  onClose,
  onSubmit,
}: {
  open: boolean
  onClose: () => void
  onSubmit: (reason: string) => Promise<unknown>
}) {
  const { t } = useTranslation()
  return (
    <FormModal<{ reason: string }>
      open={open}
      title={t('tasks.report.returnTitle')}
      onClose={onClose}
      okText={t('tasks.report.return')}
      testId="report-return-form"
      onSubmit={(v) => onSubmit(v.reason.trim())}
    >
      <Form.Item
        label={t('tasks.report.returnReason')}
        name="reason"
        rules={[{ required: true, whitespace: true, max: 2000, message: t('tasks.report.reasonRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} autoFocus />
      </Form.Item>
    </FormModal>
  )
}
