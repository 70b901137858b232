import { FileWordOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Col, DatePicker, Empty, Row, Space, Typography } from 'antd'
import dayjs from 'dayjs'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { PageHeader } from '../../components/PageHeader'
import { Loading } from '../../components/Loading'
import { errorCode, errorText } from '../../lib/errors'
import { dashboardsApi, listUrl, SERIES_COLORS, type RoundDashboard } from './api'
import { Kpi, LazyChart, pct } from './parts'
import { TileMap } from './TileMap'
import { Panel } from '../../components/Panel'
import { Result } from '../../components/LazyResult'
import { RoundSelect } from '../../components/RoundSelect'

type Counts = { closed: number; inProgress: number; overdue: number; returned: number }

/** The stacked series the report's own chart draws (closed + on time + overdue = findings), and returned beside. */
function progressSeries(t: (k: string) => string, rows: Counts[]) {
  return [
    { key: 'closed', data: rows.map((r) => r.closed), color: SERIES_COLORS.closed, stack: 'f' },
    {
      key: 'onTime',
      data: rows.map((r) => r.inProgress - r.overdue),
      color: SERIES_COLORS.inProgress,
      stack: 'f',
    },
    { key: 'overdue', data: rows.map((r) => r.overdue), color: SERIES_COLORS.overdue, stack: 'f' },
    { key: 'returned', data: rows.map((r) => r.returned), color: SERIES_COLORS.returned, stack: 'r' },
  ].map((s) => ({
    name: t(`dashboards.series.${s.key}`),
    type: 'bar',
    stack: s.stack,
    barMaxWidth: 28,
    itemStyle: { color: s.color },
    emphasis: { focus: 'series' },
    data: s.data,
  }))
}
const SERIES_KEYS = ['closed', 'onTime', 'overdue', 'returned'] as const

const shortName = (name: string) => name.replace(/人民检察院$/, '')

/** 巡视整改总览: one round as of a day — by target, by category, the overdue trend and the provinces. */
export default function RoundDashboardPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [search, setSearch] = useSearchParams()
  const roundId = search.get('roundId') ?? undefined
  const asOf = search.get('asOf') ?? dayjs().format('YYYY-MM-DD')
  const set = (patch: Record<string, string | null>) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v)
          else next.delete(k)
        }
        return next
      },
      { replace: true },
    )

  const q = useQuery({
    queryKey: ['dashboards', 'round', { roundId, asOf }],
    queryFn: () => dashboardsApi.round({ roundId, asOf }),
    placeholderData: (prev) => prev,
  })
  const d = q.data

  const options = useMemo(() => (d ? chartOptions(d, t) : null), [d, t])

  const header = (
    <PageHeader
      title={t('dashboards.round.title')}
      extra={
        <Space wrap>
          <RoundSelect
            aria-label={t('dashboards.round.round')}
            data-testid="dashboard-round-select"
            style={{ width: 180 }}
            value={d?.round.id ?? roundId}
            placeholder={t('dashboards.round.round')}
            onChange={(v) => v && set({ roundId: v })}
          />
          <DatePicker
            aria-label={t('dashboards.asOf')}
            data-testid="dashboard-as-of"
            allowClear={false}
            value={dayjs(asOf)}
            onChange={(v) => set({ asOf: v ? v.format('YYYY-MM-DD') : null })}
          />
          {d && (
            <Link
              to={listUrl('/reports', {
                report: 'rectification-progress',
                roundId: d.round.id,
                asOf: d.asOf,
              })}
            >
              <Button icon={<FileWordOutlined />}>{t('dashboards.round.report')}</Button>
            </Link>
          )}
        </Space>
      }
    />
  )

  if (q.isPending)
    return (
      <div data-testid="round-dashboard">
        {header}
        <Loading />
      </div>
    )
  if (q.isError)
    return (
      <div data-testid="round-dashboard">
        {header}
        {errorCode(q.error) === 'round_not_found' && !roundId ? (
          <Empty description={t('dashboards.round.noRounds')} />
        ) : (
          <Result status="warning" title={errorText(q.error, t)} />
        )}
      </div>
    )
  const data = q.data
  const tt = data.totals
  const target = (i: number) => data.byTarget[i]

  return (
    <div data-testid="round-dashboard">
      {header}
      <Typography.Paragraph type="secondary">
        {t('dashboards.round.caption', {
          round: data.round.name,
          asOf: data.asOf,
          targets: data.byTarget.length,
        })}
      </Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Kpi title={t('dashboards.kpi.findings')} value={tt.total} testId="kpi-findings" />
        <Kpi title={t('dashboards.kpi.closed')} value={tt.closed} testId="kpi-closed" />
        <Kpi
          title={t('dashboards.kpi.closedRate')}
          value={pct(tt.closed, tt.total)}
          suffix="%"
          testId="kpi-rate"
        />
        <Kpi
          title={t('dashboards.kpi.overdue')}
          value={tt.overdue}
          testId="kpi-overdue"
          danger={tt.overdue > 0}
        />
        <Kpi title={t('dashboards.kpi.returned')} value={tt.returned} testId="kpi-returned" />
        <Kpi
          title={t('dashboards.kpi.measuresOverdue')}
          value={tt.measuresOverdue}
          suffix={`/ ${tt.measures}`}
          testId="kpi-measures-overdue"
          danger={tt.measuresOverdue > 0}
        />
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Panel size="small" title={t('dashboards.round.tileMap')} style={{ height: '100%' }}>
            <TileMap
              tiles={data.tiles}
              onOpen={(tile) =>
                navigate(
                  tile.targetIds.length === 1
                    ? listUrl(`/inspections/targets/${tile.targetIds[0]}`, {
                        tab: tile.status === 'not_fed_back' ? null : 'progress',
                      })
                    : listUrl('/inspections/findings', { roundId: data.round.id }),
                )
              }
            />
          </Panel>
        </Col>
        <Col xs={24} xl={14}>
          <Panel size="small" title={t('dashboards.round.byTarget')} style={{ height: '100%' }}>
            <LazyChart
              option={options!.byTarget}
              height={340}
              testId="chart-by-target"
              empty={data.byTarget.length === 0}
              ariaLabel={data.byTarget
                .map((x) => t('dashboards.round.targetAria', { ...x, unitName: shortName(x.unitName) }))
                .join('；')}
              onClick={(e) => {
                const row = target(e.dataIndex)
                if (!row) return
                const key = SERIES_KEYS[e.seriesIndex]
                const base = { roundId: data.round.id, targetId: row.targetId }
                navigate(
                  key === 'closed'
                    ? listUrl('/inspections/findings', { ...base, status: 'closed' })
                    : key === 'overdue'
                      ? listUrl('/rectification/measures', { ...base, overdue: 1 })
                      : key === 'returned'
                        ? listUrl('/inspections/findings', { ...base, status: 'rectifying' })
                        : listUrl(`/inspections/targets/${row.targetId}`, { tab: 'progress' }),
                )
              }}
            />
            <Typography.Text type="secondary">{t('dashboards.drillHint')}</Typography.Text>
          </Panel>
        </Col>
        <Col xs={24} xl={12}>
          <Panel size="small" title={t('dashboards.round.byCategory')}>
            <LazyChart
              option={options!.byCategory}
              testId="chart-by-category"
              empty={data.byCategory.length === 0}
              ariaLabel={data.byCategory.map((c) => `${c.name} ${c.closed}/${c.total}`).join('；')}
              onClick={(e) => {
                const c = data.byCategory[e.dataIndex]
                if (!c) return
                const key = SERIES_KEYS[e.seriesIndex]
                navigate(
                  key === 'overdue'
                    ? listUrl('/rectification/measures', { roundId: data.round.id, overdue: 1 })
                    : listUrl('/inspections/findings', {
                        roundId: data.round.id,
                        categoryId: c.categoryId,
                        status: key === 'closed' ? 'closed' : null,
                      }),
                )
              }}
            />
          </Panel>
        </Col>
        <Col xs={24} xl={12}>
          <Panel size="small" title={t('dashboards.round.trend')}>
            <LazyChart
              option={options!.trend}
              testId="chart-overdue-trend"
              empty={data.overdueTrend.every((p) => p.overdue === 0)}
              ariaLabel={t('dashboards.round.trendAria', {
                points: data.overdueTrend.map((p) => `${p.date} ${p.overdue}`).join('；'),
              })}
              onClick={() =>
                navigate(listUrl('/rectification/measures', { roundId: data.round.id, overdue: 1 }))
              }
            />
            <Typography.Text type="secondary">{t('dashboards.round.trendHint')}</Typography.Text>
          </Panel>
        </Col>
      </Row>
    </div>
  )
}

function chartOptions(d: RoundDashboard, t: (k: string, o?: Record<string, unknown>) => string) {
  const legend = { top: 0, type: 'scroll' as const }
  return {
    byTarget: {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: d.byTarget.map((x) => shortName(x.unitName)),
        axisLabel: { interval: 0, rotate: d.byTarget.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: progressSeries(t, d.byTarget),
    },
    byCategory: {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      yAxis: {
        type: 'category',
        inverse: true,
        data: d.byCategory.map((c) => c.name),
        axisLabel: { width: 140, overflow: 'truncate' },
      },
      xAxis: { type: 'value', minInterval: 1 },
      series: progressSeries(t, d.byCategory).map((s) => ({ ...s, barMaxWidth: 20 })),
    },
    trend: {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', boundaryGap: false, data: d.overdueTrend.map((p) => p.date) },
      yAxis: { type: 'value', minInterval: 1, min: 0 },
      series: [
        {
          name: t('dashboards.round.overdueMeasures'),
          type: 'line',
          symbolSize: 6,
          itemStyle: { color: SERIES_COLORS.overdue },
          areaStyle: { opacity: 0.1 },
          data: d.overdueTrend.map((p) => p.overdue),
        },
      ],
    },
  }
}
