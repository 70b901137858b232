// Printing: a finding and the tasks ledger printed to PDF by Chromium hold the page's content
// and none of the navigation (menu, header, sign-out) — styles/print.css at work.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiAs, launchBrowser, login, newSession, resultsPath, startServer, type Server } from './harness'

let server: Server
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

// Navigation text that must not reach paper: the sidebar title, menu entries, the header.
const NAVIGATION = [
  '督办平台',
  '退出登录',
  '账户设置',
  '延期申请',
  '线索移交',
  '本部门任务',
  '年度考评',
  '安全审计',
]

async function printText(page: Page, name: string): Promise<string> {
  await page.waitForLoadState('networkidle')
  const file = resultsPath(name)
  await page.pdf({ path: file, format: 'A4', printBackground: true })
  expect(fs.statSync(file).size).toBeGreaterThan(1000)
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
}

function expectNoNavigation(text: string): void {
  expect(NAVIGATION.filter((label) => text.includes(label))).toEqual([])
}

describe('printing', () => {
  it('prints a finding without the navigation', async () => {
    const s = await newSession(browser, server.baseUrl)
    try {
      await login(s.page, 'xunshiban')
      const list = await apiAs(s.page, 'GET', '/api/findings?pageSize=1')
      const finding = (list.json as { items: { id: string; title: string }[] }).items[0]!
      await s.page.goto(`/inspections/findings/${finding.id}`)
      await s.page.getByTestId('finding-title').waitFor()
      // on screen the menu is there; on paper it is not
      await s.page.getByTestId('side-menu').getByText('延期申请').waitFor()
      const text = await printText(s.page, 'finding-print.pdf')
      expect(text.replace(/\s+/g, '')).toContain(finding.title.replace(/\s+/g, '').slice(0, 10))
      expectNoNavigation(text)
    } finally {
      await s.close()
    }
  })

  it('prints the tasks ledger without the navigation', async () => {
    const s = await newSession(browser, server.baseUrl)
    try {
      await login(s.page, 'ducha')
      const list = await apiAs(s.page, 'GET', '/api/tasks?pageSize=1')
      const task = (list.json as { items: { title: string }[] }).items[0]!
      await s.page.goto('/tasks')
      await s.page.getByTestId('tasks-table').locator('tbody tr.ant-table-row').first().waitFor()
      const text = await printText(s.page, 'tasks-print.pdf')
      expect(text.replace(/\s+/g, '')).toContain(task.title.replace(/\s+/g, '').slice(0, 8))
      expectNoNavigation(text)
    } finally {
      await s.close()
    }
  })
})
