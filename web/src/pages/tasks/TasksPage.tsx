import { ImportOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Space } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useAuth } from '../../auth/auth'
import { PageHeader } from '../../components/PageHeader'
import { DEFAULT_TASK_YEAR } from './labels'
import { TaskFormModal } from './TaskFormModal'
import { TaskImportModal } from './TaskImportModal'
import { TaskLedger } from './TaskLedger'

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
          <TaskFormModal open={creating} onClose={() => setCreating(false)} defaultYear={year} />
          <TaskImportModal
            key={year}
            open={importing}
            onClose={() => setImporting(false)}
            defaultYear={year}
          />
        </>
      )}
    </div>
  )
}
