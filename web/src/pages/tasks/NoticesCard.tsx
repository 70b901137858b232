import { useQuery } from '@tanstack/react-query'
import { Typography } from 'antd'
import type { HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { formatTime } from '../../lib/format'
import { tasksApi, type TaskDto } from './api'
import { Panel } from '../../components/Panel'
import { SimpleTable } from '../../components/SimpleTable'

/** The supervision notices (督办单) issued on a task, for the office and the lead department. */
export function NoticesCard({ task }: { task: TaskDto }) {
  const { t } = useTranslation()
  const notices = useQuery({
    queryKey: ['supervision-notices', 'list', task.id],
    queryFn: () => tasksApi.notices(task.id),
  })
  return (
    <Panel title={t('tasks.notices.title')} style={{ marginBottom: 16 }} data-testid="notices-card">
      <SimpleTable
        size="small"
        rowKey="id"
        loading={notices.isPending}
        dataSource={notices.data ?? []}
        locale={{ emptyText: t('tasks.notices.none') }}
        onRow={(n) => ({ 'data-testid': `notice-row-${n.number}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('tasks.notices.number'),
            dataIndex: 'number',
            width: 170,
            render: (number: string, n) => (
              <Link to={`/tasks/notices/${n.id}`} data-testid="notice-link">
                {number}
              </Link>
            ),
          },
          {
            title: t('tasks.notices.content'),
            dataIndex: 'content',
            render: (c: string) => (
              <Typography.Text ellipsis={{ tooltip: c }} style={{ maxWidth: 480 }}>
                {c}
              </Typography.Text>
            ),
          },
          {
            title: t('tasks.quarter'),
            dataIndex: 'quarter',
            width: 110,
            render: (q: number | null) => (q ? t('tasks.quarterTab', { quarter: q }) : '—'),
          },
          {
            title: t('tasks.notices.dueDate'),
            dataIndex: 'dueDate',
            width: 120,
            render: (d: string | null) => d ?? '—',
          },
          { title: t('tasks.notices.issuedBy'), dataIndex: 'issuedByName', width: 120 },
          {
            title: t('tasks.notices.issuedAt'),
            dataIndex: 'issuedAt',
            width: 170,
            render: (d: string) => formatTime(d),
          },
        ]}
      />
    </Panel>
  )
}
