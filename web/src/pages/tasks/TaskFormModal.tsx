import { useQueryClient } from '@tanstack/react-query'
import { Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { FormModal } from '../../components/FormModal'
import { tasksApi, type Milestone, type TaskDto } from './api'
import { DEFAULT_TASK_YEAR, QUARTERS, useCampaigns, useTaskDepartments } from './labels'
import { DateField } from '../../components/DateField'

interface TaskForm {
  year: number
  code: string
  title: string
  description?: string
  leaderName: string
  leadDepartmentId: string
  cooperatorIds?: string[]
  campaignId?: string | null
  deadline?: Dayjs | null
  status?: 'active' | 'done'
  /** Expected progress and description per quarter (index 0 = Q1). */
  milestones: { expectedProgress?: number | null; description?: string }[]
}

/** The milestones a user filled in: a quarter counts when it has an expected progress. */
function milestonesOf(v: TaskForm): Milestone[] {
  return QUARTERS.flatMap((q, i) => {
    const m = v.milestones?.[i]
    if (m?.expectedProgress == null) return []
    return [{ quarter: q, expectedProgress: m.expectedProgress, description: m.description?.trim() ?? '' }]
  })
}

/** Creates a task (office), or edits one when `task` is given (everything but year and code). */
export function TaskFormModal({
  open,
  task,
  onClose,
  defaultYear = DEFAULT_TASK_YEAR,
}: {
  open: boolean
  task?: TaskDto
  onClose: () => void
  defaultYear?: number
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const departments = useTaskDepartments()
  const campaigns = useCampaigns()
  const [form] = Form.useForm<TaskForm>()
  const lead = Form.useWatch('leadDepartmentId', form)

  const initialValues: Partial<TaskForm> = task
    ? {
        year: task.year,
        code: task.code,
        title: task.title,
        description: task.description,
        leaderName: task.leaderName,
        leadDepartmentId: task.leadDepartmentId,
        cooperatorIds: task.cooperators.map((c) => c.id),
        campaignId: task.campaignId,
        deadline: dayjs(task.deadline),
        status: task.status,
        milestones: QUARTERS.map((q) => {
          const m = task.milestones.find((x) => x.quarter === q)
          return { expectedProgress: m?.expectedProgress ?? null, description: m?.description ?? '' }
        }),
      }
    : {
        year: defaultYear,
        cooperatorIds: [],
        milestones: [
          { expectedProgress: 25 },
          { expectedProgress: 50 },
          { expectedProgress: 75 },
          { expectedProgress: 100 },
        ],
      }

  const submit = async (v: TaskForm) => {
    const common = {
      title: v.title.trim(),
      description: v.description?.trim() ?? '',
      leaderName: v.leaderName.trim(),
      leadDepartmentId: v.leadDepartmentId,
      cooperatorIds: v.cooperatorIds ?? [],
      campaignId: v.campaignId ?? null,
      deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : undefined,
      milestones: milestonesOf(v),
    }
    if (task) {
      await tasksApi.update(task.id, { ...common, status: v.status })
      message.success(t('common.saved'))
      await qc.invalidateQueries({ queryKey: ['tasks'] })
      await qc.invalidateQueries({ queryKey: ['campaigns'] })
    } else {
      const created = await tasksApi.create({ ...common, year: v.year, code: v.code.trim() })
      message.success(t('tasks.createdOk', { code: created.code }))
      await qc.invalidateQueries({ queryKey: ['tasks'] })
      await qc.invalidateQueries({ queryKey: ['campaigns'] })
      navigate(`/tasks/${created.id}`)
    }
  }

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('common.requiredField', { field }),
  })
  return (
    <FormModal<TaskForm>
      open={open}
      form={form}
      width={820}
      title={task ? t('tasks.editTitle', { code: task.code }) : t('tasks.createTitle')}
      onClose={onClose}
      initialValues={initialValues}
      onSubmit={submit}
      testId="task-form"
      okText={task ? t('common.save') : t('common.create')}
    >
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item label={t('tasks.year')} name="year" rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} precision={0} disabled={!!task} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            label={t('tasks.code')}
            name="code"
            rules={[
              required(t('tasks.code')),
              { pattern: /^[A-Za-z0-9-]{1,20}$/, message: t('tasks.codeFormat') },
            ]}
          >
            <Input disabled={!!task} placeholder="2025-01" maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label={t('tasks.leaderName')}
            name="leaderName"
            rules={[required(t('tasks.leaderName'))]}
          >
            <Input maxLength={100} placeholder={t('tasks.leaderPlaceholder')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label={t('tasks.titleField')}
        name="title"
        rules={[required(t('tasks.titleField')), { max: 200 }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('tasks.description')} name="description">
        <Input.TextArea rows={3} maxLength={10000} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            label={t('tasks.leadDepartment')}
            name="leadDepartmentId"
            rules={[
              { required: true, message: t('common.selectField', { field: t('tasks.leadDepartment') }) },
            ]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={departments.isFetching}
              options={departments.data ?? []}
            />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item label={t('tasks.cooperators')} name="cooperatorIds">
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={departments.isFetching}
              options={(departments.data ?? []).filter((d) => d.value !== lead)}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label={t('tasks.campaign')} name="campaignId">
            <Select
              allowClear
              placeholder={t('tasks.noCampaign')}
              options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label={t('tasks.deadline')}
            name="deadline"
            extra={task ? undefined : t('tasks.deadlineHint')}
          >
            <DateField style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        {task && (
          <Col span={8}>
            <Form.Item label={t('tasks.status')} name="status">
              <Select
                options={(['active', 'done'] as const).map((s) => ({
                  value: s,
                  label: t(`tasks.statuses.${s}`),
                }))}
              />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Typography.Text strong>{t('tasks.milestones')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('tasks.milestonesHint')}
      </Typography.Paragraph>
      {QUARTERS.map((q, i) => (
        <Row gutter={16} key={q}>
          <Col span={6}>
            <Form.Item
              label={t('tasks.quarterExpected', { quarter: q })}
              name={['milestones', i, 'expectedProgress']}
            >
              <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item label={t('tasks.milestoneDescription')} name={['milestones', i, 'description']}>
              <Input maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
      ))}
    </FormModal>
  )
}
