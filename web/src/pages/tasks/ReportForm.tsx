import { MergeCellsOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons'
import { Button, Flex, Form, Input, InputNumber, Popconfirm } from 'antd'
import { useTranslation } from 'react-i18next'
import { tasksApi, type InputDto, type QuarterlyReportDto, type ReportFieldsInput, type TaskDto } from './api'
import { TEXT_FIELDS } from './QuarterPanel'

interface ReportFormProps {
  task: TaskDto
  quarter: number
  report: QuarterlyReportDto
  inputs: InputDto[]
  /** Which button's action is running. */
  busy: string | null
  /** Runs an action with the card's busy state, error display and success message. */
  act: (key: string, fn: () => Promise<unknown>, ok: string) => Promise<void>
}

/**
 * The lead department writes the quarter's report: saved as a draft or submitted for review.
 * Its own module (Form, InputNumber) so that readers of a report do not download the editor.
 */
export function ReportForm({ task, quarter, report, inputs, busy, act }: ReportFormProps) {
  const { t } = useTranslation()
  const [form] = Form.useForm<ReportFieldsInput>()
  const canSubmit = report.actions.includes('submit')
  const values = () => {
    const v = form.getFieldsValue()
    return {
      progress: v.progress ?? 0,
      done: v.done?.trim() ?? '',
      problems: v.problems?.trim() ?? '',
      nextSteps: v.nextSteps?.trim() ?? '',
      supportNeeded: v.supportNeeded?.trim() ?? '',
    }
  }
  const save = () =>
    act('save', () => tasksApi.saveReport(task.id, quarter, values()), t('tasks.report.saved'))
  // Submitting saves what is on screen first, so nothing typed is lost.
  const submit = async () => {
    try {
      await form.validateFields()
    } catch {
      return
    }
    await act(
      'submit',
      async () => {
        await tasksApi.saveReport(task.id, quarter, values())
        await tasksApi.transition(task.id, quarter, 'submit')
      },
      t('tasks.report.submitted'),
    )
  }
  const merge = () => {
    const merged = inputs.map((i) => `【${i.departmentName}】${i.content}`).join('\n')
    const current = (form.getFieldValue('done') as string | undefined)?.trim()
    form.setFieldValue('done', current ? `${current}\n${merged}` : merged)
  }

  return (
    <Form<ReportFieldsInput>
      form={form}
      layout="vertical"
      initialValues={{
        progress: report.progress,
        done: report.done,
        problems: report.problems,
        nextSteps: report.nextSteps,
        supportNeeded: report.supportNeeded,
      }}
      data-testid="report-form"
    >
      <Form.Item
        label={t('tasks.report.progress')}
        name="progress"
        extra={t('tasks.report.progressHint', { expected: task.expectedProgress })}
        rules={[
          { required: true, message: t('common.requiredField', { field: t('tasks.report.progress') }) },
        ]}
      >
        <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 160 }} />
      </Form.Item>
      {TEXT_FIELDS.map((f) => (
        <Form.Item
          key={f}
          label={t(`tasks.report.${f}`)}
          extra={
            f === 'done' &&
            inputs.length > 0 && (
              <Button
                size="small"
                type="link"
                icon={<MergeCellsOutlined />}
                onClick={merge}
                style={{ paddingInline: 0 }}
                data-testid="report-merge-inputs"
              >
                {t('tasks.report.mergeInputs')}
              </Button>
            )
          }
          name={f}
          rules={
            f === 'done'
              ? [{ required: true, whitespace: true, message: t('tasks.report.doneRequired') }]
              : undefined
          }
        >
          <Input.TextArea rows={f === 'done' ? 6 : 3} maxLength={10000} />
        </Form.Item>
      ))}
      <Flex justify="end" gap={8}>
        <Button icon={<SaveOutlined />} loading={busy === 'save'} onClick={save} data-testid="report-save">
          {t('tasks.report.save')}
        </Button>
        {canSubmit && (
          <Popconfirm
            title={t('tasks.report.submit')}
            description={t('tasks.report.confirmSubmit')}
            onConfirm={submit}
          >
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={busy === 'submit'}
              data-testid="report-submit"
            >
              {report.status === 'returned' ? t('tasks.report.resubmit') : t('tasks.report.submit')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
    </Form>
  )
}
