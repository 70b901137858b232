import { useQuery } from '@tanstack/react-query'
import { Col, Empty, Progress, Row, Select, Space, Table, Tag, Typography } from 'antd'
import { useMemo, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { FED_BACK_STATUSES } from '../../../../common/workflows'
import { PageHeader } from '../../components/PageHeader'
import { Loading } from '../../components/Loading'
import { errorText } from '../../lib/errors'
import { Overdue } from '../rectification/labels'
import { MeasureDrawer } from '../rectification/MeasureDrawer'
import { dashboardsApi, listUrl, SERIES_COLORS, type UnitDashboard } from './api'
import { Kpi, LazyChart, pct } from './parts'
import { Panel } from '../../components/Panel'
import { Result } from '../../components/LazyResult'

const STATUS_CHART_COLORS: Record<string, string> = {
  fed_back: '#722ed1',
  rectifying: SERIES_COLORS.inProgress,
  awaiting_verification: SERIES_COLORS.awaiting,
  closed: SERIES_COLORS.closed,
}

/** 本单位整改看板: the unit's own findings by status, measures due soon and overdue, and the burn-down. */
export default function UnitDashboardPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [search, setSearch] = useSearchParams()
  const targetId = search.get('targetId') ?? undefined
  const [open, setOpen] = useState<string | null>(null)
  const q = useQuery({
    queryKey: ['dashboards', 'unit', { targetId }],
    queryFn: () => dashboardsApi.unit({ targetId }),
    placeholderData: (prev) => prev,
  })
  const d = q.data
  const options = useMemo(() => (d ? chartOptions(d, t) : null), [d, t])

  const header = (
    <PageHeader
      title={t('dashboards.unit.title')}
      extra={
        d &&
        d.targets.length > 1 && (
          <Select
            aria-label={t('dashboards.unit.round')}
            data-testid="dashboard-target-select"
            style={{ width: 200 }}
            value={d.target?.id}
            onChange={(v: string) => setSearch({ targetId: v }, { replace: true })}
            options={d.targets.map((x) => ({ value: x.id, label: x.roundName }))}
          />
        )
      }
    />
  )
  if (q.isPending)
    return (
      <div data-testid="unit-dashboard">
        {header}
        <Loading />
      </div>
    )
  if (q.isError)
    return (
      <div data-testid="unit-dashboard">
        {header}
        <Result status="warning" title={errorText(q.error, t)} />
      </div>
    )
  const data = q.data
  if (!data.target)
    return (
      <div data-testid="unit-dashboard">
        {header}
        <Empty
          description={t('dashboards.unit.none', { unit: data.unit.name })}
          data-testid="unit-dashboard-empty"
        />
      </div>
    )
  const target = data.target
  const closed = data.byStatus.closed ?? 0
  const m = data.measures

  return (
    <div data-testid="unit-dashboard">
      {header}
      <Typography.Paragraph type="secondary">
        {t('dashboards.unit.caption', {
          unit: target.unitName,
          round: target.roundName,
          deadline: target.rectificationDeadline ?? '—',
        })}{' '}
        <Link to={listUrl(`/inspections/targets/${target.id}`, { tab: 'plan' })}>
          {t('dashboards.unit.openPlan')}
        </Link>
      </Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Kpi title={t('dashboards.kpi.findings')} value={data.findings} testId="kpi-findings" />
        <Kpi
          title={t('dashboards.kpi.closedRate')}
          value={pct(closed, data.findings)}
          suffix="%"
          testId="kpi-rate"
        />
        <Kpi title={t('dashboards.unit.measures')} value={m.total} testId="kpi-measures" />
        <Kpi title={t('dashboards.unit.progress')} value={m.progress} suffix="%" testId="kpi-progress" />
        <Kpi
          title={t('dashboards.unit.dueSoonKpi', { days: data.dueSoonDays })}
          value={m.dueSoon}
          testId="kpi-due-soon"
        />
        <Kpi
          title={t('dashboards.kpi.measuresOverdue')}
          value={m.overdue}
          testId="kpi-measures-overdue"
          danger={m.overdue > 0}
        />
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Panel size="small" title={t('dashboards.unit.byStatus')}>
            <LazyChart
              option={options!.status}
              height={260}
              testId="chart-unit-status"
              empty={data.findings === 0}
              ariaLabel={FED_BACK_STATUSES.map(
                (s) => `${t(`findingStatuses.${s}`)} ${data.byStatus[s] ?? 0}`,
              ).join('；')}
              onClick={(e) => {
                const status = FED_BACK_STATUSES[e.dataIndex]
                if (status) navigate(listUrl('/inspections/findings', { targetId: target.id, status }))
              }}
            />
            <Typography.Text type="secondary">{t('dashboards.drillHint')}</Typography.Text>
            <div style={{ marginTop: 12 }}>
              <Typography.Text>
                {t('dashboards.unit.measureDone', { done: m.done, total: m.total })}
              </Typography.Text>
              <Progress percent={pct(m.done, m.total)} strokeColor={SERIES_COLORS.closed} />
            </div>
          </Panel>
        </Col>
        <Col xs={24} lg={12}>
          <Panel
            size="small"
            title={t('progressTab.burndown')}
            extra={
              data.burndown.length > 0 && (
                <Typography.Text type="secondary">
                  {t('progressTab.openNow', {
                    date: data.burndown.at(-1)!.date,
                    count: data.burndown.at(-1)!.open,
                  })}
                </Typography.Text>
              )
            }
          >
            <LazyChart
              option={options!.burndown}
              height={260}
              testId="burndown-chart"
              empty={data.burndown.length === 0}
              ariaLabel={t('progressTab.burndownAria', {
                points: data.burndown.map((x) => `${x.date} ${x.open}`).join('；'),
              })}
            />
            <Typography.Text type="secondary">{t('progressTab.burndownHint')}</Typography.Text>
          </Panel>
        </Col>
        <Col xs={24} lg={12}>
          <Panel
            size="small"
            title={t('dashboards.unit.dueSoon', { days: data.dueSoonDays })}
            extra={
              <Link to={listUrl('/rectification/measures', { targetId: target.id, status: 'open' })}>
                {t('dashboards.unit.ledger')}
              </Link>
            }
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              data-testid="due-soon"
              dataSource={data.dueSoon}
              scroll={{ x: 480 }}
              locale={{
                emptyText: (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboards.unit.noDueSoon')} />
                ),
              }}
              onRow={(r) =>
                ({
                  style: { cursor: 'pointer' },
                  onClick: () => setOpen(r.id),
                }) as HTMLAttributes<HTMLElement>
              }
              columns={[
                {
                  title: t('measures.content'),
                  key: 'content',
                  ellipsis: true,
                  render: (_, r) => (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text ellipsis>{r.content}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.findingSeq}. {r.findingTitle}
                      </Typography.Text>
                    </Space>
                  ),
                },
                { title: t('measures.deadline'), dataIndex: 'deadline', key: 'deadline', width: 110 },
                {
                  title: t('dashboards.unit.progress'),
                  key: 'progress',
                  width: 110,
                  render: (_, r) => <Progress percent={r.progress} size="small" />,
                },
              ]}
            />
          </Panel>
        </Col>
        <Col xs={24} lg={12}>
          <Panel
            size="small"
            title={
              <Space>
                {t('progressTab.overdueMeasures')}
                {m.overdue > 0 && <Tag color="red">{m.overdue}</Tag>}
              </Space>
            }
            extra={
              <Link to={listUrl('/rectification/measures', { targetId: target.id, overdue: 1 })}>
                {t('dashboards.unit.ledger')}
              </Link>
            }
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              data-testid="overdue-measures"
              dataSource={data.overdueMeasures}
              scroll={{ x: 480 }}
              locale={{
                emptyText: (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('progressTab.noOverdue')} />
                ),
              }}
              onRow={(r) =>
                ({
                  style: { cursor: 'pointer' },
                  onClick: () => setOpen(r.id),
                }) as HTMLAttributes<HTMLElement>
              }
              columns={[
                { title: t('measures.content'), dataIndex: 'content', key: 'content', ellipsis: true },
                {
                  title: t('measures.department'),
                  key: 'department',
                  width: 130,
                  render: (_, r) => r.departmentName ?? '—',
                },
                { title: t('measures.deadline'), dataIndex: 'deadline', key: 'deadline', width: 110 },
                {
                  title: t('measures.overdue'),
                  key: 'overdue',
                  width: 130,
                  render: (_, r) => <Overdue days={r.overdueWorkingDays} />,
                },
              ]}
            />
          </Panel>
        </Col>
      </Row>
      <MeasureDrawer measureId={open} onClose={() => setOpen(null)} />
    </div>
  )
}

function chartOptions(d: UnitDashboard, t: (k: string, o?: Record<string, unknown>) => string) {
  return {
    status: {
      tooltip: { trigger: 'item' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: FED_BACK_STATUSES.map((s) => t(`findingStatuses.${s}`)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('dashboards.kpi.findings'),
          type: 'bar',
          barMaxWidth: 40,
          label: { show: true, position: 'top' },
          data: FED_BACK_STATUSES.map((s) => ({
            value: d.byStatus[s] ?? 0,
            itemStyle: { color: STATUS_CHART_COLORS[s] },
          })),
        },
      ],
    },
    // The same drawing as the target's 整改进度 tab.
    burndown: {
      color: ['#a8071a'],
      grid: { left: 40, right: 24, top: 32, bottom: 32 },
      tooltip: { trigger: 'axis' },
      legend: { data: [t('progressTab.openFindings')], top: 0 },
      xAxis: { type: 'category', boundaryGap: false, data: d.burndown.map((p) => p.date) },
      yAxis: { type: 'value', minInterval: 1, min: 0 },
      series: [
        {
          name: t('progressTab.openFindings'),
          type: 'line',
          step: 'end',
          symbolSize: 6,
          areaStyle: { opacity: 0.12 },
          data: d.burndown.map((p) => p.open),
        },
      ],
    },
  }
}
