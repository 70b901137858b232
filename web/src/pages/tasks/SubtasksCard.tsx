import { CheckOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Tag, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import { lazy, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Deferred } from '../../components/Deferred'
import { errorText } from '../../lib/errors'
import { tasksApi, type SubtaskDto, type TaskDto } from './api'
import { todayIso } from './labels'
import { Panel } from '../../components/Panel'
import { SimpleTable } from '../../components/SimpleTable'

// The add dialog (Modal, Form, date picker) loads when first opened.
const SubtaskFormModal = lazy(() =>
  import('./SubtaskFormModal').then((m) => ({ default: m.SubtaskFormModal })),
)

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
      <SimpleTable<SubtaskDto>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
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
      <Deferred when={adding}>
        <SubtaskFormModal open={adding} task={task} onClose={() => setAdding(false)} />
      </Deferred>
    </Panel>
  )
}
