import { ImportOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Space } from 'antd'
import { lazy, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useAuth } from '../../auth/auth'
import { PageHeader } from '../../components/PageHeader'
import { DEFAULT_TASK_YEAR } from './labels'
import { Deferred } from '../../components/Deferred'
import { TaskLedger } from './TaskLedger'

// The create and import dialogs (Modal, Form, date and number inputs, Upload) load when first opened.
const TaskFormModal = lazy(() => import('./TaskFormModal').then((m) => ({ default: m.TaskFormModal })))
const TaskImportModal = lazy(() => import('./TaskImportModal').then((m) => ({ default: m.TaskImportModal })))

/** 督办台账: every task the user may see, with lights, progress and (for the office) create and import. */
export default function TasksPage() {
  const { t } = useTranslation()
  const { can } = useAuth()
  const office = can('task.manage')
  const [search] = useSearchParams()
  const [creating, setCreating] = useState(false)
  const [importing, setImporting] = useState(false)
  const year = Number(search.get('year')) || DEFAULT_TASK_YEAR

  return (
    <div data-testid="tasks-page">
      <PageHeader
        title={t('tasks.ledgerTitle')}
        extra={
          office && (
            <Space>
              <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="task-import">
                {t('tasks.import.button')}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="task-create"
              >
                {t('tasks.create')}
              </Button>
            </Space>
          )
        }
      />
      <TaskLedger />
      {office && (
        <>
          <Deferred when={creating}>
            <TaskFormModal open={creating} onClose={() => setCreating(false)} defaultYear={year} />
          </Deferred>
          <Deferred when={importing}>
            <TaskImportModal
              key={year}
              open={importing}
              onClose={() => setImporting(false)}
              defaultYear={year}
            />
          </Deferred>
        </>
      )}
    </div>
  )
}
