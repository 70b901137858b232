// A leader reads the lights and the progress on a phone (375 × 740): the header fits, the menu
// opens as a drawer, and neither the overview nor a task's page scrolls sideways.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  launchBrowser,
  login,
  newSession,
  resultsPath,
  startServer,
  type Server,
  type Session,
} from './harness'

const PHONE = { width: 375, height: 740 }

let server: Server
let browser: Browser
let session: Session

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  session = await newSession(browser, server.baseUrl)
  await session.page.setViewportSize(PHONE)
  await login(session.page, 'leader')
})

afterAll(async () => {
  await session?.close()
  await browser?.close()
  await server?.stop()
})

async function widths(page: Page) {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }))
}

type Box = { x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5

describe('on a phone', () => {
  it("the leader's overview fits the screen, its header items side by side", async () => {
    const { page } = session
    await page.goto('/dashboards/leader?year=2024&quarter=2')
    await page.getByTestId('leader-tasks').waitFor()
    await page.getByTestId('chart-lights').waitFor()
    const w = await widths(page)
    expect(w.inner).toBe(PHONE.width)
    expect(w.scroll).toBeLessThanOrEqual(w.inner)

    const ids = ['menu-button', 'header-user', 'notification-bell', 'logout']
    const boxes: Box[] = []
    for (const id of ids) {
      const item = page.getByTestId(id)
      expect(await item.isVisible(), id).toBe(true)
      const box = (await item.boundingBox())!
      expect(box.x, id).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width, id).toBeLessThanOrEqual(PHONE.width)
      expect(box.y + box.height, id).toBeLessThanOrEqual(64)
      boxes.push(box)
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        expect(overlap(boxes[i]!, boxes[j]!), `${ids[i]} overlaps ${ids[j]}`).toBe(false)
    // The unit and the language wait in the drawer; the menu is not drawn beside the page.
    expect(await page.getByTestId('header-unit').isVisible()).toBe(false)
    expect(await page.getByTestId('side-menu').getByRole('menu').isVisible()).toBe(false)

    // The figures and the late tasks' lights are readable: inside the screen, in one column.
    for (const id of ['kpi-red', 'leader-inspections', 'leader-tasks', 'late-tasks']) {
      const box = (await page.getByTestId(id).boundingBox())!
      expect(box.x, id).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width, id).toBeLessThanOrEqual(PHONE.width)
    }
    await page.screenshot({ path: resultsPath('phone-leader.png'), fullPage: true })
  })

  it('opens the menu as a drawer, follows a link and closes it', async () => {
    const { page } = session
    await page.goto('/dashboards/leader?year=2024&quarter=2')
    await page.getByTestId('menu-button').click()
    const drawer = page.getByTestId('menu-drawer')
    await drawer.getByRole('link', { name: '督办台账' }).waitFor()
    await drawer.getByTestId('drawer-unit').waitFor()
    expect((await widths(page)).scroll).toBeLessThanOrEqual(PHONE.width)
    await page.screenshot({ path: resultsPath('phone-menu.png') })
    await drawer.getByRole('link', { name: '督办台账' }).click()
    await page.waitForURL(/\/tasks$/)
    await drawer.waitFor({ state: 'hidden' })
    // Escape closes it as well, and focus stays usable.
    await page.getByTestId('menu-button').click()
    await drawer.getByRole('link', { name: '院领导总览' }).waitFor()
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  it("a task's page shows its light without scrolling sideways", async () => {
    const { page } = session
    const res = await apiAs(page, 'GET', '/api/tasks?year=2024&pageSize=1')
    const task = (res.json as { items: { id: string }[] }).items[0]!
    await page.goto(`/tasks/${task.id}`)
    const light = page.getByTestId('task-light').first()
    await light.waitFor()
    const box = (await light.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width)
    await page.waitForLoadState('networkidle')
    const w = await widths(page)
    expect(w.scroll).toBeLessThanOrEqual(w.inner)
    await page.screenshot({ path: resultsPath('phone-task.png'), fullPage: true })
  })
})
