import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  login,
  newSession,
  resultsPath,
  startServer,
  type Server,
  type Session,
  confirmPopover,
} from './harness'

let server: Server
let browser: Browser
const sessions: Session[] = []

const AGENDA = [
  '听取第一轮系统内巡视整改进展情况的综合报告',
  '听取第二轮系统内巡视情况的综合报告',
  '听取最高检指导性案例、典型案例制发情况的报告',
  '听取2024年度重点督办任务二季度落实情况的报告',
]

async function signIn(username: string): Promise<Page> {
  const s = await newSession(browser, server.baseUrl)
  sessions.push(s)
  await login(s.page, username)
  return s.page
}

/** Opens the demo party group meeting of 2024-07-09 from the 会议 menu entry. */
async function openDemoMeeting(page: Page) {
  await page.getByTestId('side-menu').getByRole('link', { name: '会议', exact: true }).click()
  const row = page.getByTestId('meetings-table').getByTestId('meeting-row-2024-07-09')
  await row.getByText('最高人民检察院党组会').click()
  await page.getByTestId('meeting-page').waitFor()
  await page.getByTestId('meeting-header').getByText('最高人民检察院', { exact: true }).first().waitFor()
}

/** The agenda's item titles, in the order shown. */
async function agendaTitles(page: Page): Promise<string[]> {
  const titles = page.getByTestId('agenda-table').getByTestId('agenda-title')
  await expect.poll(() => titles.count()).toBe(4)
  return titles.allTextContents()
}

const cards = (page: Page) => page.getByTestId('directives-list').getByTestId('directive-card')
const card = (page: Page, id: string) =>
  page.locator(`[data-testid="directive-card"][data-directive-id="${id}"]`)
const idsOf = async (list: Locator) => {
  const ids: string[] = []
  for (const c of await list.all()) ids.push((await c.getAttribute('data-directive-id')) ?? '')
  return ids
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  for (const s of sessions) await s.close()
  await browser?.close()
  await server?.stop()
})

describe('meetings', () => {
  it('lets the office review the 2024-07-09 meeting: agenda, text, directives dropped and merged, one made a task', async () => {
    const page = await signIn('ducha')
    await openDemoMeeting(page)
    expect(await agendaTitles(page)).toEqual(AGENDA)
    await page.getByTestId('agenda-add').waitFor()

    // the facts change without touching the text, the attendees or the directives
    await page.getByTestId('meeting-edit').click()
    const facts = page.getByTestId('meeting-form')
    await facts.getByLabel('地点').fill('最高人民检察院第一会议室')
    await facts.getByLabel('地点').press('Enter')
    await page.getByTestId('meeting-header').getByText('最高人民检察院第一会议室').waitFor()
    expect(await page.getByTestId('meeting-attendees').locator('.ant-tag').count()).toBe(3)

    // the text: damaged runs are flagged for a person to check, the original stands beside it
    await page.getByTestId('tab-text').click()
    await page.getByTestId('text-flags-warning').getByText('存在疑似乱码，请人工核对').waitFor()
    expect(await page.getByTestId('text-normalized').getByTestId('text-flag').count()).toBeGreaterThan(0)
    await page.getByTestId('text-compare').click()
    expect(await page.getByTestId('text-source').textContent()).toContain('系統(tǒng)內(nèi)')

    await page.getByTestId('tab-directives').click()
    await page.getByTestId('directives-propose').waitFor()
    await expect.poll(() => cards(page).count()).toBeGreaterThan(5)
    const total = await cards(page).count()
    const kept = page.locator('[data-testid="directive-card"][data-status="kept"]')
    expect(await kept.count()).toBe(3)
    const proposed = await idsOf(page.locator('[data-testid="directive-card"][data-status="proposed"]'))
    expect(proposed.length).toBeGreaterThanOrEqual(3)

    // selecting a directive marks its source in the text
    await card(page, proposed[0]).getByTestId('directive-locate').click()
    const span = page.getByTestId('directives-text').getByTestId('directive-span').first()
    await span.waitFor()
    const text = (await card(page, proposed[0]).getByTestId('directive-text').textContent()) ?? ''
    expect(text.startsWith((await span.textContent()) ?? '-')).toBe(true)

    // drop one
    await card(page, proposed[0]).getByTestId('directive-drop').click()
    await expect.poll(() => card(page, proposed[0]).getAttribute('data-status')).toBe('dropped')

    // merge two: they become one kept directive
    await card(page, proposed[1]).getByTestId('directive-check').click()
    await card(page, proposed[2]).getByTestId('directive-check').click()
    await page.getByTestId('directives-merge').click()
    await confirmPopover(page)
    await page.locator('.ant-message').getByText('已合并').waitFor()
    await expect.poll(() => cards(page).count()).toBe(total - 1)
    await expect.poll(() => card(page, proposed[1]).getAttribute('data-status')).toBe('kept')
    expect(await card(page, proposed[2]).count()).toBe(0)
    expect(await kept.count()).toBe(4)

    // a kept directive becomes a key supervised task
    const target = (await idsOf(kept))[0]
    const title = (await card(page, target).getByTestId('directive-title').textContent()) ?? ''
    await card(page, target).getByTestId('directive-to-task').click()
    const form = page.getByTestId('directive-task-form')
    await expect.poll(() => form.getByLabel('任务名称').inputValue()).toBe(title)
    await expect.poll(() => form.getByLabel('年度').inputValue()).toBe('2024')
    const codeInput = form.getByLabel('编号', { exact: true })
    await expect.poll(() => codeInput.inputValue()).toMatch(/^2024-\d{2}$/)
    await codeInput.fill('2024-M01')
    await form.getByLabel('分管院领导').fill('副检察长 童建明')
    await form.getByRole('button', { name: '创建督办任务' }).click()
    await page.locator('.ant-message').getByText('已创建督办任务 2024-M01').waitFor()
    const link = card(page, target).getByTestId('directive-task-link')
    await link.getByText('督办任务 2024-M01').waitFor()
    expect(await card(page, target).getByTestId('directive-to-task').count()).toBe(0)

    await page.mouse.move(0, 0)
    await page.screenshot({ path: resultsPath('meeting-directives.png'), fullPage: true })

    await link.click()
    await page.getByTestId('task-page').waitFor()
    // and the task leads back to the meeting it came from
    await page.getByTestId('task-origin-meeting').getByText('2024-07-09 最高人民检察院党组会').waitFor()
    await page.getByRole('heading', { name: `2024-M01 ${title}` }).waitFor()

    // the list counts the task; the meeting cannot be deleted any more
    await page.goto('/meetings')
    const row = page.getByTestId('meeting-row-2024-07-09')
    await row.getByTestId('meeting-delete').click()
    await confirmPopover(page)
    await page.locator('.ant-message').getByText('会议的决策部署已转为督办任务，不能删除').waitFor()
    expect(await row.locator('td').nth(6).textContent()).toBe('1')
  })

  it('shows the leader the meeting read-only', async () => {
    const page = await signIn('leader')
    await openDemoMeeting(page)
    expect(await agendaTitles(page)).toEqual(AGENDA)
    expect(await page.getByTestId('meeting-edit').count()).toBe(0)
    expect(await page.getByTestId('agenda-add').count()).toBe(0)
    expect(await page.getByTestId('agenda-up').count()).toBe(0)

    await page.getByTestId('tab-directives').click()
    await expect.poll(() => cards(page).count()).toBeGreaterThan(5)
    expect(await page.getByTestId('directives-propose').count()).toBe(0)
    expect(await page.getByTestId('directives-merge').count()).toBe(0)
    for (const testId of [
      'directive-keep',
      'directive-drop',
      'directive-remove',
      'directive-check',
      'directive-lead',
    ])
      expect(await page.getByTestId(testId).count()).toBe(0)
    expect(await page.locator('.ant-typography-edit').count()).toBe(0)
    await page.getByTestId('directive-lead-name').first().waitFor()

    await page.getByTestId('tab-text').click()
    await page.getByTestId('text-normalized').waitFor()
    expect(await page.getByTestId('text-edit').count()).toBe(0)
    expect(await page.getByTestId('text-upload').count()).toBe(0)
  })
  it('generates the quarterly tasks report and freezes it on its agenda item', async () => {
    const page = await signIn('ducha')
    await openDemoMeeting(page)
    const row = page.getByTestId('agenda-table').locator('tr', { hasText: AGENDA[3] })
    await row.getByTestId('agenda-attach').click()
    const form = page.getByTestId('attach-report-form')
    await form.getByLabel('报告', { exact: true }).click()
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', {
        hasText: '重点督办任务季度落实情况的报告',
      })
      .click()
    expect(await form.getByLabel('季度', { exact: true }).inputValue()).toBe('2')
    await form.getByRole('button', { name: '附上报告' }).click()
    const report = row.getByTestId('agenda-report')
    await report.waitFor({ timeout: 60_000 })
    expect(await report.textContent()).toContain('数据截至')
    const download = page.waitForEvent('download')
    await report.getByRole('link').click()
    expect((await download).suggestedFilename()).toMatch(/\.docx$/)
  })
})
