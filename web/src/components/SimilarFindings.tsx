// "Similar findings elsewhere": findings at other targets that say what this one says, with
// the score and the shared terms that explain each match (server/modules/text/similar.service.ts).
import { useQuery } from '@tanstack/react-query'
import { Empty, Space, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { SimilarFindingDto } from '../../../common/text'
import { api } from '../api/client'
import { Panel } from './Panel'
import '../styles/simple-list.css'

export function Matches({ items, testId }: { items: SimilarFindingDto[]; testId: string }) {
  const { t } = useTranslation()
  // Drawn like antd's small List, which would bring its Pagination and Spin to a finding's page.
  if (!items.length)
    return (
      <div className="duban-list-empty" data-testid={testId}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('similar.none')} />
      </div>
    )
  return (
    <ul className="duban-plain-list duban-list-small" data-testid={testId}>
      {items.map((s) => (
        <li key={s.id} className="duban-list-item" data-testid="similar-finding">
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap size={4}>
              <Link to={`/inspections/findings/${s.id}`}>{s.title}</Link>
              <Tag color="blue">{t('similar.score', { score: Math.round(s.score * 100) })}</Tag>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.unitName} · {s.roundName} · {s.categoryName}
            </Typography.Text>
            {s.sharedTerms.length > 0 && (
              <Space wrap size={2}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('similar.because')}
                </Typography.Text>
                {s.sharedTerms.map((term) => (
                  <Tag key={term.term} bordered={false}>
                    {term.term}
                  </Tag>
                ))}
              </Space>
            )}
          </Space>
        </li>
      ))}
    </ul>
  )
}

/** On a finding's page. */
export function SimilarFindingsCard({ findingId }: { findingId: string }) {
  const { t } = useTranslation()
  const similar = useQuery({
    queryKey: ['findings', findingId, 'similar'],
    queryFn: () => api.get<SimilarFindingDto[]>(`/api/findings/${findingId}/similar`),
  })
  return (
    <Panel title={t('similar.title')} size="small" style={{ marginTop: 16 }} loading={similar.isPending}>
      <Matches items={similar.data ?? []} testId="similar-findings" />
    </Panel>
  )
}
