import { describe, expect, it } from 'vitest'
import { chartSvg, renderChart } from './charts'

describe('charts', () => {
  it('renders bar, line and pie charts to SVG on the server and to PNG', () => {
    const bar = chartSvg({
      kind: 'bar',
      title: '整改情况',
      categories: ['天津', '河北'],
      series: [{ name: '已销号', data: [3, 4] }],
      stacked: true,
    })
    expect(bar).toMatch(/^<svg/)
    expect(bar).toContain('整改情况')
    for (const spec of [
      { kind: 'bar' as const, categories: ['甲', '乙'], series: [{ name: 'a', data: [1, 2] }] },
      { kind: 'line' as const, categories: ['一季度', '二季度'], series: [{ name: '进度', data: [25, 50] }] },
      { kind: 'pie' as const, items: [{ name: '绿灯', value: 3 }] },
    ]) {
      const png = renderChart(spec, 400, 200)
      expect(png).not.toBeNull()
      expect(png!.png.subarray(1, 4).toString()).toBe('PNG')
      // Drawn at twice the size for print: 800 × 400 pixels (the PNG header's width and height).
      expect(png!.png.readUInt32BE(16)).toBe(800)
      expect(png!.png.readUInt32BE(20)).toBe(400)
    }
  })
})
