import { ReloadOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Col, Empty, List, Row, Select, Space, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { lazy, Suspense, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { PageHeader } from '../../components/PageHeader'
import { LazyDatePicker } from '../../components/LazyDatePicker'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { errorText } from '../../lib/errors'
import { LIGHT_COLORS } from '../tasks/lights'
import { dashboardsApi, listUrl, SERIES_COLORS, type LeaderDashboard } from './api'
import { Kpi, LazyChart, pct } from './parts'

// Shown only when the figures fail to load.
const Result = lazy(() => import('antd/es/result'))

const LIGHTS = ['done', 'green', 'yellow', 'red'] as const
/** The round chart's segments (they add up to the round's confirmed findings), then overdue beside them. */
const ROUND_SERIES = [
  { key: 'closed', color: SERIES_COLORS.closed, stack: 'f', status: 'closed' },
  { key: 'awaiting', color: SERIES_COLORS.awaiting, stack: 'f', status: 'awaiting_verification' },
  { key: 'rectifying', color: SERIES_COLORS.inProgress, stack: 'f', status: 'rectifying' },
  { key: 'notFedBack', color: SERIES_COLORS.notFedBack, stack: 'f', status: 'confirmed' },
  { key: 'overdue', color: SERIES_COLORS.overdue, stack: 'o', status: null },
] as const
type RoundLine = LeaderDashboard['inspections']['rounds'][number]
const roundValues: Record<(typeof ROUND_SERIES)[number]['key'], (r: RoundLine) => number> = {
  closed: (r) => r.closed,
  awaiting: (r) => r.awaitingVerification,
  rectifying: (r) => r.inProgress - r.awaitingVerification,
  notFedBack: (r) => r.findings - r.fedBack,
  overdue: (r) => r.overdue,
}

type LeaderChoice = { year: number; quarter: number | undefined; asOf: string }
const leaderKey = (v: LeaderChoice) => ['dashboards', 'leader', v]

/** 院领导总览: inspections, key tasks and cases of a year on one page; reads well on a phone. */
export default function LeaderDashboardPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [search, setSearch] = useSearchParams()
  const today = dayjs().format('YYYY-MM-DD')
  const asOf = search.get('asOf') ?? today
  const year = Number(search.get('year')) || Number(asOf.slice(0, 4))
  const quarter = Number(search.get('quarter')) || undefined
  const set = (patch: Record<string, string | number | null>) => {
    recount.reset()
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, String(v))
          else next.delete(k)
        }
        return next
      },
      { replace: true },
    )
  }
  const qc = useQueryClient()
  const q = useQuery({
    queryKey: leaderKey({ year, quarter, asOf }),
    // Each server process keeps its own count: a page counted later (重新统计) is not replaced
    // by an earlier one from another process.
    queryFn: async () => {
      const page = await dashboardsApi.leader({ year, quarter, asOf })
      const had = qc.getQueryData<LeaderDashboard>(leaderKey({ year, quarter, asOf }))
      return had && Date.parse(had.countedAt) > Date.parse(page.countedAt) ? had : page
    },
    placeholderData: (prev) => prev,
  })
  // The server gives the page as counted up to a minute before; this counts it anew, for the
  // year, quarter and day it was asked for (the choice may change meanwhile).
  const recount = useMutation({
    mutationFn: async (v: LeaderChoice) => {
      await qc.cancelQueries({ queryKey: leaderKey(v) })
      return dashboardsApi.leader({ ...v, fresh: 'true' })
    },
    onSuccess: (page, v) => qc.setQueryData(leaderKey(v), page),
  })
  const d = q.data
  const options = useMemo(() => (d ? chartOptions(d, t) : null), [d, t])
  const thisYear = Number(today.slice(0, 4))

  const header = (
    <PageHeader
      title={t('dashboards.leader.title')}
      extra={
        <Space wrap>
          <Select
            aria-label={t('dashboards.leader.year')}
            data-testid="dashboard-year"
            style={{ width: 100 }}
            value={year}
            onChange={(v: number) => set({ year: v, quarter: null })}
            options={[thisYear - 3, thisYear - 2, thisYear - 1, thisYear].map((y) => ({
              value: y,
              label: t('dashboards.leader.yearLabel', { year: y }),
            }))}
          />
          <Select
            aria-label={t('dashboards.leader.quarter')}
            data-testid="dashboard-quarter"
            style={{ width: 110 }}
            value={d?.quarter ?? quarter}
            onChange={(v: number) => set({ quarter: v })}
            options={[1, 2, 3, 4].map((n) => ({
              value: n,
              label: t('dashboards.leader.quarterLabel', { n }),
            }))}
          />
          <LazyDatePicker
            aria-label={t('dashboards.asOf')}
            data-testid="dashboard-as-of"
            allowClear={false}
            value={dayjs(asOf)}
            onChange={(v) => set({ asOf: v ? v.format('YYYY-MM-DD') : null })}
          />
        </Space>
      }
    />
  )
  if (q.isPending)
    return (
      <div data-testid="leader-dashboard">
        {header}
        <Loading />
      </div>
    )
  if (q.isError)
    return (
      <div data-testid="leader-dashboard">
        {header}
        <Suspense
          fallback={<Typography.Paragraph type="danger">{errorText(q.error, t)}</Typography.Paragraph>}
        >
          <Result status="warning" title={errorText(q.error, t)} />
        </Suspense>
      </div>
    )
  const data = q.data
  const ins = data.inspections.totals
  const tasks = data.tasks
  const cases = data.cases

  return (
    <div data-testid="leader-dashboard">
      {header}
      <Typography.Paragraph type="secondary">
        {t('dashboards.leader.caption', { year: data.year, quarter: data.quarter, asOf: data.asOf })}{' '}
        <span data-testid="leader-counted-at">
          {t('dashboards.leader.countedAt', {
            time: dayjs(data.countedAt).format(
              dayjs(data.countedAt).isSame(dayjs(), 'day') ? 'HH:mm:ss' : 'YYYY-MM-DD HH:mm:ss',
            ),
          })}
        </span>
        <Button
          type="link"
          size="small"
          icon={<ReloadOutlined />}
          loading={recount.isPending}
          onClick={() => recount.mutate({ year, quarter, asOf })}
          data-testid="leader-recount"
        >
          {t('dashboards.leader.recount')}
        </Button>
        {recount.isError && (
          <Typography.Text type="danger" role="alert">
            {errorText(recount.error, t)}
          </Typography.Text>
        )}
      </Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Kpi title={t('dashboards.kpi.rounds')} value={data.inspections.rounds.length} testId="kpi-rounds" />
        <Kpi title={t('dashboards.kpi.fedBack')} value={ins.fedBack} testId="kpi-fed-back" />
        <Kpi
          title={t('dashboards.kpi.closedRate')}
          value={pct(ins.closed, ins.fedBack)}
          suffix="%"
          testId="kpi-rate"
        />
        <Kpi
          title={t('dashboards.kpi.overdue')}
          value={ins.overdue}
          testId="kpi-overdue"
          danger={ins.overdue > 0}
        />
        {tasks && <Kpi title={t('dashboards.kpi.tasks')} value={tasks.total} testId="kpi-tasks" />}
        {tasks && (
          <Kpi
            title={t('dashboards.kpi.red')}
            value={tasks.lights.red}
            testId="kpi-red"
            danger={tasks.lights.red > 0}
          />
        )}
        {cases && (
          <Kpi title={t('dashboards.kpi.casesIssued')} value={cases.total.issued} testId="kpi-cases" />
        )}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Panel size="small" title={t('dashboards.leader.inspections')} data-testid="leader-inspections">
            <LazyChart
              option={options!.rounds}
              height={Math.max(200, 80 + 60 * data.inspections.rounds.length)}
              testId="chart-rounds"
              empty={data.inspections.rounds.length === 0}
              ariaLabel={data.inspections.rounds
                .map((r) => t('dashboards.leader.roundAria', { ...r }))
                .join('；')}
              onClick={(e) => {
                const r = data.inspections.rounds[e.dataIndex]
                const s = ROUND_SERIES[e.seriesIndex]
                if (!r || !s) return
                navigate(
                  s.status
                    ? listUrl('/inspections/findings', { roundId: r.id, status: s.status })
                    : listUrl('/rectification/measures', { roundId: r.id, overdue: 1 }),
                )
              }}
            />
            <Typography.Text type="secondary">{t('dashboards.drillHint')}</Typography.Text>
            <List
              size="small"
              style={{ marginTop: 8 }}
              dataSource={data.inspections.rounds}
              renderItem={(r) => (
                <List.Item
                  extra={
                    <Link to={listUrl('/dashboards/round', { roundId: r.id, asOf: data.asOf })}>
                      {t('dashboards.leader.openRound')}
                    </Link>
                  }
                >
                  <Space wrap size={4}>
                    <Typography.Text strong>{r.name}</Typography.Text>
                    <Tag>{t(`phases.${r.phase}`, { defaultValue: r.phase })}</Tag>
                    <Typography.Text type="secondary">
                      {t('dashboards.leader.roundLine', { ...r, rate: pct(r.closed, r.fedBack) })}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Panel>
        </Col>
        <Col xs={24} lg={12}>
          <Panel
            size="small"
            title={t('dashboards.leader.tasks', { quarter: data.quarter })}
            data-testid="leader-tasks"
          >
            {!tasks ? (
              <Empty description={t('dashboards.leader.noTasksAccess')} />
            ) : (
              <>
                <LazyChart
                  option={options!.lights!}
                  height={220}
                  testId="chart-lights"
                  empty={tasks.total === 0}
                  ariaLabel={LIGHTS.map((l) => `${t(`tasks.lights.${l}`)} ${tasks.lights[l]}`).join('；')}
                  onClick={(e) => {
                    const light = LIGHTS[e.dataIndex]
                    if (light) navigate(listUrl('/tasks', { year: data.year, light, asOf: data.asOf }))
                  }}
                />
                <Typography.Title level={5}>
                  {t('dashboards.leader.late', { count: tasks.lateTotal })}
                </Typography.Title>
                {tasks.lateTotal > tasks.late.length && (
                  <Typography.Paragraph type="secondary" data-testid="late-more">
                    {t('dashboards.leader.lateFirst', { shown: tasks.late.length })}{' '}
                    <Link to={listUrl('/tasks', { year: data.year, light: 'red', asOf: data.asOf })}>
                      {t('dashboards.leader.lateLedger')}
                    </Link>
                  </Typography.Paragraph>
                )}
                <List
                  size="small"
                  data-testid="late-tasks"
                  locale={{
                    emptyText: (
                      <Empty
                        image={Empty.PRESENTED_IMAGE_SIMPLE}
                        description={t('dashboards.leader.noLate')}
                      />
                    ),
                  }}
                  dataSource={tasks.late}
                  renderItem={(l) => (
                    <List.Item>
                      <List.Item.Meta
                        avatar={
                          <span
                            aria-label={t(`tasks.lights.${l.light}`, { defaultValue: l.light })}
                            style={{
                              display: 'inline-block',
                              width: 10,
                              height: 10,
                              marginTop: 6,
                              borderRadius: 5,
                              background: LIGHT_COLORS[l.light as keyof typeof LIGHT_COLORS] ?? '#d9d9d9',
                            }}
                          />
                        }
                        title={
                          <Link to={`/tasks/${l.id}`}>
                            {l.code} {l.title}
                          </Link>
                        }
                        description={
                          <>
                            <Typography.Text type="secondary">{l.leadDepartmentName}</Typography.Text>
                            <br />
                            <Typography.Text type="secondary" ellipsis={{ tooltip: l.why.join('；') }}>
                              {l.why.join('；')}
                            </Typography.Text>
                          </>
                        }
                      />
                    </List.Item>
                  )}
                />
              </>
            )}
          </Panel>
        </Col>
        <Col xs={24} lg={12}>
          <Panel
            size="small"
            title={t('dashboards.leader.cases', { year: data.year })}
            data-testid="leader-cases"
          >
            {!cases ? (
              <Empty description={t('dashboards.leader.noCasesAccess')} />
            ) : (
              <>
                <Row gutter={[12, 12]}>
                  <Kpi
                    title={t('dashboards.leader.issued')}
                    value={cases.total.issued}
                    testId="cases-issued"
                  />
                  {cases.total.pending !== null && (
                    <Kpi
                      title={t('dashboards.leader.pending')}
                      value={cases.total.pending}
                      testId="cases-pending"
                    />
                  )}
                  {Object.entries(cases.kind).map(([kind, c]) => (
                    <Kpi
                      key={kind}
                      title={t(`cases.kinds.${kind}`, { defaultValue: kind })}
                      value={c.issued}
                      testId={`cases-${kind}`}
                    />
                  ))}
                </Row>
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {cases.source === 'stats'
                    ? t('dashboards.leader.casesStats')
                    : t('dashboards.leader.casesPublished')}
                </Typography.Paragraph>
              </>
            )}
          </Panel>
        </Col>
      </Row>
    </div>
  )
}

function chartOptions(d: LeaderDashboard, t: (k: string, o?: Record<string, unknown>) => string) {
  const rounds = d.inspections.rounds
  return {
    rounds: {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      yAxis: { type: 'category', inverse: true, data: rounds.map((r) => r.name) },
      xAxis: { type: 'value', minInterval: 1 },
      series: ROUND_SERIES.map((s) => ({
        name: t(`dashboards.series.${s.key}`),
        type: 'bar',
        stack: s.stack,
        barMaxWidth: 24,
        itemStyle: { color: s.color },
        emphasis: { focus: 'series' },
        data: rounds.map(roundValues[s.key]),
      })),
    },
    lights: d.tasks && {
      tooltip: { trigger: 'item' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: LIGHTS.map((l) => t(`tasks.lights.${l}`)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('dashboards.kpi.tasks'),
          type: 'bar',
          barMaxWidth: 40,
          label: { show: true, position: 'top' },
          data: LIGHTS.map((l) => ({ value: d.tasks!.lights[l], itemStyle: { color: LIGHT_COLORS[l] } })),
        },
      ],
    },
  }
}
