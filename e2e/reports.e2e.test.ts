import fs from 'node:fs'
import JSZip from 'jszip'
import type { Browser } from 'playwright-core'
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

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  for (const s of sessions) await s.close()
  await browser?.close()
  await server?.stop()
})

describe('reports', () => {
  it('a leader previews the rectification report and downloads it as Word, watching its progress', async () => {
    const s = await newSession(browser, server.baseUrl)
    sessions.push(s)
    const { page } = s
    await login(page, 'leader')
    await page.getByTestId('side-menu').getByRole('link', { name: '报告' }).click()
    await page.getByTestId('reports-page').waitFor()
    // The first report the leader may generate is the rectification progress, on the latest round.
    await page.getByTestId('report-preview').getByTestId('stat-total').waitFor()
    const api = await page.evaluate(async () => {
      const rounds = await fetch('/api/rounds?pageSize=100').then((r) => r.json())
      const id = rounds.items[0].id
      const today = new Date().toISOString().slice(0, 10)
      return fetch(`/api/reports/rectification-progress/data?roundId=${id}&asOf=${today}`).then((r) =>
        r.json(),
      )
    })
    await expect
      .poll(async () => (await page.getByTestId('stat-total').textContent())?.replace(/\D/g, ''))
      .toBe(String(api.totals.total))

    const download = page.waitForEvent('download')
    await page.getByTestId('generate-docx').click()
    await page.getByTestId('generate-progress').waitFor()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/巡视整改进展情况综合报告.*\.docx$/)
    const target = resultsPath('reports-rectification.docx')
    await file.saveAs(target)
    const zip = await JSZip.loadAsync(fs.readFileSync(target))
    const xml = await zip.file('word/document.xml')!.async('string')
    expect(xml).toContain('巡视整改进展情况的')
    expect(xml).toContain('w:linePitch="579"')
    await page.getByText(/已生成并下载/).waitFor()
    await page.screenshot({ path: resultsPath('reports.png'), fullPage: true })

    // The task report, chosen from the list.
    await page.getByTestId('report-select').click()
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', {
        hasText: '重点督办任务季度落实情况',
      })
      .click()
    await page.getByTestId('stat-tasks').waitFor()
    const second = page.waitForEvent('download')
    await page.getByTestId('generate-docx').click()
    expect((await second).suggestedFilename()).toMatch(/重点督办任务第2季度落实情况的报告\.docx$/)
  })
})
