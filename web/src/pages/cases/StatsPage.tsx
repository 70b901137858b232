import { DownloadOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { Button, Col, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import { lazy, Suspense, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useAuth } from '../../auth/auth'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { ForbiddenPage } from '../ErrorPages'
import { casesApi, type CaseStats, type StatBucket, type StatCounts } from './api'
import { caseKeys } from './labels'
import { Panel } from '../../components/Panel'

// ECharts loads with this page only.
const Chart = lazy(() => import('../../components/Chart'))

const BUCKETS: StatBucket[] = ['issued', 'pending', 'returned', 'rejected', 'withdrawn']
const COLORS: Record<StatBucket, string> = {
  issued: '#389e0d',
  pending: '#1677ff',
  returned: '#faad14',
  rejected: '#cf1322',
  withdrawn: '#8c8c8c',
}
type Dimension = 'kind' | 'domain' | 'quarter' | 'unit'
const DIMENSIONS: Dimension[] = ['kind', 'domain', 'quarter', 'unit']
/** Source units shown in the chart (the table lists them all). */
const UNIT_LIMIT = 15

/** 案例统计 for the case office: issued, pending, returned, rejected by kind, domain, quarter and source unit. */
export default function StatsPage() {
  const { t } = useTranslation()
  const { can } = useAuth()
  const { message } = useFeedback()
  const [year, setYear] = useState<number | undefined>(new Date().getFullYear())
  const allowed = can('case.review')
  const stats = useQuery({
    queryKey: caseKeys.stats(year),
    queryFn: () => casesApi.stats(year),
    placeholderData: keepPreviousData,
    enabled: allowed,
  })
  const ledger = useMutation({
    mutationFn: casesApi.ledger,
    onSuccess: (name) => message.success(t('cases.stats.downloaded', { name })),
    onError: (e) => message.error(errorText(e, t)),
  })
  const thisYear = new Date().getFullYear()
  const years = Array.from({ length: 8 }, (_, i) => thisYear - i)
  if (!allowed) return <ForbiddenPage />

  return (
    <div data-testid="case-stats-page">
      <PageHeader
        title={t('cases.stats.title')}
        extra={
          <Space wrap>
            <Select<number | 'all'>
              value={year ?? 'all'}
              onChange={(v) => setYear(v === 'all' ? undefined : v)}
              style={{ width: 130 }}
              aria-label={t('cases.stats.year')}
              data-testid="case-stats-year"
              options={[
                { value: 'all', label: t('cases.stats.allYears') },
                ...years.map((y) => ({ value: y, label: t('cases.stats.yearLabel', { year: y }) })),
              ]}
            />
            <Button
              icon={<DownloadOutlined />}
              loading={ledger.isPending}
              onClick={() => ledger.mutate()}
              data-testid="case-ledger-download"
            >
              {t('cases.stats.ledger')}
            </Button>
          </Space>
        }
      />
      {stats.isPending ? (
        <Loading />
      ) : stats.isError ? (
        <Panel>
          <Empty description={errorText(stats.error, t)} />
        </Panel>
      ) : (
        <StatsBody stats={stats.data} />
      )}
    </div>
  )
}

function StatsBody({ stats }: { stats: CaseStats }) {
  const { t } = useTranslation()
  const empty = BUCKETS.every((b) => stats.total[b] === 0)
  return (
    <>
      <Panel style={{ marginBottom: 16 }}>
        <Row gutter={[16, 16]} data-testid="case-stats-totals">
          {BUCKETS.map((b) => (
            <Col key={b} xs={12} md={8} lg={4}>
              <Statistic
                title={t(`cases.stats.buckets.${b}`)}
                value={stats.total[b]}
                styles={{ content: { color: COLORS[b] } }}
              />
            </Col>
          ))}
          <Col xs={12} md={8} lg={4}>
            <Statistic
              title={t('cases.stats.used')}
              value={stats.usedCases}
              suffix={<Typography.Text type="secondary">/ {stats.total.issued}</Typography.Text>}
            />
          </Col>
        </Row>
      </Panel>
      {empty ? (
        <Panel>
          <Empty description={t('cases.stats.none')} data-testid="case-stats-empty" />
        </Panel>
      ) : (
        <Row gutter={16}>
          {DIMENSIONS.map((d) => (
            <Col key={d} xs={24} xl={d === 'unit' ? 24 : 12}>
              <DimensionCard dimension={d} data={stats[d]} />
            </Col>
          ))}
        </Row>
      )}
    </>
  )
}

function DimensionCard({ dimension, data }: { dimension: Dimension; data: Record<string, StatCounts> }) {
  const { t } = useTranslation()
  const rows = useMemo(() => {
    const label = (key: string) =>
      dimension === 'kind'
        ? t(`cases.kinds.${key}`, { defaultValue: key })
        : dimension === 'domain'
          ? t(`cases.domains.${key}`, { defaultValue: key })
          : key
    const entries = Object.entries(data).map(([key, counts]) => ({
      key,
      name: label(key),
      ...counts,
      total: BUCKETS.reduce((s, b) => s + counts[b], 0),
    }))
    return dimension === 'quarter'
      ? entries.sort((a, b) => a.key.localeCompare(b.key))
      : entries.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))
  }, [data, dimension, t])
  const shown = useMemo(() => (dimension === 'unit' ? rows.slice(0, UNIT_LIMIT) : rows), [rows, dimension])
  const option = useMemo(
    () => ({
      color: BUCKETS.map((b) => COLORS[b]),
      grid: { left: 48, right: 16, top: 36, bottom: dimension === 'unit' ? 72 : 32 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: BUCKETS.map((b) => t(`cases.stats.buckets.${b}`)), top: 0 },
      xAxis: {
        type: 'category',
        data: shown.map((r) => r.name),
        axisLabel: dimension === 'unit' ? { rotate: 30, interval: 0 } : { interval: 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: BUCKETS.map((b) => ({
        name: t(`cases.stats.buckets.${b}`),
        type: 'bar',
        stack: 'total',
        barMaxWidth: 48,
        data: shown.map((r) => r[b]),
      })),
    }),
    [shown, dimension, t],
  )
  return (
    <Panel
      size="small"
      title={t(`cases.stats.by.${dimension}`)}
      style={{ marginBottom: 16 }}
      data-testid={`case-stats-${dimension}`}
    >
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.stats.none')} />
      ) : (
        <>
          <Suspense fallback={<div style={{ height: 280 }} />}>
            <Chart
              option={option}
              testId={`case-stats-chart-${dimension}`}
              ariaLabel={t('cases.stats.chartAria', {
                by: t(`cases.stats.by.${dimension}`),
                points: shown.map((r) => `${r.name} ${r.total}`).join('；'),
              })}
            />
          </Suspense>
          <Table
            rowKey="key"
            size="small"
            dataSource={rows}
            pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            columns={[
              { title: t(`cases.stats.dimension.${dimension}`), dataIndex: 'name', key: 'name' },
              ...BUCKETS.map((b) => ({
                title: t(`cases.stats.buckets.${b}`),
                dataIndex: b,
                key: b,
                width: 80,
                align: 'right' as const,
              })),
              {
                title: t('cases.stats.sum'),
                dataIndex: 'total',
                key: 'total',
                width: 70,
                align: 'right' as const,
              },
            ]}
          />
        </>
      )}
    </Panel>
  )
}
