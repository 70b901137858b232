import { useQuery } from '@tanstack/react-query'
import { Col, Empty, Row, Statistic, Table, Tag, Typography } from 'antd'
import { lazy, Suspense, useMemo, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { FED_BACK_STATUSES } from '../../../../common/workflows'
import { targetsApi, type TargetDto, type TargetProgressDto } from '../../api/endpoints'
import { Loading } from '../../components/Loading'
import { errorText } from '../../lib/errors'
import { STATUS_COLORS } from '../inspections/labels'
import { Overdue } from './labels'
import { Deferred } from '../../components/Deferred'
import { Panel } from '../../components/Panel'

// The measure drawer (progress, evidence, extensions: Drawer, Form, Upload, Steps) loads when first opened.
const MeasureDrawer = lazy(() => import('./MeasureDrawer').then((m) => ({ default: m.MeasureDrawer })))

// ECharts loads with the first chart, never with the sign-in page or the other tabs.
const Chart = lazy(() => import('../../components/Chart'))

type OverdueMeasure = TargetProgressDto['overdueMeasures'][number]

/** 整改进度 of a fed-back target: findings by status, measures, the burn-down of open findings, overdue measures. */
export function ProgressTab({ target }: { target: TargetDto }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<string | null>(null)
  const progress = useQuery({
    queryKey: ['targets', target.id, 'progress'],
    queryFn: () => targetsApi.progress(target.id),
  })
  const data = progress.data
  const option = useMemo(
    () =>
      data && {
        color: ['#a8071a'],
        grid: { left: 40, right: 24, top: 32, bottom: 32 },
        tooltip: { trigger: 'axis' },
        legend: { data: [t('progressTab.openFindings')], top: 0 },
        xAxis: { type: 'category', boundaryGap: false, data: data.burndown.map((p) => p.date) },
        yAxis: { type: 'value', minInterval: 1, min: 0 },
        series: [
          {
            name: t('progressTab.openFindings'),
            type: 'line',
            step: 'end',
            symbolSize: 6,
            areaStyle: { opacity: 0.12 },
            data: data.burndown.map((p) => p.open),
          },
        ],
      },
    [data, t],
  )

  if (progress.isPending) return <Loading />
  if (progress.isError) return <Empty description={errorText(progress.error, t)} />
  const p = progress.data
  const last = p.burndown.at(-1)

  return (
    <div data-testid="progress-tab">
      <Panel size="small" title={t('progressSummary.title')} style={{ marginBottom: 16 }}>
        <Row gutter={[16, 16]}>
          {FED_BACK_STATUSES.map((s) => (
            <Col key={s} xs={12} md={6} lg={3}>
              <Statistic
                title={<Tag color={STATUS_COLORS[s]}>{t(`findingStatuses.${s}`)}</Tag>}
                value={p.byStatus[s] ?? 0}
              />
            </Col>
          ))}
          <Col xs={12} md={6} lg={3}>
            <Statistic title={t('progressSummary.open')} value={p.measures.open} />
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Statistic
              title={t('progressSummary.done')}
              value={p.measures.done}
              styles={{ content: { color: '#389e0d' } }}
            />
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Statistic
              title={t('progressSummary.overdue')}
              value={p.measures.overdue}
              styles={{ content: p.measures.overdue ? { color: '#cf1322' } : undefined }}
              data-testid="progress-overdue-count"
            />
          </Col>
        </Row>
      </Panel>

      <Panel
        size="small"
        title={t('progressTab.burndown')}
        extra={
          last && (
            <Typography.Text type="secondary">
              {t('progressTab.openNow', { date: last.date, count: last.open })}
            </Typography.Text>
          )
        }
        style={{ marginBottom: 16 }}
      >
        {p.burndown.length === 0 ? (
          <Empty description={t('progressTab.noBurndown')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Suspense fallback={<div style={{ height: 280 }} />}>
            <Chart
              option={option!}
              testId="burndown-chart"
              ariaLabel={t('progressTab.burndownAria', {
                points: p.burndown.map((x) => `${x.date} ${x.open}`).join('；'),
              })}
            />
          </Suspense>
        )}
        <Typography.Text type="secondary">{t('progressTab.burndownHint')}</Typography.Text>
      </Panel>

      <Panel size="small" title={t('progressTab.overdueMeasures')}>
        <Table<OverdueMeasure>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.overdueMeasures}
          data-testid="overdue-measures"
          locale={{ emptyText: <Empty description={t('progressTab.noOverdue')} /> }}
          onRow={(m) =>
            ({
              'data-testid': 'overdue-measure-row',
              style: { cursor: 'pointer' },
              onClick: () => setOpen(m.id),
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: t('measures.content'), dataIndex: 'content', key: 'content', ellipsis: true },
            {
              title: t('measures.department'),
              key: 'department',
              width: 160,
              render: (_, m) => m.departmentName ?? '—',
            },
            { title: t('measures.deadline'), dataIndex: 'deadline', key: 'deadline', width: 110 },
            {
              title: t('measures.overdue'),
              key: 'overdue',
              width: 150,
              render: (_, m) => <Overdue days={m.overdueWorkingDays} />,
            },
          ]}
        />
      </Panel>
      <Deferred when={open !== null}>
        <MeasureDrawer measureId={open} onClose={() => setOpen(null)} />
      </Deferred>
    </div>
  )
}
