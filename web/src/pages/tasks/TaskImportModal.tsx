import { DownloadOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Flex, InputNumber, Modal, Space, Table, Typography, Upload } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isApiError } from '../../api/client'
import { errorText } from '../../lib/errors'
import { tasksApi, type ImportResult } from './api'

/** Import a year's tasks from the office's sheet: preview (every bad row and column), then all rows or none. */
export function TaskImportModal({
  open,
  onClose,
  defaultYear,
}: {
  open: boolean
  onClose: () => void
  defaultYear: number
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [year, setYear] = useState<number | null>(defaultYear)
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<ImportResult | null>(null)
  const [committed, setCommitted] = useState<ImportResult | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const reset = () => {
    setFile(null)
    setPreview(null)
    setCommitted(null)
    setError(null)
  }
  const close = () => {
    reset()
    setYear(defaultYear)
    onClose()
  }

  const run = async (mode: 'preview' | 'commit') => {
    if (!file || !year) return
    setBusy(true)
    setError(null)
    try {
      const result = await tasksApi.import(year, mode, file)
      if (mode === 'preview') setPreview(result)
      else {
        setCommitted(result)
        message.success(t('tasks.import.committed', { count: result.committed, year }))
        await qc.invalidateQueries({ queryKey: ['tasks'] })
        await qc.invalidateQueries({ queryKey: ['campaigns'] })
      }
    } catch (e) {
      // The sheet changed in between, or a code was taken since the preview: show the new errors.
      if (isApiError(e) && e.code === 'import_invalid' && e.details && typeof e.details === 'object')
        setPreview({ committed: 0, ...(e.details as Omit<ImportResult, 'committed'>) })
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const downloadTemplate = async () => {
    try {
      await tasksApi.template()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const shown = committed ?? preview
  return (
    <Modal
      open={open}
      title={t('tasks.import.title')}
      onCancel={close}
      footer={null}
      width={860}
      destroyOnHidden
    >
      <div data-testid="task-import-modal">
        <Typography.Paragraph type="secondary">{t('tasks.import.hint')}</Typography.Paragraph>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
          <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="task-import-template">
            {t('tasks.import.template')}
          </Button>
          <Space>
            <Typography.Text>{t('tasks.import.year')}</Typography.Text>
            <InputNumber
              aria-label={t('tasks.import.year')}
              min={2000}
              max={2100}
              precision={0}
              value={year}
              disabled={!!committed}
              onChange={(v) => {
                setYear(v)
                setPreview(null)
              }}
              data-testid="task-import-year"
            />
          </Space>
          {!committed && (
            <>
              <Upload
                accept=".xlsx"
                maxCount={1}
                beforeUpload={(f) => {
                  if (!f.name.toLowerCase().endsWith('.xlsx')) {
                    message.error(t('imports.onlyXlsx'))
                    return Upload.LIST_IGNORE
                  }
                  setFile(f)
                  setPreview(null)
                  setError(null)
                  return false
                }}
                onRemove={() => reset()}
                fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
              >
                <Button icon={<UploadOutlined />} data-testid="task-import-pick">
                  {t('imports.pickFile')}
                </Button>
              </Upload>
              <Button
                icon={<EyeOutlined />}
                disabled={!file || !year}
                loading={busy && !preview}
                onClick={() => run('preview')}
                data-testid="task-import-preview"
              >
                {t('tasks.import.preview')}
              </Button>
            </>
          )}
        </Flex>

        {error !== null && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorText(error, t)}
            style={{ marginBottom: 16 }}
            data-testid="task-import-error"
          />
        )}

        {shown && (
          <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="task-import-result">
            {committed ? (
              <Alert
                type="success"
                showIcon
                title={t('tasks.import.committed', { count: committed.committed, year })}
                data-testid="task-import-committed"
              />
            ) : shown.errorCount > 0 ? (
              <Alert
                type="error"
                showIcon
                title={t('tasks.import.invalid', { rows: shown.rows, count: shown.errorCount })}
                data-testid="task-import-invalid"
              />
            ) : shown.rows === 0 ? (
              <Alert type="warning" showIcon title={t('tasks.import.empty')} />
            ) : (
              <Alert
                type="success"
                showIcon
                title={t('tasks.import.valid', { rows: shown.rows, year })}
                data-testid="task-import-valid"
              />
            )}
            {shown.errors.length > 0 && (
              <Table
                rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
                size="small"
                data-testid="task-import-errors"
                title={() => t('imports.errors')}
                dataSource={shown.errors}
                pagination={{ pageSize: 10, showSizeChanger: false }}
                columns={[
                  { title: t('imports.row'), dataIndex: 'row', key: 'row', width: 80 },
                  { title: t('imports.column'), dataIndex: 'column', key: 'column', width: 140 },
                  { title: t('imports.message'), dataIndex: 'message', key: 'message' },
                ]}
              />
            )}
            {shown.sample.length > 0 && shown.errorCount === 0 && (
              <Table
                rowKey="code"
                size="small"
                data-testid="task-import-sample"
                title={() => t('tasks.import.sample', { shown: shown.sample.length, rows: shown.rows })}
                dataSource={shown.sample}
                pagination={false}
                scroll={{ y: 240 }}
                columns={[
                  { title: t('tasks.code'), dataIndex: 'code', key: 'code', width: 110 },
                  { title: t('tasks.titleField'), dataIndex: 'title', key: 'title' },
                  { title: t('tasks.leaderName'), dataIndex: 'leaderName', key: 'leaderName', width: 180 },
                ]}
              />
            )}
          </Space>
        )}

        <Flex justify="end" gap={8} style={{ marginTop: 16 }}>
          <Button onClick={close}>{committed ? t('common.ok') : t('common.cancel')}</Button>
          {preview && !committed && preview.errorCount === 0 && preview.rows > 0 && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => run('commit')}
              data-testid="task-import-commit"
            >
              {t('tasks.import.commit', { rows: preview.rows })}
            </Button>
          )}
        </Flex>
      </div>
    </Modal>
  )
}
