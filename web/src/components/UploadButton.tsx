import { UploadOutlined } from '@ant-design/icons'
import { Button } from 'antd'
import { useFeedback } from './feedback'
import { useRef, useState, type DragEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { filesApi, type FileOwner, type StoredFile } from '../api/endpoints'
import { errorText } from '../lib/errors'

/** What the server accepts (it checks the content as well as the name). */
export const ACCEPTED_FILES = '.pdf,.ofd,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif,.bmp,.tif,.tiff,.zip'
const ACCEPTED = ACCEPTED_FILES.split(',')

interface UploadButtonProps {
  ownerType: FileOwner
  ownerId: string
  label?: string
  onUploaded?: (file: StoredFile) => unknown
  testId?: string
  size?: 'small' | 'middle'
}

/**
 * Uploads files one by one to an owner; each refusal (type, size, name) is shown with its file name.
 * A button over the browser's own file input, which is all antd's Upload (with its file list and
 * progress, about 16 KB gzipped) did here; files dropped on the button are taken too.
 */
export function UploadButton({ ownerType, ownerId, label, onUploaded, testId, size }: UploadButtonProps) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const [busy, setBusy] = useState(0)
  const input = useRef<HTMLInputElement>(null)

  const upload = (file: File) => {
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
  }
  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    for (const file of e.dataTransfer.files)
      if (ACCEPTED.some((ext) => file.name.toLowerCase().endsWith(ext))) upload(file)
  }

  return (
    <span className="duban-upload" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        hidden
        onChange={(e) => {
          const files = [...(e.target.files ?? [])]
          // The same file may be chosen again after a refusal.
          e.target.value = ''
          files.forEach(upload)
        }}
      />
      <Button
        icon={<UploadOutlined />}
        loading={busy > 0}
        size={size}
        data-testid={testId}
        onClick={() => input.current?.click()}
      >
        {label ?? t('files.upload')}
      </Button>
    </span>
  )
}
