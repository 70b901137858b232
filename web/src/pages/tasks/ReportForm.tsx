import { MergeCellsOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons'
import { Button, Flex, Popconfirm } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormField, NumberInput, TextArea } from '../../components/FormField'
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

type Draft = Omit<ReportFieldsInput, 'progress'> & { progress: number | null }
type Errors = Partial<Record<keyof Draft, string>>

/**
 * The lead department writes the quarter's report: saved as a draft or submitted for review.
 * Its own module so that readers of a report do not download the editor; its fields are light
 * ones (FormField) so that the page stays within its JavaScript budget when the form shows.
 */
export function ReportForm({ task, quarter, report, inputs, busy, act }: ReportFormProps) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState<Draft>({
    progress: report.progress,
    done: report.done,
    problems: report.problems,
    nextSteps: report.nextSteps,
    supportNeeded: report.supportNeeded,
  })
  const [errors, setErrors] = useState<Errors>({})
  const canSubmit = report.actions.includes('submit')
  // Ids unique on the page, whichever quarters' panels are drawn.
  const idOf = (field: string) => `report-${report.id}-q${quarter}-${field}`
  const check = (d: Draft): Errors => ({
    ...(d.progress === null && {
      progress: t('common.requiredField', { field: t('tasks.report.progress') }),
    }),
    ...(!d.done?.trim() && { done: t('tasks.report.doneRequired') }),
  })
  // A field shown with an error is checked again as it changes, as antd's Form does.
  const change = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch }
    setDraft(next)
    const now = check(next)
    setErrors((e) =>
      Object.fromEntries(
        Object.keys(e)
          .filter((k) => now[k as keyof Draft])
          .map((k) => [k, now[k as keyof Draft]]),
      ),
    )
  }
  const values = () => ({
    progress: draft.progress ?? 0,
    done: draft.done?.trim() ?? '',
    problems: draft.problems?.trim() ?? '',
    nextSteps: draft.nextSteps?.trim() ?? '',
    supportNeeded: draft.supportNeeded?.trim() ?? '',
  })
  const save = () =>
    act('save', () => tasksApi.saveReport(task.id, quarter, values()), t('tasks.report.saved'))
  // Submitting saves what is on screen first, so nothing typed is lost.
  const submit = async () => {
    const found = check(draft)
    setErrors(found)
    const first = Object.keys(found)[0]
    if (first) {
      document.getElementById(idOf(first))?.focus()
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
    const current = draft.done?.trim()
    change({ done: current ? `${current}\n${merged}` : merged })
  }

  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate data-testid="report-form">
      <FormField
        id={idOf('progress')}
        label={t('tasks.report.progress')}
        required
        error={errors.progress}
        extra={t('tasks.report.progressHint', { expected: task.expectedProgress })}
      >
        {(aria) => (
          <NumberInput
            {...aria}
            min={0}
            max={100}
            suffix="%"
            style={{ width: 160 }}
            value={draft.progress}
            onChange={(progress) => change({ progress })}
          />
        )}
      </FormField>
      {TEXT_FIELDS.map((f) => (
        <FormField
          key={f}
          id={idOf(f)}
          label={t(`tasks.report.${f}`)}
          required={f === 'done'}
          error={errors[f]}
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
        >
          {(aria) => (
            <TextArea
              {...aria}
              rows={f === 'done' ? 6 : 3}
              maxLength={10000}
              value={draft[f] ?? ''}
              onChange={(e) => change({ [f]: e.target.value })}
            />
          )}
        </FormField>
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
    </form>
  )
}
