// Suggested common problems: handed-over findings at different targets that say the same thing,
// grouped by the similarity engine, each with its key terms and score; one click makes a common problem.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, List, Space, Tag } from 'antd'
import { lazy, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { SuggestionDto } from '../../../../common/text'
import { api } from '../../api/client'
import { errorText } from '../../lib/errors'
import { Panel } from '../../components/Panel'
import { Deferred } from '../../components/Deferred'
import { LazySlider } from '../../components/LazySlider'
import { RoundSelect } from '../../components/RoundSelect'

// The dialog (Modal, Form) loads when a suggestion is first made into a common problem.
const CommonProblemCreateModal = lazy(() =>
  import('./commonProblems').then((m) => ({ default: m.CommonProblemCreateModal })),
)

export function SuggestionsCard() {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const [roundId, setRoundId] = useState<string | undefined>()
  const [minScore, setMinScore] = useState(0.4)
  const [making, setMaking] = useState<SuggestionDto | null>(null)
  const suggestions = useQuery({
    queryKey: ['common-problems', 'suggestions', roundId, minScore],
    queryFn: () =>
      api.get<{ items: SuggestionDto[]; examined: number }>('/api/common-problems/suggestions', {
        roundId,
        minScore,
      }),
    placeholderData: (prev) => prev,
  })
  return (
    <Panel
      title={t('similar.suggestionsTitle')}
      style={{ marginBottom: 16 }}
      data-testid="common-problem-suggestions"
      extra={
        <Space wrap>
          <RoundSelect
            allowClear
            aria-label={t('similar.round')}
            placeholder={t('similar.allRounds')}
            style={{ width: 180 }}
            value={roundId}
            onChange={setRoundId}
          />
          <Space size={4}>
            <span className="duban-text-secondary">{t('similar.minScore')}</span>
            <LazySlider
              aria-label={t('similar.minScore')}
              ariaLabelForHandle={t('similar.minScore')}
              min={0.2}
              max={1}
              step={0.05}
              value={minScore}
              onChange={setMinScore}
              style={{ width: 120 }}
            />
          </Space>
        </Space>
      }
    >
      <p className="duban-text-secondary duban-paragraph">{t('similar.suggestionsHelp')}</p>
      {suggestions.isError ? (
        <Empty description={errorText(suggestions.error, t)} />
      ) : (
        <List
          loading={suggestions.isFetching}
          dataSource={suggestions.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('similar.noSuggestions')} /> }}
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          renderItem={(g) => (
            <List.Item
              data-testid="suggestion"
              actions={[
                <Button key="make" type="primary" onClick={() => setMaking(g)} data-testid="suggestion-make">
                  {t('similar.make')}
                </Button>,
              ]}
            >
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <strong>
                    {t('similar.group', { targets: g.targetCount, findings: g.findings.length })}
                  </strong>
                  <Tag color="blue">{t('similar.score', { score: Math.round(g.score * 100) })}</Tag>
                  {g.roundCount > 1 && (
                    <Tag color="purple">{t('similar.acrossRounds', { count: g.roundCount })}</Tag>
                  )}
                </Space>
                <Space wrap size={2}>
                  <span className="duban-text-secondary">{t('similar.keyTerms')}</span>
                  {g.keyTerms.map((term) => (
                    <Tag key={term} data-testid="suggestion-term">
                      {term}
                    </Tag>
                  ))}
                </Space>
                {g.findings.map((f) => (
                  <span key={f.id} style={{ fontSize: 13 }}>
                    <Tag bordered={false}>{f.unitName}</Tag>
                    <Link to={`/inspections/findings/${f.id}`}>{f.title}</Link>
                    <span className="duban-text-secondary"> · {f.roundName}</span>
                  </span>
                ))}
              </Space>
            </List.Item>
          )}
        />
      )}
      {making && (
        <Deferred when>
          <CommonProblemCreateModal
            open
            onClose={() => setMaking(null)}
            findings={making.findings}
            initialTitle={making.findings[0]?.title}
            onCreated={() => qc.invalidateQueries({ queryKey: ['common-problems', 'suggestions'] })}
          />
        </Deferred>
      )}
    </Panel>
  )
}
