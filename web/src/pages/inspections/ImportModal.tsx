import { DownloadOutlined, UploadOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Flex, Modal, Progress, Space, Table, Typography, Upload } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { findingImportApi, type ImportJob } from '../../api/endpoints'
import { errorText } from '../../lib/errors'

const RUNNING: readonly ImportJob['status'][] = ['validating', 'committing']

/** Upload a findings ledger (.xlsx), watch it validate, read the errors, commit all rows or none. */
export function ImportModal({
  targetId,
  open,
  onClose,
}: {
  targetId: string
  open: boolean
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [file, setFile] = useState<File | null>(null)
  const [jobId, setJobId] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const job = useQuery({
    queryKey: ['findings', 'import', jobId],
    queryFn: () => findingImportApi.get(jobId!),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data && RUNNING.includes(q.state.data.status) ? 500 : false),
  })
  const j = job.data

  const reset = () => {
    setFile(null)
    setJobId(null)
    setError(null)
  }
  const close = () => {
    reset()
    onClose()
  }

  const run = async (fn: () => Promise<ImportJob>) => {
    setBusy(true)
    setError(null)
    try {
      const started = await fn()
      qc.setQueryData(['findings', 'import', started.id], started)
      setJobId(started.id)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const committed = j?.status === 'committed'
  useEffect(() => {
    if (!committed) return
    void qc.invalidateQueries({ queryKey: ['findings', 'list'] })
    void qc.invalidateQueries({ queryKey: ['targets'] })
    void qc.invalidateQueries({ queryKey: ['rounds'] })
  }, [committed, qc])

  const downloadTemplate = async () => {
    try {
      await findingImportApi.template()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const percent = j?.rowCount ? Math.min(100, Math.round((j.processed / j.rowCount) * 100)) : 0
  return (
    <Modal open={open} title={t('imports.title')} onCancel={close} footer={null} width={860} destroyOnHidden>
      <div data-testid="import-modal">
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="import-template">
            {t('imports.template')}
          </Button>
          {!jobId && (
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
                  return false
                }}
                onRemove={() => setFile(null)}
                fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
              >
                <Button icon={<UploadOutlined />} data-testid="import-pick">
                  {t('imports.pickFile')}
                </Button>
              </Upload>
              <Button
                type="primary"
                disabled={!file}
                loading={busy}
                onClick={() => run(() => findingImportApi.start(targetId, file!))}
                data-testid="import-upload"
              >
                {t('imports.upload')}
              </Button>
            </>
          )}
          {jobId && j && !RUNNING.includes(j.status) && !committed && (
            <Button onClick={reset} data-testid="import-again">
              {t('imports.again')}
            </Button>
          )}
        </Flex>

        {error !== null && (
          <Alert
            type="error"
            showIcon
            title={errorText(error, t)}
            style={{ marginBottom: 16 }}
            role="alert"
          />
        )}
        {job.isError && (
          <Alert type="error" showIcon title={errorText(job.error, t)} style={{ marginBottom: 16 }} />
        )}

        {j && (
          <Space
            orientation="vertical"
            style={{ width: '100%' }}
            size={12}
            data-testid={`import-${j.status}`}
          >
            {RUNNING.includes(j.status) && (
              <>
                <Typography.Text>
                  {j.status === 'validating' ? t('imports.validating') : t('imports.committing')}{' '}
                  {j.rowCount !== null &&
                    t('imports.progress', { processed: j.processed, total: j.rowCount })}
                </Typography.Text>
                <Progress percent={percent} status="active" data-testid="import-progress" />
              </>
            )}
            {j.status === 'valid' && (
              <Alert type="success" showIcon title={t('imports.valid', { count: j.rowCount ?? 0 })} />
            )}
            {j.status === 'invalid' && (
              <Alert type="error" showIcon title={t('imports.invalid', { count: j.errorCount })} />
            )}
            {j.status === 'committed' && (
              <Alert type="success" showIcon title={t('imports.committed', { count: j.committedCount })} />
            )}
            {j.status === 'failed' && (
              <Alert type="error" showIcon title={t('imports.failed', { message: j.message ?? '' })} />
            )}
            {j.errors.length > 0 && (
              <Table
                rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
                size="small"
                data-testid="import-errors"
                title={() => t('imports.errors')}
                dataSource={j.errors}
                pagination={{ pageSize: 10, showSizeChanger: false }}
                columns={[
                  { title: t('imports.row'), dataIndex: 'row', key: 'row', width: 80 },
                  { title: t('imports.column'), dataIndex: 'column', key: 'column', width: 140 },
                  { title: t('imports.message'), dataIndex: 'message', key: 'message' },
                ]}
              />
            )}
            {j.sample.length > 0 && j.status !== 'invalid' && (
              <Table
                rowKey="row"
                size="small"
                data-testid="import-sample"
                title={() => t('imports.sample')}
                dataSource={j.sample}
                pagination={false}
                scroll={{ y: 240 }}
                columns={[
                  { title: t('imports.row'), dataIndex: 'row', key: 'row', width: 70 },
                  { title: t('findings.titleField'), dataIndex: 'title', key: 'title' },
                  { title: t('findings.category'), dataIndex: 'category', key: 'category', width: 180 },
                  { title: t('findings.severity'), dataIndex: 'severity', key: 'severity', width: 90 },
                  { title: t('findings.source'), dataIndex: 'source', key: 'source', width: 100 },
                ]}
              />
            )}
          </Space>
        )}

        <Flex justify="end" gap={8} style={{ marginTop: 16 }}>
          <Button onClick={close}>{committed ? t('common.ok') : t('common.cancel')}</Button>
          {j?.status === 'valid' && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => run(() => findingImportApi.commit(j.id))}
              data-testid="import-commit"
            >
              {t('imports.commit')}
            </Button>
          )}
        </Flex>
      </div>
    </Modal>
  )
}
