import { FileWordOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Col, Empty, Flex, Row, Select, Spin, Statistic, Table } from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs from 'dayjs'
import { lazy, Suspense, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { roundsApi } from '../../api/endpoints'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import {
  reportsApi,
  type CaseIssuingData,
  type InspectionRoundData,
  type ProgressUpdate,
  type RectificationProgressData,
  type ReportName,
  type TaskQuarterData,
} from './api'
import { Panel } from '../../components/Panel'
import { LazyDatePicker } from '../../components/LazyDatePicker'
import { Result } from '../../components/LazyResult'
import { RoundSelect } from '../../components/RoundSelect'

// Shown only on a failure or while a document is being made.
const Alert = lazy(() => import('antd/es/alert'))
const Progress = lazy(() => import('antd/es/progress'))

const DEFAULT_YEAR = 2024
const YEARS = [2023, 2024, 2025, 2026]
const NEEDS_ROUND: ReportName[] = ['rectification-progress', 'inspection-round']
const NEEDS_AS_OF: ReportName[] = ['rectification-progress', 'task-quarter']

function Stat({ title, value, testId }: { title: string; value: number; testId: string }) {
  return (
    <Col xs={12} sm={8} md={4}>
      <Statistic title={title} value={value} valueStyle={{ fontSize: 22 }} data-testid={testId} />
    </Col>
  )
}

/** 报告: pick one of the meeting's four reports and its scope, preview its numbers, download it as Word. */
export default function ReportsPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const [search, setSearch] = useSearchParams()
  const available = useQuery({ queryKey: ['reports', 'available'], queryFn: reportsApi.available })
  const name = (search.get('report') as ReportName | null) ?? available.data?.[0]?.name ?? null
  // the newest round, the default; the picker lists the rounds itself
  const rounds = useQuery({
    queryKey: ['rounds', 'list', { pageSize: 1 }],
    queryFn: () => roundsApi.list({ page: 1, pageSize: 1 }),
    enabled: !!name && NEEDS_ROUND.includes(name),
  })
  const roundId = search.get('roundId') ?? rounds.data?.items[0]?.id ?? null
  const year = Number(search.get('year')) || DEFAULT_YEAR
  const quarter = Number(search.get('quarter')) || 2
  const asOf = search.get('asOf') ?? dayjs().format('YYYY-MM-DD')
  const [progress, setProgress] = useState<ProgressUpdate | null>(null)
  const [busy, setBusy] = useState(false)

  const set = (patch: Record<string, string | number | null>) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        for (const [k, v] of Object.entries(patch)) {
          if (v === null || v === '') next.delete(k)
          else next.set(k, String(v))
        }
        return next
      },
      { replace: true },
    )

  const query: Record<string, string | number> | null = !name
    ? null
    : NEEDS_ROUND.includes(name)
      ? roundId
        ? { roundId, ...(name === 'rectification-progress' && { asOf }) }
        : null
      : name === 'task-quarter'
        ? { year, quarter, asOf }
        : { year }
  const data = useQuery({
    queryKey: ['reports', 'data', name, query],
    queryFn: ({ signal }) => reportsApi.data(name!, query!, signal),
    enabled: !!name && !!query,
  })

  const generate = async () => {
    if (!name || !query) return
    setBusy(true)
    setProgress({ type: 'progress', stage: 'data', percent: 5, message: t('reports.center.stages.data') })
    try {
      const file = await reportsApi.generate(name, query, setProgress)
      message.success(t('reports.center.downloaded', { file }))
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setBusy(false)
      setProgress(null)
    }
  }

  if (available.error)
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(available.error, t)} />
  if (available.data && available.data.length === 0)
    return <Result status="403" title={t('errors.forbiddenTitle')} subTitle={t('reports.center.none')} />

  return (
    <div data-testid="reports-page">
      <PageHeader title={t('reports.center.title')} />
      <Panel>
        <div>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <div className="duban-field">
                <label htmlFor="report-select">{t('reports.center.report')}</label>
                <Select
                  id="report-select"
                  data-testid="report-select"
                  value={name ?? undefined}
                  loading={available.isPending}
                  options={(available.data ?? []).map((r) => ({
                    value: r.name,
                    label: t(`reports.center.names.${r.name}`),
                  }))}
                  onChange={(v) => set({ report: v })}
                />
              </div>
            </Col>
            {name && NEEDS_ROUND.includes(name) && (
              <Col xs={24} md={6}>
                <div className="duban-field">
                  <label htmlFor="round-select">{t('reports.center.round')}</label>
                  <RoundSelect
                    id="round-select"
                    data-testid="round-select"
                    value={roundId ?? undefined}
                    loading={rounds.isPending}
                    onChange={(v) => set({ roundId: v ?? null })}
                  />
                </div>
              </Col>
            )}
            {name && !NEEDS_ROUND.includes(name) && (
              <Col xs={12} md={3}>
                <div className="duban-field">
                  <label htmlFor="year-select">{t('reports.center.year')}</label>
                  <Select
                    id="year-select"
                    value={year}
                    options={YEARS.map((y) => ({ value: y, label: String(y) }))}
                    onChange={(v) => set({ year: v })}
                  />
                </div>
              </Col>
            )}
            {name === 'task-quarter' && (
              <Col xs={12} md={3}>
                <div className="duban-field">
                  <label htmlFor="quarter-select">{t('reports.center.quarter')}</label>
                  <Select
                    id="quarter-select"
                    value={quarter}
                    options={[1, 2, 3, 4].map((q) => ({
                      value: q,
                      label: t('reports.center.quarterN', { n: q }),
                    }))}
                    onChange={(v) => set({ quarter: v })}
                  />
                </div>
              </Col>
            )}
            {name && NEEDS_AS_OF.includes(name) && (
              <Col xs={12} md={4}>
                <div className="duban-field">
                  <label htmlFor="as-of">{t('reports.center.asOf')}</label>
                  <LazyDatePicker
                    id="as-of"
                    allowClear={false}
                    value={dayjs(asOf)}
                    onChange={(d) => d && set({ asOf: d.format('YYYY-MM-DD') })}
                    style={{ width: '100%' }}
                  />
                </div>
              </Col>
            )}
          </Row>
        </div>
        <Flex gap={16} align="center" wrap>
          <Button
            type="primary"
            icon={<FileWordOutlined />}
            loading={busy}
            disabled={!data.data}
            onClick={generate}
            data-testid="generate-docx"
          >
            {t('reports.center.generate')}
          </Button>
          {progress && (
            <Flex gap={12} align="center" style={{ minWidth: 320 }} data-testid="generate-progress">
              <Suspense fallback={<span style={{ width: 200 }} />}>
                <Progress percent={progress.percent} size="small" style={{ width: 200, margin: 0 }} />
              </Suspense>
              <span className="duban-text-secondary">{t(`reports.center.stages.${progress.stage}`)}</span>
            </Flex>
          )}
        </Flex>
        <p className="duban-text-secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('reports.center.hint')}
        </p>
      </Panel>
      <Panel title={t('reports.center.preview')} style={{ marginTop: 16 }} data-testid="report-preview">
        {data.error ? (
          <Suspense fallback={null}>
            <Alert type="error" showIcon message={errorText(data.error, t)} />
          </Suspense>
        ) : data.isPending && query ? (
          <Spin />
        ) : !data.data || !name ? (
          <Empty />
        ) : (
          <Preview name={name} data={data.data} />
        )}
      </Panel>
    </div>
  )
}

function Preview({ name, data }: { name: ReportName; data: unknown }): ReactNode {
  const { t } = useTranslation()
  const k = (key: string) => t(`reports.center.k.${key}`)
  if (name === 'rectification-progress') {
    const d = data as RectificationProgressData
    return (
      <>
        <Row gutter={16}>
          <Stat title={k('findings')} value={d.totals.total} testId="stat-total" />
          <Stat title={k('closed')} value={d.totals.closed} testId="stat-closed" />
          <Stat title={k('inProgress')} value={d.totals.inProgress} testId="stat-in-progress" />
          <Stat title={k('overdue')} value={d.totals.overdue} testId="stat-overdue" />
          <Stat title={k('returned')} value={d.totals.returned} testId="stat-returned" />
          <Stat
            title={k('measuresOverdue')}
            value={d.totals.measuresOverdue}
            testId="stat-measures-overdue"
          />
        </Row>
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="targetId"
          pagination={false}
          dataSource={d.byTarget}
          columns={[
            { title: k('unit'), dataIndex: 'unitName' },
            { title: k('findings'), dataIndex: 'total' },
            { title: k('closed'), dataIndex: 'closed' },
            { title: k('inProgress'), dataIndex: 'inProgress' },
            { title: k('overdue'), dataIndex: 'overdue' },
            { title: k('returned'), dataIndex: 'returned' },
            { title: k('measuresOverdue'), dataIndex: 'measuresOverdue' },
          ]}
        />
      </>
    )
  }
  if (name === 'inspection-round') {
    const d = data as InspectionRoundData
    return (
      <>
        <Row gutter={16}>
          <Stat title={k('targets')} value={d.totals.targets} testId="stat-targets" />
          <Stat title={k('findings')} value={d.totals.findings} testId="stat-total" />
          <Stat title={k('severe')} value={d.totals.severe} testId="stat-severe" />
          <Stat title={k('shared')} value={d.sharedCategories.length} testId="stat-shared" />
        </Row>
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="targetId"
          pagination={false}
          dataSource={d.byTarget}
          columns={[
            { title: k('unit'), dataIndex: 'unitName' },
            { title: k('team'), dataIndex: 'teamName' },
            ...d.categories.map((c) => ({
              title: c.name,
              key: c.id,
              render: (_: unknown, r: InspectionRoundData['byTarget'][number]) => r.byCategory[c.id] ?? 0,
            })),
            { title: k('total'), dataIndex: 'total' },
          ]}
        />
      </>
    )
  }
  if (name === 'case-issuing') {
    const d = data as CaseIssuingData
    return (
      <>
        <Row gutter={16}>
          <Stat title={k('issued')} value={d.stats.total.issued} testId="stat-issued" />
          <Stat title={k('pending')} value={d.stats.total.pending} testId="stat-pending" />
          <Stat title={k('returned')} value={d.stats.total.returned} testId="stat-returned" />
          <Stat title={k('batches')} value={d.batches.length} testId="stat-batches" />
          <Stat title={k('usedCases')} value={d.stats.usedCases} testId="stat-used" />
        </Row>
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="name"
          pagination={false}
          dataSource={d.batches}
          columns={[
            { title: k('batch'), dataIndex: 'name' },
            { title: k('theme'), dataIndex: 'theme' },
            { title: k('guiding'), dataIndex: 'guiding' },
            { title: k('typical'), dataIndex: 'typical' },
            { title: k('publishedAt'), dataIndex: 'publishedAt' },
          ]}
        />
      </>
    )
  }
  const d = data as TaskQuarterData
  return (
    <>
      <Row gutter={16}>
        <Stat title={k('tasks')} value={d.tasks.length} testId="stat-tasks" />
        <Stat title={k('green')} value={d.lights.green} testId="stat-green" />
        <Stat title={k('yellow')} value={d.lights.yellow} testId="stat-yellow" />
        <Stat title={k('red')} value={d.lights.red} testId="stat-red" />
        <Stat title={k('done')} value={d.lights.done} testId="stat-done" />
        <Stat title={k('missing')} value={d.reports.missing} testId="stat-missing" />
      </Row>
      <Table
        style={{ marginTop: 16 }}
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={d.tasks}
        columns={[
          { title: k('code'), dataIndex: 'code' },
          { title: k('task'), dataIndex: 'title' },
          { title: k('light'), dataIndex: 'light', render: (l: string) => k(l) },
          { title: k('progress'), dataIndex: 'progress', render: (p: number) => `${p}%` },
          { title: k('expected'), dataIndex: 'expectedProgress', render: (p: number) => `${p}%` },
          {
            title: k('report'),
            key: 'report',
            render: (_: unknown, r: TaskQuarterData['tasks'][number]) => k(`report_${r.report.status}`),
          },
        ]}
      />
    </>
  )
}
