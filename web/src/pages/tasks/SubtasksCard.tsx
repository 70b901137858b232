import { CheckOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Form, Input, Table, Tag, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import type { Dayjs } from 'dayjs'
import { useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { FormModal } from '../../components/FormModal'
import { errorText } from '../../lib/errors'
import { tasksApi, type SubtaskDto, type TaskDto } from './api'
import { todayIso } from './labels'
import { Panel } from '../../components/Panel'
import { DateField } from '../../components/DateField'

/** The lead department breaks its task down into sub-tasks and marks them done. */
export function SubtasksCard({ task }: { task: TaskDto }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const lead = task.myRole === 'lead'
  const [adding, setAdding] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const list = useQuery({
    queryKey: ['tasks', task.id, 'subtasks'],
    queryFn: () => tasksApi.subtasks(task.id),
  })
  const today = todayIso()

  const toggle = async (s: SubtaskDto) => {
    setBusy(s.id)
    try {
      await tasksApi.updateSubtask(s.id, { status: s.status === 'done' ? 'open' : 'done' })
      message.success(s.status === 'done' ? t('tasks.subtasks.reopened') : t('tasks.subtasks.doneOk'))
      await qc.invalidateQueries({ queryKey: ['tasks', task.id, 'subtasks'] })
      await qc.invalidateQueries({ queryKey: ['tasks', 'mine'] })
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setBusy(null)
    }
  }

  return (
    <Panel
      title={t('tasks.subtasks.title')}
      data-testid="subtasks-card"
      extra={
        lead && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="subtask-add"
          >
            {t('tasks.subtasks.add')}
          </Button>
        )
      }
    >
      <Table<SubtaskDto>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        data-testid="subtasks-table"
        onRow={(s) => ({ 'data-testid': `subtask-row-${s.title}` }) as HTMLAttributes<HTMLElement>}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={list.isError ? errorText(list.error, t) : t('tasks.subtasks.none')}
            />
          ),
        }}
        columns={[
          { title: t('tasks.subtasks.titleField'), dataIndex: 'title', key: 'title' },
          { title: t('tasks.subtasks.owner'), dataIndex: 'ownerName', key: 'owner', width: 160 },
          {
            title: t('tasks.subtasks.deadline'),
            key: 'deadline',
            width: 120,
            render: (_, s) =>
              s.status === 'open' && s.deadline < today ? (
                <Typography.Text type="danger">{s.deadline}</Typography.Text>
              ) : (
                s.deadline
              ),
          },
          {
            title: t('tasks.status'),
            key: 'status',
            width: 90,
            render: (_, s) => (
              <Tag color={s.status === 'done' ? 'success' : 'processing'} data-testid="subtask-status">
                {t(`tasks.subtasks.statuses.${s.status}`)}
              </Tag>
            ),
          },
          ...(lead
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 110,
                  render: (_: unknown, s: SubtaskDto) => (
                    <Button
                      size="small"
                      type={s.status === 'done' ? 'default' : 'primary'}
                      ghost={s.status !== 'done'}
                      icon={s.status === 'done' ? <UndoOutlined /> : <CheckOutlined />}
                      loading={busy === s.id}
                      onClick={() => toggle(s)}
                      data-testid="subtask-toggle"
                    >
                      {s.status === 'done' ? t('tasks.subtasks.reopen') : t('tasks.subtasks.markDone')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <FormModal<{ title: string; ownerName: string; deadline: Dayjs }>
        open={adding}
        title={t('tasks.subtasks.add')}
        onClose={() => setAdding(false)}
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
    </Panel>
  )
}
