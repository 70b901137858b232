import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  launchBrowser,
  login,
  newSession,
  resultsPath,
  ROOT,
  startServer,
  type Server,
  type Session,
} from './harness'

let server: Server
let browser: Browser
const sessions: Session[] = []

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  for (const s of sessions) await s.close()
  await browser?.close()
  await server?.stop()
})

async function session(username: string, viewport?: { width: number; height: number }) {
  const s = await newSession(browser, server.baseUrl)
  sessions.push(s)
  if (viewport) await s.page.setViewportSize(viewport)
  await login(s.page, username)
  return s.page
}

/** The page's own API, with its session. */
function api<T = any>(page: Page, url: string): Promise<T> {
  return page.evaluate((u) => fetch(u).then((r) => r.json()), url)
}

/** Clicks the bar of `seriesIndex` at `dataIndex` in an ECharts chart (a canvas: the bar's rectangle comes from the chart). */
async function clickBar(page: Page, testId: string, seriesIndex: number, dataIndex: number) {
  const chart = page.getByTestId(testId)
  await chart.waitFor()
  await page.waitForFunction(
    (id) => !!(document.querySelector(`[data-testid="${id}"]`) as any)?.echarts,
    testId,
  )
  await page.waitForTimeout(1200) // let the bars finish growing
  const rect = await page.evaluate(
    ({ id, s, i }) => {
      const c = (document.querySelector(`[data-testid="${id}"]`) as any).echarts
      return c.getModel().getSeriesByIndex(s).getData().getItemLayout(i) as {
        x: number
        y: number
        width: number
        height: number
      }
    },
    { id: testId, s: seriesIndex, i: dataIndex },
  )
  const box = (await chart.boundingBox())!
  await page.mouse.click(box.x + rect.x + rect.width / 2, box.y + rect.y + rect.height / 2)
}

describe('dashboards', () => {
  it('the leader reads the one-page overview and drills down from a chart to the filtered list', async () => {
    const page = await session('leader')
    await page.getByTestId('side-menu').getByRole('link', { name: '院领导总览' }).click()
    await page.getByTestId('leader-dashboard').waitFor()
    // the page asks for the browser's day, here the same time zone's
    const today = new Date().toLocaleDateString('sv')
    const year = Number(today.slice(0, 4))
    // The page opens on this year; the demo's rounds and tasks are 2024.
    await page.goto('/dashboards/leader?year=2024&quarter=2')
    await page.getByTestId('chart-rounds').waitFor()
    const d = await api(page, `/api/dashboards/leader?year=2024&quarter=2&asOf=${today}`)
    expect(year).toBeGreaterThanOrEqual(2024)
    const text = async (id: string) => (await page.getByTestId(id).textContent())?.replace(/\D/g, '')
    await expect.poll(() => text('kpi-fed-back')).toBe(String(d.inspections.totals.fedBack))
    expect(await text('kpi-tasks')).toBe(String(d.tasks.total))
    expect(await text('kpi-red')).toBe(String(d.tasks.lights.red))
    expect(await page.getByTestId('late-tasks').locator('.ant-list-item').count()).toBe(d.tasks.late.length)
    await page.screenshot({ path: resultsPath('dashboards-leader.png'), fullPage: true })

    // The page says when it was counted. After a write (the office urges a measure), 重新统计
    // counts it anew and shows that count (a second later at least, so the time shown differs).
    const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8)
    await expect
      .poll(() => page.getByTestId('leader-counted-at').textContent())
      .toContain(`统计于 ${clock(d.countedAt)}`)
    const office = await session('xunshiban')
    const measure = (await api(office, '/api/measures?pageSize=1')).items[0]
    const urged = await apiAs(office, 'POST', `/api/measures/${measure.id}/urge`, { message: '请按期完成' })
    expect(urged.status).toBe(200)
    while (Date.now() - Date.parse(d.countedAt) < 1100) await page.waitForTimeout(100)
    const recounted = page.waitForResponse(
      (r) => r.url().includes('/api/dashboards/leader?') && r.url().includes('fresh=true'),
    )
    await page.getByTestId('leader-recount').click()
    const fresh = await (await recounted).json()
    expect(Date.parse(fresh.countedAt)).toBeGreaterThan(Date.parse(d.countedAt) + 1000)
    await expect
      .poll(() => page.getByTestId('leader-counted-at').textContent())
      .toContain(`统计于 ${clock(fresh.countedAt)}`)

    // The light with the most tasks: its bar opens the task ledger showing just those tasks.
    const lights = ['done', 'green', 'yellow', 'red'] as const
    const most = lights.reduce((a, b) => (d.tasks.lights[b] > d.tasks.lights[a] ? b : a))
    await clickBar(page, 'chart-lights', 0, lights.indexOf(most))
    await page.waitForURL(/\/tasks\?/)
    const url = new URL(page.url())
    expect(url.searchParams.get('light')).toBe(most)
    expect(url.searchParams.get('year')).toBe('2024')
    await page.getByTestId('tasks-table').waitFor()
    await expect
      .poll(() => page.getByTestId('tasks-table').locator('tbody tr.ant-table-row').count())
      .toBe(Math.min(20, d.tasks.lights[most]))

    // The first round's "awaiting verification" segment opens the findings list filtered so.
    await page.goBack()
    await page.getByTestId('chart-rounds').waitFor()
    const r1 = d.inspections.rounds.findIndex((r: any) => r.awaitingVerification > 0)
    expect(r1).toBeGreaterThanOrEqual(0)
    await clickBar(page, 'chart-rounds', 1, r1)
    await page.waitForURL(/\/inspections\/findings\?/)
    const f = new URL(page.url())
    expect(f.searchParams.get('status')).toBe('awaiting_verification')
    expect(f.searchParams.get('roundId')).toBe(d.inspections.rounds[r1].id)
    const listed = await api(
      page,
      `/api/findings?roundId=${d.inspections.rounds[r1].id}&status=awaiting_verification&pageSize=100`,
    )
    expect(listed.total).toBe(d.inspections.rounds[r1].awaitingVerification)
    await expect
      .poll(() => page.getByTestId('findings-table').locator('tbody tr[data-testid^="finding-row-"]').count())
      .toBe(listed.total)
    await page.getByTestId('finding-filters').getByText('待核查').waitFor()
  })

  it('the leader overview reads on a phone: one column, nothing wider than the screen', async () => {
    const page = await session('leader', { width: 390, height: 844 })
    await page.goto('/dashboards/leader?year=2024&quarter=2')
    await page.getByTestId('chart-rounds').waitFor()
    await page.getByTestId('leader-tasks').waitFor()
    const a = (await page.getByTestId('leader-inspections').boundingBox())!
    const b = (await page.getByTestId('leader-tasks').boundingBox())!
    const c = (await page.getByTestId('leader-cases').boundingBox())!
    expect(Math.abs(a.x - b.x)).toBeLessThan(2)
    expect(b.y).toBeGreaterThan(a.y + a.height - 1)
    expect(c.y).toBeGreaterThan(b.y + b.height - 1)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: resultsPath('dashboards-leader-phone.png') })
  })

  it('the office sees the round on a tile map of China, coloured by rectification status', async () => {
    const page = await session('xunshiban')
    await page.getByTestId('side-menu').getByRole('link', { name: '巡视整改总览' }).click()
    await page.getByTestId('round-dashboard').waitFor()
    await page.getByTestId('tile-map').waitFor()
    const rounds = await api(page, '/api/rounds?pageSize=100')
    const first = rounds.items.find((r: any) => r.ordinal === 1 && r.year === 2024)
    // The picker searches its options: typing the round's name leaves the rounds so named.
    await page.getByTestId('dashboard-round-select').click()
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option')
    // (the count the poll saw: the dropdown may re-render between two reads)
    let all = 0
    await expect.poll(async () => (all = await options.count())).toBeGreaterThan(1)
    await page.keyboard.type(first.name)
    await expect.poll(() => options.count()).toBeLessThan(all)
    for (const text of await options.allTextContents()) expect(text).toContain(first.name)
    await options.getByText(first.name, { exact: true }).click()
    const today = new Date().toISOString().slice(0, 10)
    const d = await api(page, `/api/dashboards/round?roundId=${first.id}&asOf=${today}`)
    const tj = d.tiles.find((x: any) => x.code === '12')
    // Tianjin is in the first round only: its tile takes its colour once that round is shown.
    await expect.poll(() => page.getByTestId('tile-12').getAttribute('data-status')).toBe(tj.status)
    // The five provinces of the first round are coloured; the other provinces stay grey.
    const coloured = page.locator('[data-testid^="tile-"][data-status]:not([data-status="none"])')
    await expect.poll(() => coloured.count()).toBe(5)
    for (const tile of d.tiles) {
      const el = page.getByTestId(`tile-${tile.code}`)
      expect(await el.getAttribute('data-status')).toBe(tile.status)
    }
    const bg = (code: string) =>
      page.getByTestId(`tile-${code}`).evaluate((e) => getComputedStyle(e).backgroundColor)
    expect(await bg('12')).not.toBe(await bg('31'))
    expect(await page.getByTestId('tile-31').getAttribute('data-status')).toBe('none')
    // Every province of the organization's list has its tile.
    const provinces = fs
      .readFileSync(path.join(ROOT, 'server/seed/data/provinces.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0])
    expect(provinces).toHaveLength(31)
    for (const code of provinces) await page.getByTestId(`tile-${code}`).waitFor()
    expect(await page.getByTestId('kpi-findings').textContent()).toContain(String(d.totals.total))
    await page.getByTestId('chart-by-target').waitFor()
    await page.getByTestId('chart-overdue-trend').waitFor()
    await page.screenshot({ path: resultsPath('dashboards-round.png'), fullPage: true })

    // A tile opens its target's rectification progress.
    await page.getByTestId('tile-12').click()
    await page.waitForURL(/\/inspections\/targets\/[^/?]+\?tab=progress/)
    await page.getByTestId('progress-tab').waitFor()
  })

  it("tj_liaison sees its own unit's board, and not the office's", async () => {
    const page = await session('tj_liaison')
    await page.getByTestId('side-menu').getByRole('link', { name: '本单位整改看板' }).click()
    await page.getByTestId('unit-dashboard').waitFor()
    const d = await api(page, '/api/dashboards/unit')
    expect(d.target.unitName).toBe('天津市人民检察院')
    await expect
      .poll(async () => (await page.getByTestId('kpi-findings').textContent())?.replace(/\D/g, ''))
      .toBe(String(d.findings))
    await page.getByTestId('burndown-chart').waitFor()
    await page.getByTestId('chart-unit-status').waitFor()
    expect(await page.getByTestId('overdue-measures').locator('tbody tr.ant-table-row').count()).toBe(
      d.overdueMeasures.length,
    )
    await page.getByText('天津市人民检察院 · 2024年第一轮').waitFor()
    await page.screenshot({ path: resultsPath('dashboards-unit.png'), fullPage: true })
    // The menu offers no office dashboard, and the address alone does not open it.
    expect(await page.getByTestId('side-menu').getByRole('link', { name: '巡视整改总览' }).count()).toBe(0)
    await page.goto('/dashboards/round')
    await page.getByTestId('forbidden').waitFor()
  })
})
