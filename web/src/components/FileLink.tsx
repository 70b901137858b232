import { PaperClipOutlined } from '@ant-design/icons'
import { Space, Tooltip, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { filesApi } from '../api/endpoints'
import { formatSize } from '../lib/format'

interface FileLinkProps {
  file: { id: string; name: string; size: number; sha256: string; sm3?: string }
}

/**
 * A stored file as a download link (the browser sends the session cookie; the server checks
 * the owner's policy), with its size and the start of its SHA-256 so copies can be compared.
 */
export function FileLink({ file }: FileLinkProps) {
  const { t } = useTranslation()
  return (
    <Space size={6} wrap data-testid="file-link">
      <a href={filesApi.downloadUrl(file.id)} download={file.name}>
        <PaperClipOutlined /> {file.name}
      </a>
      <Typography.Text type="secondary">{formatSize(file.size)}</Typography.Text>
      <Tooltip
        title={
          <>
            SHA-256: {file.sha256}
            {file.sm3 && (
              <>
                <br />
                SM3: {file.sm3}
              </>
            )}
          </>
        }
      >
        <Typography.Text type="secondary" code data-testid="file-sha">
          {t('files.sha256')} {file.sha256.slice(0, 12)}
        </Typography.Text>
      </Tooltip>
    </Space>
  )
}
