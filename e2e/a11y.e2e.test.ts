// Accessibility: axe-core runs in every main page, as the user who works there, and any
// `serious` or `critical` violation fails the test (with the rule, its help and the elements).
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  launchBrowser,
  login,
  newSession,
  ROOT,
  startServer,
  type Server,
  type Session,
} from './harness'

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

let server: Server
let browser: Browser
const sessions = new Map<string, Session>()

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  for (const s of sessions.values()) await s.close()
  await browser?.close()
  await server?.stop()
})

/** One signed-in page per user, reused across the pages that user checks. */
async function as(user: string | null): Promise<Page> {
  const key = user ?? '(anonymous)'
  let s = sessions.get(key)
  if (!s) {
    s = await newSession(browser, server.baseUrl)
    if (user) await login(s.page, user)
    sessions.set(key, s)
  }
  return s.page
}

/** Waits until the page has its data: no request in flight and no spinner left. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(
    () => !document.querySelector('.duban-loading, .ant-spin-spinning, .ant-skeleton-active'),
    undefined,
    { timeout: 30_000 },
  )
}

async function seriousViolations(page: Page): Promise<Violation[]> {
  // evaluate() is not subject to the page's Content-Security-Policy, a script tag would be.
  await page.evaluate(AXE)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }
    ).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

function describeViolations(vs: Violation[]): string {
  return vs
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`)
          .join('\n')}`,
    )
    .join('\n')
}

async function check(user: string | null, url: string | (() => Promise<string>)): Promise<void> {
  const page = await as(user)
  await page.goto(typeof url === 'string' ? url : await url())
  await settle(page)
  const vs = await seriousViolations(page)
  expect(vs, describeViolations(vs)).toEqual([])
  // a title that names the page (usePageTitle): "<page> - 督办", not the bare app name
  expect(await page.title()).toMatch(/^\S.* - 督办$/)
}

/** The first item's id from a list endpoint, read as that user. */
async function firstId(user: string, url: string): Promise<string> {
  const page = await as(user)
  const res = await apiAs(page, 'GET', url)
  const items = (res.json as { items?: { id: string }[] }).items ?? []
  if (!items[0])
    throw new Error(`${url} as ${user} returned nothing: ${JSON.stringify(res.json).slice(0, 300)}`)
  return items[0].id
}

describe('accessibility (axe-core, serious and critical)', () => {
  it('sign-in', () => check(null, '/login'))
  it('home', () => check('xunshiban', '/'))
  it('units', () => check('sysadmin', '/admin/units'))
  it('users', () => check('sysadmin', '/admin/users'))
  it('inspection rounds', () => check('xunshiban', '/inspections/rounds'))
  it('findings', () => check('xunshiban', '/inspections/findings'))
  it('a finding', () =>
    check(
      'xunshiban',
      async () => `/inspections/findings/${await firstId('xunshiban', '/api/findings?pageSize=1')}`,
    ))
  it('rectification measures', () => check('xunshiban', '/rectification/measures'))
  it('common problems', () => check('xunshiban', '/rectification/common-problems'))
  it('tasks ledger', () => check('ducha', '/tasks'))
  it('a task', () => check('ducha', async () => `/tasks/${await firstId('ducha', '/api/tasks?pageSize=1')}`))
  it('cases search', () => check('yanjiushi', '/cases/search?q=%E7%9B%97%E7%AA%83'))
  it('a case', () =>
    check('yanjiushi', async () => `/cases/${await firstId('yanjiushi', '/api/cases?pageSize=1')}`))
  it('meetings', () => check('xunshiban', '/meetings'))
  it('reports', () => check('xunshiban', '/reports'))
  it('audit', () => check('auditor', '/audit'))
})

describe('keyboard', () => {
  it('signs in with the keyboard alone, with a visible focus ring and a skip link', async () => {
    const s = await newSession(browser, server.baseUrl)
    const { page } = s
    try {
      await page.goto('/login')
      // the user name has focus on arrival; Tab moves on; Enter submits
      const username = page.getByLabel('用户名', { exact: true })
      await username.waitFor()
      expect(await username.evaluate((el) => el === document.activeElement)).toBe(true)
      await page.keyboard.type('xunshiban')
      await page.keyboard.press('Tab')
      const ring = await page.evaluate(() => {
        const el = document.activeElement!
        // the ring is drawn on the input's box (the field with its icons)
        const style = getComputedStyle(el.closest('.login-input') ?? el)
        return { id: el.id, outline: style.outlineStyle, width: style.outlineWidth }
      })
      expect(ring).toEqual({ id: 'login-password', outline: 'solid', width: '2px' })
      await page.keyboard.type('Duban@2024')
      await page.keyboard.press('Enter')
      await page.getByTestId('side-menu').waitFor()
      // the first Tab on a signed-in page offers to skip the menu
      await page.keyboard.press('Tab')
      const skip = page.getByRole('link', { name: '跳到主要内容' })
      expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true)
      await page.keyboard.press('Enter')
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content')
    } finally {
      await s.close()
    }
  })
})
