// The similarity engine in the browser: suggested common problems for the office (one click
// makes one), similar findings elsewhere on a finding's page and while a finding is typed, and
// a finding's damaged text flagged beside its kept original.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  launchBrowser,
  login,
  newSession,
  resultsPath,
  settled,
  startServer,
  type Server,
} from './harness'

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

describe('similar findings', () => {
  it('suggests common problems with their key terms and makes one in a click', async () => {
    const s = await newSession(browser, server.baseUrl)
    try {
      const page = s.page
      await login(page, 'xunshiban')
      await page.getByTestId('side-menu').getByRole('link', { name: '共性问题' }).click()
      const card = page.getByTestId('common-problem-suggestions')
      const first = card.getByTestId('suggestion').first()
      await first.waitFor()
      expect(await first.getByTestId('suggestion-term').count()).toBeGreaterThan(0)
      expect(await first.textContent()).toMatch(/\d+ 个单位/)
      const count = async () =>
        ((await apiAs(page, 'GET', '/api/common-problems/suggestions')).json as { items: unknown[] }).items
          .length
      const before = await count()
      await page.screenshot({ path: resultsPath('common-problem-suggestions.png'), fullPage: true })
      await first.getByTestId('suggestion-make').click()
      const form = page.getByTestId('common-problem-form')
      await settled(page.locator('.ant-modal').filter({ has: form }))
      await form.getByRole('button', { name: '新建共性问题' }).click()
      await page.waitForURL(/\/rectification\/common-problems\/[0-9a-f-]{36}$/)
      await page.getByTestId('side-menu').getByRole('link', { name: '共性问题' }).click()
      await card.getByTestId('suggestion').first().waitFor()
      expect(await count()).toBe(before - 1)
    } finally {
      await s.close()
    }
  })

  it('shows similar findings elsewhere on a finding and while one is typed', async () => {
    const s = await newSession(browser, server.baseUrl)
    try {
      const page = s.page
      await login(page, 'xs_zuyuan5')
      const targets = (await apiAs(page, 'GET', '/api/targets?pageSize=50')).json as {
        items: { id: string; unitName: string; roundName: string }[]
      }
      const qinghai = targets.items.find((t) => t.unitName === '青海省人民检察院')!
      await page.goto(`/inspections/targets/${qinghai.id}`)
      await page.getByTestId('finding-create').click()
      const form = page.getByTestId('finding-create-form')
      await form.getByLabel('问题标题').fill('案件质量评查发现的问题整改不彻底')
      await form.getByLabel('问题描述').fill('同类问题在不同案件中反复出现')
      const live = form.getByTestId('similar-while-typing')
      await live.getByTestId('similar-finding').first().waitFor()
      expect(await live.textContent()).toContain('湖南省人民检察院')
      expect(await live.textContent()).not.toContain('青海省人民检察院')
      await page.keyboard.press('Escape')

      // a finding with a damaged run: stored as typed, flagged, the original kept
      const taxonomy = (await apiAs(page, 'GET', '/api/taxonomy')).json as { id: string; code: string }[]
      const created = await apiAs(page, 'POST', '/api/findings', {
        targetId: qinghai.id,
        title: '案件质量评查发现的问题整改不彻(chè)底',
        description: '整改??傮w推進緩慢，同类问题在不同案件中反复出现',
        categoryId: taxonomy.find((c) => c.code === 'T2.2')!.id,
        severity: 'major',
        source: 'talk',
      })
      expect(created.status).toBe(201)
      const f = created.json as { id: string; title: string }
      expect(f.title).toBe('案件质量评查发现的问题整改不彻底')
      await page.goto(`/inspections/findings/${f.id}`)
      const notice = page.getByTestId('text-originals')
      await notice.waitFor()
      expect(await notice.locator('mark').first().textContent()).toContain('??')
      await notice.getByText('查看原文').click()
      await notice
        .getByTestId('text-original-title')
        .getByText('案件质量评查发现的问题整改不彻(chè)底')
        .waitFor()
      await page.getByTestId('similar-findings').getByTestId('similar-finding').first().waitFor()
      await page.screenshot({ path: resultsPath('finding-similar.png'), fullPage: true })
    } finally {
      await s.close()
    }
  })
})
