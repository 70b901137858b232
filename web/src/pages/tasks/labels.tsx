import { useQuery } from '@tanstack/react-query'
import { Badge, Flex, Space, Tag, Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import { departmentsApi, unitsApi } from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { tasksApi, type Light, type LightRule, type QuarterlyStatus, type TaskDto } from './api'

/** The year the ledger opens on: the demo's supervised year (the meeting of 2024-07-09). */
export const DEFAULT_TASK_YEAR = 2024
export const QUARTERS = [1, 2, 3, 4] as const

import { LIGHT_COLORS } from './lights'

export { LIGHT_COLORS }
export const LIGHT_TAG_COLORS: Record<Light, string> = {
  done: 'blue',
  green: 'success',
  yellow: 'warning',
  red: 'error',
}
export const LIGHT_LIST = Object.keys(LIGHT_COLORS) as Light[]

export const REPORT_COLORS: Record<QuarterlyStatus | 'missing', string> = {
  missing: 'default',
  draft: 'default',
  submitted: 'processing',
  accepted: 'success',
  returned: 'error',
}
export const REPORT_STATUS_LIST: QuarterlyStatus[] = ['draft', 'submitted', 'accepted', 'returned']

/** A coloured dot with the light's name; the reasons in a tooltip. */
export function LightTag({ light, reasons }: { light: Light; reasons?: string[] }) {
  const { t } = useTranslation()
  const tag = (
    <Tag color={LIGHT_TAG_COLORS[light]} data-testid="task-light" data-light={light}>
      <Badge color={LIGHT_COLORS[light]} style={{ marginInlineEnd: 4 }} />
      {t(`tasks.lights.${light}`)}
    </Tag>
  )
  if (!reasons?.length) return tag
  return (
    <Tooltip
      title={
        <Space orientation="vertical" size={0}>
          {reasons.map((r) => (
            <span key={r}>{r}</span>
          ))}
        </Space>
      }
    >
      {tag}
    </Tooltip>
  )
}

/** The light and, beside it, why (the server's reasons, e.g. which quarter's report is overdue). */
export function LightWithReasons({ task, compact }: { task: TaskDto; compact?: boolean }) {
  return (
    <Flex gap={4} vertical={compact} align={compact ? 'flex-start' : 'center'} wrap>
      <LightTag light={task.light} reasons={task.lightReasons} />
      {task.light !== 'green' && task.light !== 'done' && (
        <span
          className={task.light === 'red' ? 'duban-text-danger' : 'duban-text-warning'}
          style={{ fontSize: 12 }}
          data-testid="task-light-reasons"
        >
          {task.lightReasons.join('；')}
        </span>
      )}
    </Flex>
  )
}

/** Actual progress as a bar, with a marker at the expected progress to date (序时进度). */
export function ProgressBar({
  progress,
  expected,
  light,
  width = 160,
}: {
  progress: number
  expected: number
  light: Light
  width?: number
}) {
  const { t } = useTranslation()
  return (
    <Tooltip title={t('tasks.progressTip', { progress, expected })}>
      <div style={{ width }} data-testid="task-progress">
        <div style={{ position: 'relative' }}>
          {/* antd's small line Progress, drawn here: its Progress (with the circle and dashboard
              kinds, about 6 KB gzipped) would come to the ledger for a plain bar. */}
          <div
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progress}
            aria-label={t('tasks.progressTip', { progress, expected })}
            style={{ display: 'flex', alignItems: 'center', height: 22 }}
          >
            <div style={{ flex: 'auto', height: 6, borderRadius: 100, background: 'rgba(0, 0, 0, 0.06)' }}>
              <div
                style={{
                  width: `${Math.min(100, Math.max(0, progress))}%`,
                  height: '100%',
                  borderRadius: 100,
                  background: LIGHT_COLORS[light],
                  transition: 'width 0.3s',
                }}
              />
            </div>
          </div>
          <span
            aria-hidden
            style={{
              position: 'absolute',
              left: `${Math.min(100, Math.max(0, expected))}%`,
              top: 2,
              bottom: 2,
              width: 2,
              marginLeft: -1,
              background: '#262626',
            }}
          />
        </div>
        <span className="duban-text-secondary" style={{ fontSize: 12 }}>
          {t('tasks.progressShort', { progress, expected })}
        </span>
      </div>
    </Tooltip>
  )
}

export function ReportStatusTag({ status }: { status: QuarterlyStatus | 'missing' }) {
  const { t } = useTranslation()
  return (
    <Tag color={REPORT_COLORS[status]} data-testid="report-status">
      {t(`tasks.reportStatuses.${status}`)}
    </Tag>
  )
}

/** The light rule in words, as the office set it. */
export function LightRuleText({ rule }: { rule: LightRule }) {
  const { t } = useTranslation()
  return (
    <Space orientation="vertical" size={2} data-testid="light-rule">
      {(['red', 'yellow', 'green'] as const).map((light) => (
        <span key={light} style={{ fontSize: 13 }}>
          <Badge color={LIGHT_COLORS[light]} /> {t(`tasks.rule.${light}`, rule)}
        </span>
      ))}
    </Space>
  )
}

/** The quarter a year's work is in today (a past year: its last quarter; a future one: its first). */
export function currentQuarter(year: number, today = new Date()): number {
  const y = today.getFullYear()
  if (year < y) return 4
  if (year > y) return 1
  return Math.floor(today.getMonth() / 3) + 1
}

export function todayIso(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export function yearOptions(around = new Date().getFullYear()) {
  const years: number[] = []
  for (let y = around + 1; y >= Math.min(DEFAULT_TASK_YEAR, around) - 1; y--) years.push(y)
  return years.map((y) => ({ value: y, label: String(y) }))
}

/** The departments of the supreme procuratorate (code 000000), which lead and cooperate on tasks. */
export function useTaskDepartments() {
  const { user } = useAuth()
  const unit = useQuery({
    queryKey: ['units', 'supreme'],
    queryFn: async () => {
      const page = await unitsApi.list({ q: '000000', pageSize: 20 })
      return page.items.find((u) => u.code === '000000') ?? null
    },
    staleTime: 10 * 60_000,
  })
  const unitId = unit.data?.id ?? (unit.isError ? user?.unitId : undefined)
  return useQuery({
    queryKey: ['departments', 'picker', unitId],
    queryFn: () => departmentsApi.list({ unitId: unitId!, pageSize: 200 }),
    enabled: !!unitId,
    staleTime: 10 * 60_000,
    select: (page) => page.items.map((d) => ({ value: d.id, label: d.name })),
  })
}

export function useCampaigns() {
  return useQuery({ queryKey: ['campaigns'], queryFn: tasksApi.campaigns, staleTime: 60_000 })
}

export function useLightRule() {
  return useQuery({ queryKey: ['tasks', 'light-rule'], queryFn: tasksApi.lightRule, staleTime: 60_000 })
}
