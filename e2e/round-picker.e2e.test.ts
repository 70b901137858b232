// The round picker offers the newest 200 rounds a person sees and searches all of them as the
// person types: a round older than those 200 is found by its name, and one chosen through a
// link shows its name though the picker never listed it.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiAs, launchBrowser, login, newSession, startServer, type Server, type Session } from './harness'

let server: Server
let browser: Browser
let office: Session
let oldest = ''
const OLDEST = '2000年测试专项巡视'

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  office = await newSession(browser, server.baseUrl)
  await login(office.page, 'xunshiban')
  // one round in 2000, then 200 newer ones (2001–2020, ten a year) in front of it
  const post = async (body: unknown) => {
    const res = await apiAs(office.page, 'POST', '/api/rounds', body)
    expect(res.status).toBe(201)
    return res.json as { id: string }
  }
  oldest = (await post({ year: 2000, ordinal: 1, name: OLDEST })).id
  for (let year = 2001; year <= 2020; year++)
    for (let ordinal = 1; ordinal <= 10; ordinal++) await post({ year, ordinal })
  const list = (await apiAs(office.page, 'GET', '/api/rounds?pageSize=200')).json as {
    items: { id: string }[]
  }
  const newest = list.items.map((r) => r.id)
  expect(newest).toHaveLength(200)
  expect(newest).not.toContain(oldest)
}, 180_000)

afterAll(async () => {
  await office?.close()
  await browser?.close()
  await server?.stop()
})

describe('round picker', () => {
  it('finds a round older than the newest 200 by its name and filters the findings by it', async () => {
    const { page } = office
    await page.goto('/inspections/findings')
    await page.getByTestId('findings-page').waitFor()
    await page.getByTestId('findings-table').locator('tr[data-testid^="finding-row-"]').first().waitFor()
    const input = page.getByTestId('finding-filters').getByLabel('巡视轮次', { exact: true })
    await input.click()
    await input.fill('2000年测试')
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: OLDEST })
    await option.click()
    await page.getByTestId('finding-filters').locator(`[title*="${OLDEST}"]`).waitFor()
    // the demo's findings give way to the chosen round's, of which there are none yet
    await page.getByTestId('findings-table').locator('.ant-empty').waitFor()
  })

  it('shows the name of a round it never listed when a link chooses it, and lists its findings', async () => {
    const { page } = office
    const listed = page.waitForResponse(
      (r) =>
        new URL(r.url()).pathname === '/api/findings' &&
        new URL(r.url()).searchParams.get('roundId') === oldest,
    )
    await page.goto(`/inspections/findings?roundId=${oldest}`)
    await page.getByTestId('findings-page').waitFor()
    expect((await listed).status()).toBe(200)
    expect((await (await listed).json()).total).toBe(0)
    await page.getByTestId('finding-filters').locator(`[title*="${OLDEST}"]`).waitFor()
  })
})
