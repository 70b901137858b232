import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Col, DatePicker, Form, Input, InputNumber, Row, Select, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { FormModal } from '../../components/FormModal'
import { tasksApi } from '../tasks/api'
import { meetingsApi, type DirectiveDto, type MeetingDetailDto } from './api'
import { meetingKeys } from './labels'

interface TaskForm {
  title: string
  year: number
  code: string
  leaderName: string
  leadDepartmentId: string
  cooperatorIds?: string[]
  deadline?: Dayjs | null
}

const CN_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
}
const number = (s: string) =>
  /^\d+$/.test(s) ? Number(s) : s === '十一' ? 11 : s === '十二' ? 12 : (CN_DIGITS[s] ?? NaN)

/** The day a time expression read from the text points at (年底前 → 12-31, 三季度 → 09-30); else the year's end. */
export function deadlineFrom(expression: string | null, year: number): string {
  const end = (month: number) =>
    dayjs(`${year}-${String(month).padStart(2, '0')}-01`)
      .endOf('month')
      .format('YYYY-MM-DD')
  const e = expression ?? ''
  if (/上半年/.test(e)) return end(6)
  const quarter = /(?:第)?([一二三四1-4])季度/.exec(e)
  if (quarter) return end(number(quarter[1]) * 3)
  const month = /(\d{1,2}|十[一二]?|[一二三四五六七八九])月/.exec(e)
  if (month && number(month[1]) >= 1 && number(month[1]) <= 12) return end(number(month[1]))
  return end(12)
}

/** The next free code of the year's tasks in the ledger's "2024-07" form. */
export function nextTaskCode(year: number, codes: string[]): string {
  const used = codes
    .map((c) => new RegExp(`^${year}-(\\d+)$`).exec(c))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => Number(m[1]))
  const next = used.length ? Math.max(...used) + 1 : 1
  return `${year}-${String(next).padStart(2, '0')}`
}

/** 转为督办任务: a kept directive becomes a key supervised task, prefilled from the meeting and the ledger. */
export function DirectiveTaskModal({
  meeting,
  directive,
  departments,
  onClose,
}: {
  meeting: MeetingDetailDto
  directive: DirectiveDto | null
  departments: { value: string; label: string }[]
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [form] = Form.useForm<TaskForm>()
  const year = Number(meeting.heldOn.slice(0, 4))
  const lead = Form.useWatch('leadDepartmentId', form)
  const ledger = useQuery({
    queryKey: ['tasks', 'list', { year, pageSize: 200 }],
    queryFn: () => tasksApi.list({ year, pageSize: 200 }),
    enabled: !!directive,
  })

  // The ledger arrives after the dialog opened: fill in what the user has not typed yet.
  const leadId = directive?.leadDepartmentId ?? directive?.suggestions[0]?.departmentId ?? undefined
  useEffect(() => {
    if (!directive || !ledger.data) return
    const tasks = ledger.data.items
    const fill: Partial<TaskForm> = {}
    if (!form.getFieldValue('code'))
      fill.code = nextTaskCode(
        year,
        tasks.map((x) => x.code),
      )
    const led = tasks.find((x) => x.leadDepartmentId === leadId)
    if (!form.getFieldValue('leaderName') && led) fill.leaderName = led.leaderName
    form.setFieldsValue(fill)
  }, [directive, ledger.data, form, year, leadId])

  if (!directive) return null
  const submit = async (v: TaskForm) => {
    const task = await meetingsApi.toTask(meeting.id, directive.id, {
      title: v.title.trim(),
      year: v.year,
      code: v.code.trim(),
      leaderName: v.leaderName.trim(),
      leadDepartmentId: v.leadDepartmentId,
      cooperatorIds: v.cooperatorIds ?? [],
      deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : undefined,
    })
    message.success(t('meetings.toTask.done', { code: task.code }))
    await qc.invalidateQueries({ queryKey: meetingKeys.directives(meeting.id) })
    await qc.invalidateQueries({ queryKey: meetingKeys.one(meeting.id) })
    await qc.invalidateQueries({ queryKey: meetingKeys.list })
    await qc.invalidateQueries({ queryKey: ['tasks'] })
  }

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('common.requiredField', { field }),
  })
  return (
    <FormModal<TaskForm>
      open
      form={form}
      width={720}
      title={t('meetings.toTask.title')}
      onClose={onClose}
      onSubmit={submit}
      testId="directive-task-form"
      okText={t('meetings.toTask.submit')}
      initialValues={{
        title: directive.title,
        year,
        code: ledger.data
          ? nextTaskCode(
              year,
              ledger.data.items.map((x) => x.code),
            )
          : undefined,
        leadDepartmentId: leadId,
        cooperatorIds: [],
        deadline: dayjs(deadlineFrom(directive.timeExpression, year)),
      }}
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }}>
        {directive.text}
      </Typography.Paragraph>
      <Form.Item
        label={t('meetings.toTask.taskTitle')}
        name="title"
        rules={[required(t('meetings.toTask.taskTitle')), { max: 200 }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item label={t('tasks.year')} name="year" rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label={t('tasks.code')}
            name="code"
            extra={t('meetings.toTask.codeHint')}
            rules={[
              required(t('tasks.code')),
              { pattern: /^[A-Za-z0-9-]{1,20}$/, message: t('tasks.codeFormat') },
            ]}
          >
            <Input maxLength={20} placeholder={`${year}-01`} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item
            label={t('tasks.leaderName')}
            name="leaderName"
            rules={[required(t('tasks.leaderName'))]}
          >
            <Input maxLength={100} placeholder={t('tasks.leaderPlaceholder')} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item
            label={t('tasks.leadDepartment')}
            name="leadDepartmentId"
            rules={[
              { required: true, message: t('common.selectField', { field: t('tasks.leadDepartment') }) },
            ]}
          >
            <Select showSearch={{ optionFilterProp: 'label' }} options={departments} />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item label={t('tasks.cooperators')} name="cooperatorIds">
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={departments.filter((d) => d.value !== lead)}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label={t('tasks.deadline')}
        name="deadline"
        extra={
          directive.timeExpression
            ? t('meetings.toTask.deadlineFrom', { expr: directive.timeExpression })
            : undefined
        }
      >
        <DatePicker style={{ width: 240 }} />
      </Form.Item>
    </FormModal>
  )
}
