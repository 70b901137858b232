// A small ECharts wrapper. Import it lazily (React.lazy) so only pages with charts load ECharts:
// it registers just the charts and components the app draws, on the canvas renderer.
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer])

export type ChartOption = EChartsCoreOption

export interface ChartProps {
  option: ChartOption
  height?: number
  /** Read aloud instead of the drawing (the canvas itself says nothing). */
  ariaLabel?: string
  testId?: string
}

/** Draws `option`; follows the container's width and redraws when the option changes. */
export default function Chart({ option, height = 280, ariaLabel, testId }: ChartProps) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<EChartsType | null>(null)

  useEffect(() => {
    if (!el.current) return
    const c = init(el.current, undefined, { renderer: 'canvas' })
    chart.current = c
    const observer = new ResizeObserver(() => c.resize())
    observer.observe(el.current)
    return () => {
      observer.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return (
    <div ref={el} role="img" aria-label={ariaLabel} data-testid={testId} style={{ width: '100%', height }} />
  )
}
