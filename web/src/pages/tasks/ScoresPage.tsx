import { EditOutlined, MinusCircleOutlined, PlusOutlined, TrophyOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { useAuth } from '../../auth/auth'
import { FormModal } from '../../components/FormModal'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { tasksApi, type Rubric, type ScoreDto, type TaskDto } from './api'
import { DEFAULT_TASK_YEAR, yearOptions } from './labels'
import { Panel } from '../../components/Panel'
import { Result } from '../../components/LazyResult'

const RUBRIC_KEY = ['tasks', 'rubric'] as const
const KEY_FORMAT = /^[a-z_]{1,32}$/
const sum = (items: { max?: number | null }[] | undefined) =>
  (items ?? []).reduce((a, i) => a + (Number(i?.max) || 0), 0)

/** 年度考评: the rubric, each task's score and the lead departments ranked by their average. */
export default function ScoresPage() {
  const { t } = useTranslation()
  const { can } = useAuth()
  const office = can('task.manage')
  const [search, setSearch] = useSearchParams()
  const year = Number(search.get('year')) || DEFAULT_TASK_YEAR
  const [editingRubric, setEditingRubric] = useState(false)
  const [scoring, setScoring] = useState<TaskDto | null>(null)

  const rubric = useQuery({ queryKey: RUBRIC_KEY, queryFn: tasksApi.rubric, staleTime: 60_000 })
  const scores = useQuery({ queryKey: ['task-scores', year], queryFn: () => tasksApi.scores(year) })
  const tasks = useQuery({
    queryKey: ['tasks', 'list', { year, pageSize: 200, sort: 'code' }],
    queryFn: ({ signal }) => tasksApi.list({ year, pageSize: 200, sort: 'code', order: 'asc' }, signal),
  })
  const scoreOf = new Map((scores.data?.tasks ?? []).map((s) => [s.taskId, s]))
  const items = rubric.data ?? []

  const error = rubric.error ?? scores.error ?? tasks.error
  if (error) return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(error, t)} />

  return (
    <div data-testid="scores-page">
      <PageHeader
        title={t('tasks.scores.title')}
        extra={
          <Select
            aria-label={t('tasks.year')}
            style={{ width: 110 }}
            value={year}
            onChange={(v: number) =>
              setSearch(
                (s) => {
                  s.set('year', String(v))
                  return s
                },
                { replace: true },
              )
            }
            options={yearOptions()}
            data-testid="scores-year"
          />
        }
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={10}>
          <Panel
            title={t('tasks.scores.rubric')}
            style={{ height: '100%' }}
            data-testid="rubric-card"
            loading={rubric.isPending}
            extra={
              office && (
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditingRubric(true)}
                  disabled={!rubric.data}
                  data-testid="rubric-edit"
                >
                  {t('common.edit')}
                </Button>
              )
            }
          >
            <Descriptions size="small" column={1} bordered>
              {items.map((i) => (
                <Descriptions.Item key={i.key} label={i.name}>
                  <span data-testid={`rubric-item-${i.key}`}>{i.max}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
              {t('tasks.scores.rubricTotal', { total: sum(items) })}
            </Typography.Text>
          </Panel>
        </Col>
        <Col xs={24} xl={14}>
          <Panel
            title={
              <Space>
                <TrophyOutlined />
                {t('tasks.scores.ranking')}
              </Space>
            }
            style={{ height: '100%' }}
            data-testid="ranking-card"
          >
            <Table
              size="small"
              rowKey="departmentId"
              loading={scores.isPending}
              dataSource={scores.data?.departments ?? []}
              pagination={false}
              locale={{ emptyText: t('tasks.scores.none') }}
              onRow={(d) =>
                ({ 'data-testid': `ranking-row-${d.departmentName}` }) as HTMLAttributes<HTMLElement>
              }
              columns={[
                {
                  title: t('tasks.scores.rank'),
                  key: 'rank',
                  width: 70,
                  render: (_, _d, i) => <Tag color={i === 0 ? 'gold' : undefined}>{i + 1}</Tag>,
                },
                { title: t('tasks.scores.department'), dataIndex: 'departmentName' },
                {
                  title: t('tasks.scores.average'),
                  dataIndex: 'average',
                  width: 100,
                  render: (v: number) => <span data-testid="ranking-average">{v}</span>,
                },
                { title: t('tasks.scores.taskCount'), dataIndex: 'tasks', width: 110 },
              ]}
            />
          </Panel>
        </Col>
      </Row>
      <Panel title={t('tasks.scores.tasks')} data-testid="scores-card">
        <Table<TaskDto>
          size="small"
          rowKey="id"
          loading={tasks.isPending || scores.isPending}
          dataSource={tasks.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('tasks.none') }}
          onRow={(task) => ({ 'data-testid': `score-row-${task.code}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('tasks.code'), dataIndex: 'code', width: 90 },
            {
              title: t('tasks.titleField'),
              dataIndex: 'title',
              render: (title: string, task) => (
                <Link to={`/tasks/${task.id}`}>
                  <Typography.Text ellipsis={{ tooltip: title }} style={{ maxWidth: 320 }}>
                    {title}
                  </Typography.Text>
                </Link>
              ),
            },
            { title: t('tasks.leadDepartment'), dataIndex: 'leadDepartmentName', width: 130 },
            ...items.map((i) => ({
              key: i.key,
              title: `${i.name}（${i.max}）`,
              width: 110,
              render: (_: unknown, task: TaskDto) => scoreOf.get(task.id)?.items[i.key] ?? '—',
            })),
            {
              title: t('tasks.scores.total'),
              key: 'total',
              width: 90,
              render: (_, task) => {
                const s = scoreOf.get(task.id)
                return s ? (
                  <Typography.Text strong data-testid="score-total">
                    {s.total}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">{t('tasks.scores.notScored')}</Typography.Text>
                )
              },
            },
            {
              title: t('tasks.scores.comment'),
              key: 'comment',
              render: (_, task) => {
                const c = scoreOf.get(task.id)?.comment
                return c ? (
                  <Typography.Text ellipsis={{ tooltip: c }} style={{ maxWidth: 240 }}>
                    {c}
                  </Typography.Text>
                ) : (
                  '—'
                )
              },
            },
            {
              title: t('tasks.scores.scoredAt'),
              key: 'scoredAt',
              width: 170,
              render: (_, task) => formatTime(scoreOf.get(task.id)?.scoredAt) || '—',
            },
            ...(office
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 100,
                    fixed: 'right' as const,
                    render: (_: unknown, task: TaskDto) =>
                      task.myRole === 'office' && (
                        <Button
                          size="small"
                          type="link"
                          onClick={() => setScoring(task)}
                          disabled={!rubric.data}
                          data-testid="task-score"
                        >
                          {scoreOf.has(task.id) ? t('tasks.scores.rescore') : t('tasks.scores.score')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Panel>
      {office && rubric.data && (
        <>
          <RubricModal open={editingRubric} rubric={rubric.data} onClose={() => setEditingRubric(false)} />
          <ScoreModal
            task={scoring}
            rubric={rubric.data}
            score={scoring ? scoreOf.get(scoring.id) : undefined}
            year={year}
            onClose={() => setScoring(null)}
          />
        </>
      )}
    </div>
  )
}

/** The office at the top unit changes the rubric; its maxima must total 100. */
function RubricModal({ open, rubric, onClose }: { open: boolean; rubric: Rubric; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [form] = Form.useForm<{ items: Rubric }>()
  const watched = Form.useWatch('items', form) as Partial<Rubric[number]>[] | undefined
  const total = sum(watched ?? rubric)
  return (
    <FormModal<{ items: Rubric }>
      open={open}
      title={t('tasks.scores.editRubric')}
      onClose={onClose}
      form={form}
      width={640}
      initialValues={{ items: rubric }}
      testId="rubric-form"
      onSubmit={async (v) => {
        const items = v.items.map((i) => ({ key: i.key.trim(), name: i.name.trim(), max: Number(i.max) }))
        const saved = await tasksApi.setRubric(items)
        message.success(t('common.saved'))
        qc.setQueryData(RUBRIC_KEY, saved)
        await qc.invalidateQueries({ queryKey: ['task-scores'] })
      }}
    >
      <Form.List
        name="items"
        rules={[
          {
            validator: async (_, items: Partial<Rubric[number]>[] | undefined) => {
              if (sum(items) !== 100) throw new Error(t('tasks.scores.rubricMust100', { total: sum(items) }))
              const keys = (items ?? []).map((i) => i?.key)
              if (new Set(keys).size !== keys.length) throw new Error(t('tasks.scores.keyDuplicate'))
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="baseline" data-testid="rubric-form-item">
                <Form.Item
                  name={[field.name, 'name']}
                  style={{ flex: 1 }}
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      message: t('common.requiredField', { field: t('tasks.scores.itemName') }),
                    },
                  ]}
                >
                  <Input placeholder={t('tasks.scores.itemName')} maxLength={50} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'key']}
                  style={{ width: 150 }}
                  rules={[{ required: true, pattern: KEY_FORMAT, message: t('tasks.scores.keyFormat') }]}
                >
                  <Input placeholder={t('tasks.scores.itemKey')} maxLength={32} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'max']}
                  style={{ width: 120 }}
                  rules={[
                    {
                      required: true,
                      message: t('common.requiredField', { field: t('tasks.scores.itemMax') }),
                    },
                  ]}
                >
                  <InputNumber
                    min={1}
                    max={100}
                    precision={0}
                    placeholder={t('tasks.scores.itemMax')}
                    aria-label={t('tasks.scores.itemMax')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(field.name)}
                  disabled={fields.length <= 1}
                  aria-label={t('common.delete')}
                />
              </Flex>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ key: '', name: '', max: undefined })}
              disabled={fields.length >= 10}
              style={{ marginBottom: 12 }}
            >
              {t('tasks.scores.addItem')}
            </Button>
            <Alert
              type={total === 100 ? 'success' : 'warning'}
              showIcon
              title={
                total === 100
                  ? t('tasks.scores.rubricTotal', { total })
                  : t('tasks.scores.rubricMust100', { total })
              }
              style={{ marginBottom: 8 }}
              data-testid="rubric-total"
            />
            <Form.ErrorList errors={errors} />
            <div style={{ height: 12 }} />
          </>
        )}
      </Form.List>
    </FormModal>
  )
}

interface ScoreValues {
  items: Record<string, number>
  comment?: string
}

/** The office scores a task on each rubric item (none above its maximum) with a comment. */
function ScoreModal({
  task,
  rubric,
  score,
  year,
  onClose,
}: {
  task: TaskDto | null
  rubric: Rubric
  score?: ScoreDto
  year: number
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [form] = Form.useForm<ScoreValues>()
  const watched = Form.useWatch('items', form) as Record<string, number | null> | undefined
  const total = rubric.reduce((a, i) => a + (Number(watched?.[i.key]) || 0), 0)
  return (
    <FormModal<ScoreValues>
      open={!!task}
      title={task ? t('tasks.scores.scoreTitle', { code: task.code, title: task.title }) : ''}
      onClose={onClose}
      form={form}
      width={560}
      initialValues={score ? { items: score.items, comment: score.comment } : undefined}
      testId="score-form"
      onSubmit={async (v) => {
        if (!task) return
        const saved = await tasksApi.score(task.id, { items: v.items, comment: v.comment?.trim() ?? '' })
        message.success(t('tasks.scores.scored', { code: task.code, total: saved.total }))
        await qc.invalidateQueries({ queryKey: ['task-scores', year] })
      }}
    >
      {rubric.map((i) => (
        <Form.Item
          key={i.key}
          label={i.name}
          name={['items', i.key]}
          extra={t('tasks.scores.maxHint', { max: i.max })}
          rules={[{ required: true, message: t('common.requiredField', { field: i.name }) }]}
        >
          <InputNumber
            min={0}
            max={i.max}
            precision={0}
            suffix={`/ ${i.max}`}
            style={{ width: 180 }}
            data-testid={`score-item-${i.key}`}
          />
        </Form.Item>
      ))}
      <Form.Item label={t('tasks.scores.comment')} name="comment">
        <Input.TextArea rows={3} maxLength={2000} data-testid="score-comment" />
      </Form.Item>
      <Typography.Paragraph strong data-testid="score-form-total">
        {t('tasks.scores.total')}：{total} / {sum(rubric)}
      </Typography.Paragraph>
    </FormModal>
  )
}
