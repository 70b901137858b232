import { useQueryClient } from '@tanstack/react-query'
import { Form, Input } from 'antd'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { DateField } from '../../components/DateField'
import { useFeedback } from '../../components/feedback'
import { FormModal } from '../../components/FormModal'
import { tasksApi, type TaskDto } from './api'

/** The lead department adds a sub-task with its owner and deadline. */
export function SubtaskFormModal({
  open,
  task,
  onClose,
}: {
  open: boolean
  task: TaskDto
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  return (
    <FormModal<{ title: string; ownerName: string; deadline: Dayjs }>
      open={open}
      title={t('tasks.subtasks.add')}
      onClose={onClose}
      testId="subtask-form"
      onSubmit={async (v) => {
        await tasksApi.addSubtask(task.id, {
          title: v.title.trim(),
          ownerName: v.ownerName.trim(),
          deadline: v.deadline.format('YYYY-MM-DD'),
        })
        message.success(t('common.created'))
        await qc.invalidateQueries({ queryKey: ['tasks', task.id, 'subtasks'] })
        await qc.invalidateQueries({ queryKey: ['tasks', 'mine'] })
      }}
    >
      <Form.Item
        label={t('tasks.subtasks.titleField')}
        name="title"
        rules={[
          {
            required: true,
            whitespace: true,
            max: 200,
            message: t('common.requiredField', { field: t('tasks.subtasks.titleField') }),
          },
        ]}
      >
        <Input maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item
        label={t('tasks.subtasks.owner')}
        name="ownerName"
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.requiredField', { field: t('tasks.subtasks.owner') }),
          },
        ]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        label={t('tasks.subtasks.deadline')}
        name="deadline"
        rules={[
          { required: true, message: t('common.selectField', { field: t('tasks.subtasks.deadline') }) },
        ]}
      >
        <DateField style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  )
}
