// Charts for Word reports: ECharts renders SVG on the server (no DOM), resvg turns it into a
// PNG with the system's CJK fonts, and the PNG goes into the document as a picture.
import fs from 'node:fs'
import { Resvg } from '@resvg/resvg-js'
import * as echarts from 'echarts'

const FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
]
const FONT_FAMILY = 'Noto Sans CJK SC'
const PALETTE = ['#2f5597', '#70ad47', '#c00000', '#ffc000', '#7f7f7f', '#5b9bd5', '#a5a5a5']

export type Series = { name: string; data: number[]; color?: string }
export type ChartSpec =
  | {
      kind: 'bar'
      title?: string
      categories: string[]
      series: Series[]
      stacked?: boolean
      horizontal?: boolean
    }
  | { kind: 'line'; title?: string; categories: string[]; series: Series[] }
  | { kind: 'pie'; title?: string; items: { name: string; value: number; color?: string }[] }

export type RenderedChart = { png: Buffer; width: number; height: number }

let fonts: { fontFiles: string[]; loadSystemFonts: boolean } | null = null
function fontOptions() {
  // Found once; without the Noto fonts resvg falls back to whatever the system has.
  fonts ??= (() => {
    const present = FONT_FILES.filter((f) => fs.existsSync(f))
    return { fontFiles: present, loadSystemFonts: present.length === 0 }
  })()
  return fonts
}

function option(spec: ChartSpec): echarts.EChartsCoreOption {
  const text = { fontFamily: `${FONT_FAMILY}, sans-serif`, fontSize: 13, color: '#222' }
  const base = {
    animation: false,
    color: PALETTE,
    textStyle: text,
    backgroundColor: '#ffffff',
    title: spec.title
      ? { text: spec.title, left: 'center', top: 6, textStyle: { ...text, fontSize: 15 } }
      : undefined,
  }
  if (spec.kind === 'pie') {
    return {
      ...base,
      legend: { bottom: 4, textStyle: text },
      series: [
        {
          type: 'pie',
          radius: ['30%', '60%'],
          center: ['50%', '50%'],
          label: { formatter: '{b}\n{c}（{d}%）', ...text },
          data: spec.items.map((i) => ({
            name: i.name,
            value: i.value,
            itemStyle: i.color ? { color: i.color } : undefined,
          })),
        },
      ],
    }
  }
  const category = {
    type: 'category',
    data: spec.categories,
    axisLabel: { ...text, interval: 0, fontSize: 12 },
  }
  const value = { type: 'value', minInterval: 1, axisLabel: text }
  const horizontal = spec.kind === 'bar' && spec.horizontal
  return {
    ...base,
    legend: { bottom: 4, textStyle: text },
    grid: { left: 16, right: 24, top: spec.title ? 44 : 20, bottom: 44, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: spec.series.map((s) => ({
      type: spec.kind,
      name: s.name,
      data: s.data,
      ...(s.color && { itemStyle: { color: s.color }, lineStyle: { color: s.color } }),
      ...(spec.kind === 'bar' && spec.stacked && { stack: 'total' }),
      label: {
        show: true,
        position: spec.kind === 'bar' && spec.stacked ? 'inside' : 'top',
        ...text,
        fontSize: 11,
      },
    })),
  }
}

/** The chart as SVG text (ECharts server-side rendering). */
export function chartSvg(spec: ChartSpec, width = 600, height = 320): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption(option(spec))
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

/**
 * The chart as a PNG at twice its size (sharp when printed), or null when it cannot be
 * drawn: a report without its chart is better than no report.
 */
export function renderChart(spec: ChartSpec, width = 600, height = 320): RenderedChart | null {
  try {
    const svg = chartSvg(spec, width, height)
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      background: '#ffffff',
      font: { ...fontOptions(), defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
      logLevel: 'off',
    })
      .render()
      .asPng()
    return { png, width, height }
  } catch {
    return null
  }
}
