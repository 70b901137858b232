// Urging a task (催办) with its printable supervision notice (督办单), and the year-end scoring (考评).
import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  login,
  newSession,
  resultsPath,
  startServer,
  type Server,
  type Session,
} from './harness'

let server: Server
let browser: Browser
const sessions: Session[] = []
let noticePath = ''
let noticeNumber = ''

async function signIn(username: string): Promise<Page> {
  const s = await newSession(browser, server.baseUrl)
  sessions.push(s)
  await login(s.page, username)
  return s.page
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

describe('urging and the supervision notice', () => {
  it('the office urges 2024-07 and lands on its notice', async () => {
    const page = await signIn('ducha')
    await page.goto('/tasks')
    await page.getByTestId('task-row-2024-07').click()
    await page.getByTestId('task-page').waitFor()
    await page.getByTestId('task-urge').click()
    const form = page.getByTestId('urge-form')
    await form.getByLabel('催办事项').fill('第二季度落实情况逾期未报，请抓紧报送并说明原因。')
    await form.getByRole('button', { name: '签发督办单' }).click()

    await page.waitForURL(/\/tasks\/notices\/[0-9a-f-]+$/)
    noticePath = new URL(page.url()).pathname
    const notice = page.getByTestId('notice')
    await expect(notice.getByTestId('notice-title').textContent()).resolves.toBe('督办单')
    noticeNumber = (await notice.getByTestId('notice-number').textContent()) ?? ''
    expect(noticeNumber).toMatch(/^督办〔\d{4}〕\d+号$/)
    await expect(notice.getByTestId('notice-addressee').textContent()).resolves.toContain('政治部')
    await expect(notice.getByTestId('notice-task').textContent()).resolves.toContain('2024-07')
    await expect(notice.textContent()).resolves.toContain('第二季度落实情况逾期未报')
    await page.locator('.ant-message-notice').waitFor({ state: 'detached', timeout: 10_000 })
    await page.screenshot({ path: resultsPath('notice.png'), fullPage: true })

    // The task's page lists the notice, linking to it.
    await page.goto('/tasks')
    await page.getByTestId('task-row-2024-07').click()
    const card = page.getByTestId('notices-card')
    await card.getByText(noticeNumber).waitFor()
    await card.getByTestId('notice-link').first().click()
    await page.waitForURL((u) => u.pathname === noticePath)
  })

  it('the lead department opens the notice from the bell and by its address', async () => {
    const page = await signIn('dept_zhengzhibu')
    await page.getByTestId('notification-bell').click()
    await page.getByTestId('notification-item').filter({ hasText: noticeNumber }).first().click()
    await page.waitForURL((u) => u.pathname === noticePath)
    await expect(page.getByTestId('notice-number').textContent()).resolves.toBe(noticeNumber)
    await expect(page.getByTestId('notice-addressee').textContent()).resolves.toContain('政治部')

    await page.goto(noticePath)
    await page.getByTestId('notice').waitFor()
    await expect(page.getByTestId('notice-number').textContent()).resolves.toBe(noticeNumber)

    // The task page shows the lead department its notices too.
    await page.goto('/tasks')
    await page.getByTestId('task-row-2024-07').click()
    await page.getByTestId('notices-card').getByText(noticeNumber).waitFor()
  })

  it('a department that does not lead the task cannot read the notice', async () => {
    const page = await signIn('dept_yiting')
    await page.goto(noticePath)
    await page.getByText('您访问的页面不存在').waitFor()
    expect(await page.getByTestId('notice').count()).toBe(0)
  })

  it('prints to PDF without the navigation', async () => {
    const page = await signIn('dept_zhengzhibu')
    await page.goto(noticePath)
    await page.getByTestId('notice').waitFor()
    expect(await page.getByTestId('side-menu').isVisible()).toBe(true)
    expect(await page.getByTestId('notice-print').isVisible()).toBe(true)
    expect(await page.getByTestId('app-header').isVisible()).toBe(true)

    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('side-menu').isVisible()).toBe(false)
    expect(await page.getByTestId('app-header').isVisible()).toBe(false)
    expect(await page.getByTestId('notice-print').isVisible()).toBe(false)
    expect(await page.getByTestId('notice').isVisible()).toBe(true)
    const font = await page.getByTestId('notice').evaluate((el) => getComputedStyle(el).fontFamily)
    expect(font).toContain('仿宋')
    const color = await page.getByTestId('notice-content').evaluate((el) => getComputedStyle(el).color)
    expect(color).toBe('rgb(0, 0, 0)')

    await page.screenshot({ path: resultsPath('notice-print.png'), fullPage: true })
    const pdf = await page.pdf({ format: 'A4', printBackground: true })
    expect(pdf.length).toBeGreaterThan(1000)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    fs.writeFileSync(resultsPath('notice.pdf'), pdf)
    await page.emulateMedia({ media: 'screen' })
    expect(await page.getByTestId('side-menu').isVisible()).toBe(true)
  })
})

describe('year-end scoring', () => {
  it('the rubric must total 100', async () => {
    const page = await signIn('ducha')
    await page.getByRole('link', { name: '年度考评' }).click()
    await page.getByTestId('scores-page').waitFor()
    await page.getByTestId('rubric-item-completion').waitFor()
    expect(await page.getByTestId('rubric-item-completion').textContent()).toBe('50')

    await page.getByTestId('rubric-edit').click()
    const form = page.getByTestId('rubric-form')
    const maxes = form.getByLabel('分值')
    await maxes.first().fill('40')
    await form.getByRole('button', { name: /保\s*存/ }).click()
    await form.getByText('各项分值合计应为 100 分（当前 90 分）').first().waitFor()
    await form.getByRole('button', { name: /取\s*消/ }).click()
    await form.waitFor({ state: 'detached' })
    expect(await page.getByTestId('rubric-item-completion').textContent()).toBe('50')
  })

  it('the office scores 2024-01 and the ranking shows 第四检察厅', async () => {
    const page = await signIn('ducha')
    await page.goto('/tasks/scores')
    const row = page.getByTestId('score-row-2024-01')
    await row.getByTestId('task-score').click()
    const form = page.getByTestId('score-form')
    await form.getByLabel('任务完成情况').fill('45')
    await form.getByLabel('按时报送情况').fill('18')
    await form.getByLabel('工作质量与成效').fill('17')
    await form.getByLabel('协同配合情况').fill('9')
    await form.getByLabel('考评意见').fill('“检察护企”专项行动推进有力，成效明显。')
    await form.getByText('总分：89 / 100').waitFor()
    await form.getByRole('button', { name: /保\s*存/ }).click()
    await form.waitFor({ state: 'detached' })

    await row.getByTestId('score-total').filter({ hasText: '89' }).waitFor()
    const ranking = page.getByTestId('ranking-row-第四检察厅')
    await ranking.waitFor()
    expect(await ranking.getByTestId('ranking-average').textContent()).toBe('89')
    expect(await ranking.textContent()).toContain('1')
  })
})
