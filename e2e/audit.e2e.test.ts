import fs from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  login,
  newSession,
  pickOption,
  resultsPath,
  startServer,
  type Server,
  type Session,
} from './harness'

let server: Server
let browser: Browser
let s: Session

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  // something to find: a failed sign-in by sysadmin and a successful one
  const other = await newSession(browser, server.baseUrl)
  await other.page.goto('/login')
  await other.page.getByLabel('用户名', { exact: true }).fill('sysadmin')
  await other.page.getByLabel('密码', { exact: true }).fill('wrong-password')
  await other.page.getByLabel('密码', { exact: true }).press('Enter')
  await other.page.getByTestId('login-error').waitFor()
  await other.close()
  s = await newSession(browser, server.baseUrl)
  await login(s.page, 'auditor')
})

afterAll(async () => {
  await s?.close()
  await browser?.close()
  await server?.stop()
})

describe('the audit log', () => {
  it('searches by actor and outcome and shows the details', async () => {
    const { page } = s
    await page.getByTestId('side-menu').getByRole('link', { name: '审计日志' }).click()
    const table = page.getByTestId('audit-table')
    await table.locator('.ant-table-row').first().waitFor()
    const filters = page.getByTestId('audit-filters')
    await filters.getByLabel('操作人', { exact: true }).fill('sysadmin')
    await pickOption(page, filters, '结果', '失败', false)
    const answered = page.waitForResponse(
      (r) => r.url().includes('/api/audit/events?') && r.url().includes('actor=sysadmin'),
    )
    await filters.getByLabel('操作人', { exact: true }).press('Enter')
    expect((await answered).status()).toBe(200)
    const rows = table.locator('.ant-table-row')
    await expect
      .poll(async () => {
        const texts = await rows.allTextContents()
        return texts.length > 0 && texts.every((t) => t.includes('sysadmin') && t.includes('失败'))
      })
      .toBe(true)
    await rows.first().locator('.ant-table-row-expand-icon').click()
    await page.getByTestId('audit-details').first().waitFor()
  })

  it('verifies the chain', async () => {
    await s.page.getByTestId('audit-verify').click()
    const result = s.page.getByTestId('verify-result')
    await result.waitFor()
    expect(await result.textContent()).toContain('审计链完整')
  })

  it('exports the filtered events as CSV', async () => {
    const [download] = await Promise.all([
      s.page.waitForEvent('download'),
      s.page.getByTestId('audit-export').click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    const file = resultsPath('audit-export.csv')
    await download.saveAs(file)
    const csv = fs.readFileSync(file, 'utf8')
    expect(csv.split('\n').length).toBeGreaterThan(1)
    expect(csv).toContain('sysadmin')
  })
})
