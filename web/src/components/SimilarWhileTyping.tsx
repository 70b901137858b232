// Similar findings while a finding is written (debounced): its own module so that only the
// finding form, not every finding page, brings antd's Form with it.
import { useQuery } from '@tanstack/react-query'
import { Form } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SimilarFindingDto } from '../../../common/text'
import { api } from '../api/client'
import { Matches } from './SimilarFindings'

/** Inside a finding form: looks while the title and description are typed (debounced). */
export function SimilarWhileTyping({ targetId, excludeId }: { targetId?: string; excludeId?: string }) {
  const { t } = useTranslation()
  const form = Form.useFormInstance()
  const title = Form.useWatch('title', form) as string | undefined
  const description = Form.useWatch('description', form) as string | undefined
  const text = `${title ?? ''}\n${description ?? ''}`.trim()
  const [debounced, setDebounced] = useState(text)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text), 500)
    return () => clearTimeout(timer)
  }, [text])
  const similar = useQuery({
    queryKey: ['findings', 'similar-text', debounced, targetId, excludeId],
    queryFn: () =>
      api.post<SimilarFindingDto[]>('/api/findings/similar', {
        text: debounced,
        targetId,
        excludeId,
        limit: 5,
      }),
    enabled: debounced.length >= 6,
    placeholderData: (prev) => prev,
  })
  if (debounced.length < 6 || !similar.data?.length) return null
  return (
    <Form.Item label={t('similar.title')}>
      <Matches items={similar.data} testId="similar-while-typing" />
    </Form.Item>
  )
}
