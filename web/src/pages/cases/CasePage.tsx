import { TextOriginals } from '../../components/TextOriginals'
import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Col, Descriptions, Empty, Flex, List, Row, Space, Tag, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import { lazy, Suspense, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { isApiError } from '../../api/client'
import { useAuth } from '../../auth/auth'
import { Deferred } from '../../components/Deferred'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { NotFoundPage } from '../ErrorPages'
import {
  casesApi,
  type CaseAction,
  type CaseDto,
  type CaseImportResult,
  type ReviewDto,
  type ScoredCriterion,
  type UseDto,
} from './api'
import {
  caseKeys,
  DomainTag,
  EDITABLE,
  KindTag,
  NumberLabel,
  REASON_ACTIONS,
  StatusTag,
  UseBadge,
} from './labels'
import { Panel } from '../../components/Panel'
import { SimpleTable } from '../../components/SimpleTable'
import { Result } from '../../components/LazyResult'

// The editing dialogs and the reviewer's scoring form (Modal, Form, InputNumber, pickers) load
// when first opened or shown.
const CaseFormModal = lazy(() => import('./CaseFormModal').then((m) => ({ default: m.CaseFormModal })))
const CaseReasonModal = lazy(() => import('./CaseDialogs').then((m) => ({ default: m.CaseReasonModal })))
const CaseUseModal = lazy(() => import('./CaseDialogs').then((m) => ({ default: m.CaseUseModal })))
const ReviewForm = lazy(() => import('./ReviewForm').then((m) => ({ default: m.ReviewForm })))

const SECTIONS = ['gist', 'facts', 'procuratorialWork', 'significance'] as const
/** The scoring form decides return and pass; the other actions are buttons. */
const REVIEW_ACTIONS: CaseAction[] = ['return', 'pass']

/** A case: its sections, status and number; related cases and study and use; the workflow for editors and reviewers. */
export default function CasePage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const { can } = useAuth()
  const navigate = useNavigate()
  const location = useLocation()
  const [editing, setEditing] = useState(false)
  const found = useQuery({ queryKey: caseKeys.one(id), queryFn: () => casesApi.get(id) })
  // What the Word import found, handed over by the management page when it opens the new draft.
  const imported = (location.state as { imported?: CaseImportResult } | null)?.imported
  const importedHere = imported?.case.id === id ? imported : undefined
  const c = found.data
  const staff = can('case.write') || can('case.review')

  if (found.isPending) return <Loading />
  if (found.isError) {
    if (isApiError(found.error) && found.error.status === 404) return <NotFoundPage />
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(found.error, t)} />
  }
  if (!c) return <NotFoundPage />
  const editable = can('case.write') && EDITABLE.includes(c.status)

  return (
    <div data-testid="case-page">
      <PageHeader
        title={c.title}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('cases.detail.back')}
            </Button>
            {editable && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="case-edit">
                {t('common.edit')}
              </Button>
            )}
            <CaseActions c={c} />
          </Space>
        }
      />
      {importedHere && <ImportNotice result={importedHere} />}
      {staff && !importedHere && (
        <TextOriginals
          url={`/api/cases/${c.id}/text-originals`}
          values={{
            title: c.title,
            gist: c.gist,
            facts: c.facts,
            procuratorialWork: c.procuratorialWork,
            significance: c.significance,
          }}
          labels={{
            title: 'cases.fields.title',
            gist: 'cases.fields.gist',
            facts: 'cases.fields.facts',
            procuratorialWork: 'cases.fields.procuratorialWork',
            significance: 'cases.fields.significance',
          }}
        />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Panel style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="case-meta">
              <Descriptions.Item label={t('cases.fields.number')}>
                {c.numberLabel ? <NumberLabel label={c.numberLabel} /> : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.fields.status')}>
                <StatusTag status={c.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.fields.kind')}>
                <KindTag kind={c.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.fields.domain')}>
                <DomainTag domain={c.domain} />
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.fields.batch')}>
                <span data-testid="case-batch">{c.batchName ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.fields.publishedAt')}>
                {c.publishedAt ? formatTime(c.publishedAt) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.fields.sourceUnit')}>{c.sourceUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('cases.fields.createdAt')}>
                {formatTime(c.createdAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.usage.column')}>
                <UseBadge count={c.useCount} />
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.fields.keywords')} span={2}>
                <Flex wrap gap={4} data-testid="case-keywords">
                  {c.keywords.length ? c.keywords.map((k) => <Tag key={k}>{k}</Tag>) : '—'}
                </Flex>
              </Descriptions.Item>
            </Descriptions>
          </Panel>
          {SECTIONS.map((s) => (
            <Panel
              key={s}
              size="small"
              title={t(`cases.fields.${s}`)}
              style={{ marginBottom: 16 }}
              data-testid={`case-${s}`}
            >
              {c[s] ? (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {c[s]}
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              )}
            </Panel>
          ))}
          <Panel
            size="small"
            title={t('cases.fields.relatedLaws')}
            style={{ marginBottom: 16 }}
            data-testid="case-laws"
          >
            {c.relatedLaws.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {c.relatedLaws.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            )}
          </Panel>
          {c.actions.includes('pass') && c.status === 'in_review' && (
            <Suspense fallback={<Loading />}>
              <ReviewForm c={c} />
            </Suspense>
          )}
          {staff && <ReviewHistory id={c.id} />}
        </Col>
        <Col xs={24} xl={8}>
          <RelatedCases id={c.id} />
          <CaseUses c={c} />
        </Col>
      </Row>
      <Deferred when={editing}>
        <CaseFormModal editing={c} open={editing} onClose={() => setEditing(false)} />
      </Deferred>
    </div>
  )
}

/** The workflow buttons this user may press; return, reject and withdraw ask for a reason. */
function CaseActions({ c }: { c: CaseDto }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [asking, setAsking] = useState<CaseAction | null>(null)
  const move = useMutation({
    mutationFn: ({ action, reason }: { action: CaseAction; reason?: string }) =>
      casesApi.transition(c.id, action, reason),
    onSuccess: async (next, { action }) => {
      qc.setQueryData(caseKeys.one(c.id), next)
      await qc.invalidateQueries({ queryKey: caseKeys.all })
      message.success(t('cases.detail.actionDone', { action: t(`cases.actions.${action}`) }))
    },
  })
  const actions = (c.actions as CaseAction[]).filter(
    (a) => !(c.status === 'in_review' && REVIEW_ACTIONS.includes(a)),
  )

  return (
    <>
      {actions.map((a) => (
        <Button
          key={a}
          type={a === 'reject' || a === 'withdraw' || a === 'return' ? 'default' : 'primary'}
          danger={a === 'reject' || a === 'withdraw'}
          loading={move.isPending && move.variables?.action === a}
          data-testid={`case-action-${a}`}
          onClick={() =>
            REASON_ACTIONS.includes(a)
              ? setAsking(a)
              : move.mutate({ action: a }, { onError: (e) => message.error(errorText(e, t)) })
          }
        >
          {t(`cases.actions.${a}`)}
        </Button>
      ))}
      <Deferred when={asking !== null}>
        <CaseReasonModal
          action={asking}
          onClose={() => setAsking(null)}
          onSubmit={(action, reason) => move.mutateAsync({ action, reason })}
        />
      </Deferred>
    </>
  )
}

/** What the Word import changed and the damaged runs (乱码) the editor should fix before submitting. */
function ImportNotice({ result }: { result: CaseImportResult }) {
  const { t } = useTranslation()
  const fieldName = (field: string) => {
    const [name, index] = field.split(/[[\]]/)
    const label = t(`cases.fields.${name}`, { defaultValue: name })
    return index !== undefined ? t('cases.import.item', { field: label, n: Number(index) + 1 }) : label
  }
  return (
    <Alert
      type={result.flags.length ? 'warning' : 'success'}
      showIcon
      closable
      style={{ marginBottom: 16 }}
      data-testid="case-import-notice"
      title={
        result.flags.length
          ? t('cases.import.flagged', { count: result.flags.length })
          : t('cases.import.clean')
      }
      description={
        <Space orientation="vertical" size={4}>
          {(result.changes.pinyinRemoved > 0 || result.changes.widthFolded > 0) && (
            <Typography.Text type="secondary">
              {t('cases.import.changes', {
                pinyin: result.changes.pinyinRemoved,
                width: result.changes.widthFolded,
              })}
            </Typography.Text>
          )}
          {result.notes.map((n) => (
            <Typography.Text key={n}>{n}</Typography.Text>
          ))}
          {result.flags.length > 0 && (
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="case-import-flags">
              {result.flags.map((f, i) => (
                <li key={i}>
                  {fieldName(f.field)}：…{f.context}…（<Typography.Text mark>{f.text}</Typography.Text>）
                </li>
              ))}
            </ul>
          )}
          {result.flags.length > 0 && (
            <Typography.Text type="secondary">{t('cases.import.fixHint')}</Typography.Text>
          )}
        </Space>
      }
    />
  )
}

/** A reviewer's scoring (the history also lists the workflow steps, which carry no scores). */
const scored = (r: ReviewDto) => Object.keys(r.scores).length > 0

/** Scored rounds side by side: one column a round, one row a criterion, each on the list it was scored on. */
function ReviewComparison({ reviews }: { reviews: ReviewDto[] }) {
  const { t } = useTranslation()
  const rounds = reviews.filter(scored)
  if (rounds.length === 0) return null
  // Criteria in the order they first appear; a round scored on a list without one shows "—".
  const rows: ScoredCriterion[] = []
  for (const r of rounds) for (const k of r.criteria) if (!rows.some((x) => x.key === k.key)) rows.push(k)
  type Row = { key: string; name: string; cells: (string | number)[] }
  const data: Row[] = [
    ...rows.map((k) => ({
      key: k.key,
      name: k.name,
      cells: rounds.map((r) => {
        const on = r.criteria.find((x) => x.key === k.key)
        return on ? `${r.scores[k.key] ?? '—'} / ${on.max}` : '—'
      }),
    })),
    {
      key: '__total',
      name: t('cases.review.total'),
      cells: rounds.map((r) => `${r.total} / ${r.criteria.reduce((s, k) => s + k.max, 0)}`),
    },
  ]
  return (
    <SimpleTable<Row>
      rowKey="key"
      size="small"
      bordered
      style={{ marginBottom: 16 }}
      data-testid="review-comparison"
      title={() => <Typography.Text strong>{t('cases.review.compare')}</Typography.Text>}
      dataSource={data}
      scroll={{ x: true }}
      columns={[
        { title: t('cases.review.criterion'), dataIndex: 'name', key: 'name', fixed: 'left', width: 160 },
        ...rounds.map((r, i) => ({
          title: (
            <Space size={4}>
              {t('cases.review.round', { round: r.round })}
              <Tag color={r.action === 'pass' ? 'success' : 'warning'}>
                {t(`cases.actions.${r.action}`, { defaultValue: r.action })}
              </Tag>
            </Space>
          ),
          key: r.id,
          render: (_: unknown, row: Row) =>
            row.key === '__total' ? <Typography.Text strong>{row.cells[i]}</Typography.Text> : row.cells[i],
        })),
      ]}
    />
  )
}

/** Every review round with its scores, total and comment. */
function ReviewHistory({ id }: { id: string }) {
  const { t } = useTranslation()
  const reviews = useQuery({ queryKey: caseKeys.reviews(id), queryFn: () => casesApi.reviews(id) })
  return (
    <Panel title={t('cases.review.history')} style={{ marginBottom: 16 }} data-testid="case-review-history">
      {reviews.data && <ReviewComparison reviews={reviews.data} />}
      {reviews.isError ? (
        <Empty description={errorText(reviews.error, t)} />
      ) : (
        <SimpleTable<ReviewDto>
          rowKey="id"
          size="small"
          loading={reviews.isFetching}
          dataSource={reviews.data ?? []}
          locale={{ emptyText: <Empty description={t('cases.review.none')} /> }}
          onRow={(r) =>
            ({
              'data-testid': `review-round-${r.round}`,
              'data-action': r.action,
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('cases.review.roundCol'),
              key: 'round',
              width: 90,
              render: (_, r) => t('cases.review.round', { round: r.round }),
            },
            {
              title: t('cases.review.decision'),
              key: 'action',
              width: 100,
              render: (_, r) => (
                <Tag color={r.action === 'pass' ? 'success' : r.action === 'return' ? 'warning' : 'default'}>
                  {t(`cases.actions.${r.action}`, { defaultValue: r.action })}
                </Tag>
              ),
            },
            {
              title: t('cases.review.scores'),
              key: 'scores',
              render: (_, r) =>
                !scored(r) ? (
                  '—'
                ) : (
                  <Space orientation="vertical" size={0}>
                    {r.criteria.map((k) => (
                      <Typography.Text key={k.key} type="secondary" style={{ fontSize: 12 }}>
                        {k.name} {r.scores[k.key] ?? '—'}/{k.max}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
            },
            {
              title: t('cases.review.total'),
              key: 'total',
              width: 70,
              render: (_, r) => (scored(r) ? r.total : '—'),
            },
            { title: t('cases.review.comment'), dataIndex: 'comment', key: 'comment' },
            {
              title: t('cases.review.reviewer'),
              key: 'reviewer',
              width: 150,
              render: (_, r) => (
                <Space orientation="vertical" size={0}>
                  <span>{r.reviewerName ?? '—'}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(r.createdAt)}
                  </Typography.Text>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Panel>
  )
}

function RelatedCases({ id }: { id: string }) {
  const { t } = useTranslation()
  const related = useQuery({ queryKey: caseKeys.related(id), queryFn: () => casesApi.related(id) })
  return (
    <Panel title={t('cases.detail.related')} style={{ marginBottom: 16 }} data-testid="case-related">
      <List
        size="small"
        loading={related.isPending}
        dataSource={related.data ?? []}
        locale={{
          emptyText: (
            <Empty
              description={related.isError ? errorText(related.error, t) : t('cases.detail.noRelated')}
            />
          ),
        }}
        renderItem={(h) => (
          <List.Item data-testid="related-case">
            <Space orientation="vertical" size={2}>
              <Link to={`/cases/${h.id}`}>{h.title}</Link>
              <Space size={4} wrap>
                <NumberLabel label={h.numberLabel} />
                <KindTag kind={h.kind} />
                <DomainTag domain={h.domain} />
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </Panel>
  )
}

/** 学习运用: units record when they studied the case or cited it in handling a matter. */
function CaseUses({ c }: { c: CaseDto }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const uses = useQuery({ queryKey: caseKeys.uses(c.id), queryFn: () => casesApi.uses(c.id) })
  const published = c.status === 'published'

  return (
    <Panel
      title={t('cases.uses.title')}
      data-testid="case-uses"
      extra={
        published && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setOpen(true)}
            data-testid="case-use-record"
          >
            {t('cases.uses.record')}
          </Button>
        )
      }
    >
      {!published && (
        <Typography.Paragraph type="secondary">{t('cases.uses.onlyPublished')}</Typography.Paragraph>
      )}
      <List<UseDto>
        size="small"
        loading={uses.isPending}
        dataSource={uses.data ?? []}
        locale={{
          emptyText: <Empty description={uses.isError ? errorText(uses.error, t) : t('cases.uses.none')} />,
        }}
        renderItem={(u) => (
          <List.Item data-testid="case-use">
            <Space orientation="vertical" size={2}>
              <Space size={6} wrap>
                <Tag color={u.kind === 'cited' ? 'magenta' : 'geekblue'}>
                  {t(`cases.uses.kinds.${u.kind}`)}
                </Tag>
                <Typography.Text>{u.usedOn}</Typography.Text>
                <Typography.Text type="secondary">{u.unitName}</Typography.Text>
              </Space>
              {u.matter && <Typography.Text>{u.matter}</Typography.Text>}
              {u.note && <Typography.Text type="secondary">{u.note}</Typography.Text>}
              {u.recordedByName && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('cases.uses.recordedBy')}：{u.recordedByName}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <Deferred when={open}>
        <CaseUseModal c={c} open={open} onClose={() => setOpen(false)} />
      </Deferred>
    </Panel>
  )
}
