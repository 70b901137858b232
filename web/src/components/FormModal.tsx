import { Alert, Button, Flex, Form, Modal, type FormInstance } from 'antd'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../lib/errors'

interface FormModalProps<T extends object> {
  open: boolean
  title: ReactNode
  onClose: () => void
  /**
   * Resolve to close the dialog; throw to keep it open with the server's message shown;
   * resolve `false` to keep it open quietly (the user cancelled a confirmation).
   */
  onSubmit: (values: T) => Promise<unknown>
  initialValues?: Partial<T>
  okText?: string
  children: ReactNode
  width?: number
  form?: FormInstance<T>
  testId?: string
  /** Turns a server error into extra content under the message (field hints, rule lists). */
  renderError?: (e: unknown) => ReactNode
}

/**
 * A dialog holding a form whose buttons live inside the form, so Enter submits it;
 * a server error is shown in the dialog and the typed values stay.
 */
export function FormModal<T extends object>(props: FormModalProps<T>) {
  const { t } = useTranslation()
  const [ownForm] = Form.useForm<T>()
  const form = props.form ?? ownForm
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async (values: T) => {
    setBusy(true)
    setError(null)
    try {
      if ((await props.onSubmit(values)) !== false) props.onClose()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      footer={null}
      destroyOnHidden
      width={props.width ?? 520}
      afterClose={() => setError(null)}
    >
      <Form<T>
        form={form}
        layout="vertical"
        initialValues={props.initialValues}
        onFinish={submit}
        data-testid={props.testId}
        preserve={false}
      >
        {props.children}
        {error !== null && (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="form-error"
            title={errorText(error, t)}
            description={props.renderError?.(error)}
            style={{ marginBottom: 16 }}
          />
        )}
        <Flex justify="end" gap={8}>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {props.okText ?? t('common.save')}
          </Button>
        </Flex>
      </Form>
    </Modal>
  )
}
