// The reviewer's scoring form, loaded only on a case in review for one who may pass it.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Col, Empty, Form, Input, InputNumber, Row, Space, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isApiError } from '../../api/client'
import { useFeedback } from '../../components/feedback'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { errorText } from '../../lib/errors'
import { casesApi, type CaseDto, type ReviewDecision } from './api'
import { caseKeys, useReviewCriteria } from './labels'

type ReviewValues = Record<string, number | null> & { comment?: string }

/** The reviewer's checklist as the case office keeps it: each active criterion scored, a comment, and pass or return. */
export function ReviewForm({ c }: { c: CaseDto }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [form] = Form.useForm<ReviewValues>()
  const values = Form.useWatch([], form) as ReviewValues | undefined
  const checklist = useReviewCriteria()
  const CRITERIA = (checklist.data?.items ?? []).filter((k) => k.active)
  const total = CRITERIA.reduce((sum, k) => sum + (Number(values?.[k.key]) || 0), 0)
  const full = CRITERIA.reduce((sum, k) => sum + k.max, 0)
  const [error, setError] = useState<unknown>(null)
  const review = useMutation({
    mutationFn: (decision: ReviewDecision) => {
      const v = form.getFieldsValue()
      return casesApi.review(c.id, {
        decision,
        comment: (v.comment ?? '').trim(),
        scores: Object.fromEntries(CRITERIA.map((k) => [k.key, Number(v[k.key])])),
      })
    },
    onSuccess: async (reviews, decision) => {
      qc.setQueryData(caseKeys.reviews(c.id), reviews)
      await qc.invalidateQueries({ queryKey: caseKeys.all })
      form.resetFields()
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
  const decide = async (decision: ReviewDecision) => {
    setError(null)
    try {
      await form.validateFields(CRITERIA.map((k) => k.key))
    } catch {
      return
    }
    if (decision === 'return' && !form.getFieldValue('comment')?.trim()) {
      form.setFields([{ name: 'comment', errors: [t('cases.review.commentRequired')] }])
      return
    }
    review.mutate(decision)
  }

  return (
    <Panel title={t('cases.review.title')} style={{ marginBottom: 16 }} data-testid="case-review-form">
      <Form<ReviewValues> form={form} layout="vertical">
        <Row gutter={16}>
          {CRITERIA.map((k) => (
            <Col key={k.key} xs={12} md={6}>
              <Form.Item
                name={k.key}
                label={`${k.name}（${t('cases.review.max', { max: k.max })}）`}
                tooltip={k.description || undefined}
                rules={[{ required: true, message: t('cases.review.scoreRequired') }]}
              >
                <InputNumber
                  min={0}
                  max={k.max}
                  precision={0}
                  style={{ width: '100%' }}
                  aria-label={k.name}
                  data-testid={`review-score-${k.key}`}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Typography.Paragraph data-testid="review-total">
          {t('cases.review.total')}：<Typography.Text strong>{total}</Typography.Text> / {full}
        </Typography.Paragraph>
        <Form.Item name="comment" label={t('cases.review.comment')}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={10000} data-testid="review-comment" />
        </Form.Item>
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
      </Form>
    </Panel>
  )
}
