import { useQueryClient } from '@tanstack/react-query'
import { Form, Input, Select, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { FormModal } from '../../components/FormModal'
import { tasksApi, type TaskDto } from './api'
import { QUARTERS } from './labels'
import { DateField } from '../../components/DateField'

interface UrgeValues {
  quarter?: number
  content: string
  dueDate?: Dayjs | null
}

/** 催办: the supervision office issues a numbered supervision notice (督办单) and opens it. */
export function UrgeModal({ open, task, onClose }: { open: boolean; task: TaskDto; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const navigate = useNavigate()
  return (
    <FormModal<UrgeValues>
      open={open}
      title={t('tasks.urge.title', { code: task.code, title: task.title })}
      onClose={onClose}
      okText={t('tasks.urge.issue')}
      testId="urge-form"
      onSubmit={async (v) => {
        const notice = await tasksApi.urge(task.id, {
          quarter: v.quarter ?? undefined,
          content: v.content,
          dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : undefined,
        })
        message.success(t('tasks.urge.issued', { number: notice.number }))
        qc.setQueryData(['supervision-notices', notice.id], notice)
        await qc.invalidateQueries({ queryKey: ['supervision-notices', 'list'] })
        navigate(`/tasks/notices/${notice.id}`)
      }}
    >
      <Typography.Paragraph type="secondary">
        {t('tasks.urge.hint', { lead: task.leadDepartmentName })}
      </Typography.Paragraph>
      <Form.Item label={t('tasks.urge.quarter')} name="quarter">
        <Select
          allowClear
          placeholder={t('tasks.urge.anyQuarter')}
          options={QUARTERS.map((q) => ({ value: q, label: t('tasks.quarterTab', { quarter: q }) }))}
          data-testid="urge-quarter"
        />
      </Form.Item>
      <Form.Item
        label={t('tasks.urge.content')}
        name="content"
        rules={[{ required: true, whitespace: true, message: t('tasks.urge.contentRequired') }]}
      >
        <Input.TextArea
          rows={4}
          maxLength={2000}
          placeholder={t('tasks.urge.contentPlaceholder')}
          data-testid="urge-content"
        />
      </Form.Item>
      <Form.Item label={t('tasks.urge.dueDate')} name="dueDate">
        <DateField style={{ width: '100%' }} data-testid="urge-due-date" />
      </Form.Item>
    </FormModal>
  )
}
