// The reviewer's scoring form, loaded only on a case in review for one who may pass it.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Col, Empty, Row, Space, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isApiError } from '../../api/client'
import { useFeedback } from '../../components/feedback'
import { FormField, NumberInput, TextArea } from '../../components/FormField'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { errorText } from '../../lib/errors'
import { casesApi, type CaseDto, type ReviewDecision } from './api'
import { caseKeys, useReviewCriteria } from './labels'

/**
 * The reviewer's checklist as the case office keeps it: each active criterion scored, a comment,
 * and pass or return. Light fields (FormField) keep the case's page within its JavaScript budget.
 */
export function ReviewForm({ c }: { c: CaseDto }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [scores, setScores] = useState<Record<string, number | null>>({})
  const [comment, setComment] = useState('')
  /** Messages by criterion key, and under 'comment'. */
  const [invalid, setInvalid] = useState<Record<string, string>>({})
  const checklist = useReviewCriteria()
  const CRITERIA = (checklist.data?.items ?? []).filter((k) => k.active)
  const total = CRITERIA.reduce((sum, k) => sum + (scores[k.key] ?? 0), 0)
  const full = CRITERIA.reduce((sum, k) => sum + k.max, 0)
  const [error, setError] = useState<unknown>(null)
  const review = useMutation({
    mutationFn: (decision: ReviewDecision) =>
      casesApi.review(c.id, {
        decision,
        comment: comment.trim(),
        scores: Object.fromEntries(CRITERIA.map((k) => [k.key, Number(scores[k.key])])),
      }),
    onSuccess: async (reviews, decision) => {
      qc.setQueryData(caseKeys.reviews(c.id), reviews)
      await qc.invalidateQueries({ queryKey: caseKeys.all })
      setScores({})
      setComment('')
      setInvalid({})
      message.success(t('cases.detail.actionDone', { action: t(`cases.review.decisions.${decision}`) }))
    },
    onError: async (e) => {
      setError(e)
      // The checklist changed while the form was open: load the current one.
      if (isApiError(e) && e.code.startsWith('score_'))
        await qc.invalidateQueries({ queryKey: caseKeys.criteria })
    },
  })
  if (checklist.isPending) return <Loading />
  if (checklist.isError)
    return (
      <Panel title={t('cases.review.title')} style={{ marginBottom: 16 }}>
        <Empty description={errorText(checklist.error, t)} />
      </Panel>
    )
  const idOf = (key: string) => `case-review-${key}`
  const decide = (decision: ReviewDecision) => {
    setError(null)
    const found: Record<string, string> = {}
    for (const k of CRITERIA)
      if (scores[k.key] === null || scores[k.key] === undefined)
        found[k.key] = t('cases.review.scoreRequired')
    if (!Object.keys(found).length && decision === 'return' && !comment.trim())
      found.comment = t('cases.review.commentRequired')
    setInvalid(found)
    const first = Object.keys(found)[0]
    if (first) {
      document.getElementById(idOf(first))?.focus()
      return
    }
    review.mutate(decision)
  }
  // A score given clears its message; a comment written clears the comment's.
  const score = (key: string, value: number | null) => {
    setScores((s) => ({ ...s, [key]: value }))
    if (invalid[key] && value !== null) setInvalid(({ [key]: _, ...rest }) => rest)
  }

  return (
    <Panel title={t('cases.review.title')} style={{ marginBottom: 16 }} data-testid="case-review-form">
      <form onSubmit={(e) => e.preventDefault()} noValidate>
        <Row gutter={16}>
          {CRITERIA.map((k) => (
            <Col key={k.key} xs={12} md={6}>
              <FormField
                id={idOf(k.key)}
                label={`${k.name}（${t('cases.review.max', { max: k.max })}）`}
                tooltip={k.description || undefined}
                required
                error={invalid[k.key]}
              >
                {(aria) => (
                  <NumberInput
                    {...aria}
                    min={0}
                    max={k.max}
                    value={scores[k.key] ?? null}
                    onChange={(v) => score(k.key, v)}
                    aria-label={k.name}
                    data-testid={`review-score-${k.key}`}
                  />
                )}
              </FormField>
            </Col>
          ))}
        </Row>
        <Typography.Paragraph data-testid="review-total">
          {t('cases.review.total')}：<Typography.Text strong>{total}</Typography.Text> / {full}
        </Typography.Paragraph>
        <FormField id={idOf('comment')} label={t('cases.review.comment')} error={invalid.comment}>
          {(aria) => (
            <TextArea
              {...aria}
              autoSize
              rows={3}
              maxLength={10000}
              value={comment}
              onChange={(e) => {
                setComment(e.target.value)
                if (invalid.comment && e.target.value.trim()) setInvalid(({ comment: _, ...rest }) => rest)
              }}
              data-testid="review-comment"
            />
          )}
        </FormField>
        {error !== null && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorText(error, t)}
            style={{ marginBottom: 16 }}
          />
        )}
        <Space>
          <Button
            type="primary"
            loading={review.isPending && review.variables === 'pass'}
            onClick={() => decide('pass')}
            data-testid="review-pass"
          >
            {t('cases.review.decisions.pass')}
          </Button>
          <Button
            danger
            loading={review.isPending && review.variables === 'return'}
            onClick={() => decide('return')}
            data-testid="review-return"
          >
            {t('cases.review.decisions.return')}
          </Button>
        </Space>
      </form>
    </Panel>
  )
}
