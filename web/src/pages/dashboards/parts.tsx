import { Col, Empty, Statistic } from 'antd'
import { lazy, Suspense, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Panel } from '../../components/Panel'
import type { DashChartProps } from './DashChart'

// ECharts loads with the first chart of a dashboard, never with the sign-in page.
const DashChart = lazy(() => import('./DashChart'))

/** A chart, with its height kept while ECharts loads and an empty state when there is nothing to draw. */
export function LazyChart({ empty, ...props }: DashChartProps & { empty?: boolean }) {
  const { t } = useTranslation()
  const height = props.height ?? 300
  if (empty)
    return (
      <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboards.noData')} />
      </div>
    )
  return (
    <Suspense fallback={<div style={{ height }} />}>
      <DashChart {...props} />
    </Suspense>
  )
}

export function Kpi({
  title,
  value,
  suffix,
  testId,
  danger,
}: {
  title: ReactNode
  value: number | string
  suffix?: string
  testId: string
  danger?: boolean
}) {
  return (
    <Col xs={12} sm={8} lg={4}>
      <Panel size="small">
        <Statistic
          title={title}
          value={value}
          suffix={suffix}
          data-testid={testId}
          styles={{ content: { fontSize: 22, ...(danger ? { color: '#cf1322' } : {}) } }}
        />
      </Panel>
    </Col>
  )
}

export function pct(part: number, whole: number) {
  return whole ? Math.round((1000 * part) / whole) / 10 : 0
}
