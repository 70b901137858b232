import { UploadOutlined } from '@ant-design/icons'
import { Button, Upload } from 'antd'
import { useFeedback } from './feedback'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { filesApi, type FileOwner, type StoredFile } from '../api/endpoints'
import { errorText } from '../lib/errors'

/** What the server accepts (it checks the content as well as the name). */
export const ACCEPTED_FILES = '.pdf,.ofd,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif,.bmp,.tif,.tiff,.zip'

interface UploadButtonProps {
  ownerType: FileOwner
  ownerId: string
  label?: string
  onUploaded?: (file: StoredFile) => unknown
  testId?: string
  size?: 'small' | 'middle'
}

/** Uploads files one by one to an owner; each refusal (type, size, name) is shown with its file name. */
export function UploadButton({ ownerType, ownerId, label, onUploaded, testId, size }: UploadButtonProps) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const [busy, setBusy] = useState(0)
  return (
    <Upload
      multiple
      accept={ACCEPTED_FILES}
      showUploadList={false}
      beforeUpload={(file) => {
        setBusy((n) => n + 1)
        filesApi
          .upload(ownerType, ownerId, file)
          .then(async (saved) => {
            message.success(t('files.uploaded', { name: saved.name }))
            await onUploaded?.(saved)
          })
          .catch((e: unknown) =>
            message.error(t('progress.uploadFailed', { name: file.name, message: errorText(e, t) })),
          )
          .finally(() => setBusy((n) => n - 1))
        return false
      }}
    >
      <Button icon={<UploadOutlined />} loading={busy > 0} size={size} data-testid={testId}>
        {label ?? t('files.upload')}
      </Button>
    </Upload>
  )
}
