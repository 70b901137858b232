// The dashboards' ECharts wrapper: like components/Chart, plus pie charts and a click handler
// for drill-down. Import it lazily so only the dashboards load these charts.
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

use([LineChart, BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer])

export type ChartClick = { seriesIndex: number; seriesName: string; dataIndex: number; name: string }

export interface DashChartProps {
  option: EChartsCoreOption
  height?: number
  ariaLabel?: string
  testId?: string
  /** Called with the clicked bar, point or slice. */
  onClick?: (e: ChartClick) => void
}

/** The drawing, reachable from its element (a canvas has no elements a test could click). */
export type ChartElement = HTMLDivElement & { echarts?: EChartsType }

export default function DashChart({ option, height = 300, ariaLabel, testId, onClick }: DashChartProps) {
  const el = useRef<ChartElement>(null)
  const chart = useRef<EChartsType | null>(null)
  const click = useRef(onClick)
  click.current = onClick

  useEffect(() => {
    const node = el.current
    if (!node) return
    const c = init(node, undefined, { renderer: 'canvas' })
    chart.current = c
    node.echarts = c
    c.on('click', (p) => {
      const e = p as unknown as ChartClick
      click.current?.({
        seriesIndex: e.seriesIndex,
        seriesName: e.seriesName,
        dataIndex: e.dataIndex,
        name: e.name,
      })
    })
    const observer = new ResizeObserver(() => c.resize())
    observer.observe(node)
    return () => {
      observer.disconnect()
      c.dispose()
      chart.current = null
      delete node.echarts
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return (
    <div
      ref={el}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }}
    />
  )
}
