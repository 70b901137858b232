// End-to-end harness: a real server over a fresh data folder, and Debian's Chromium.
import { execSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const DEMO_PASSWORD = 'Duban@2024'
export const RESULTS_DIR = path.join(ROOT, 'test-results')

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

/** Builds the web app once when dist/web is missing (normally `npx vite build` ran before). */
export function ensureWebBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist/web/index.html'))) return
  execSync('npx vite build', { cwd: ROOT, stdio: 'inherit' })
}

export interface Server {
  baseUrl: string
  dataDir: string
  log(): string
  stop(): Promise<void>
}

/** Spawns `node bin/duban.mjs serve` on a free port over a temporary DATA_DIR and waits for /readyz. */
export async function startServer(): Promise<Server> {
  ensureWebBuilt()
  const port = await freePort()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-e2e-'))
  const output: string[] = []
  const child: ChildProcess = spawn(process.execPath, ['bin/duban.mjs', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()))
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const baseUrl = `http://127.0.0.1:${port}`

  const deadline = Date.now() + 120_000
  let ready = false
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    try {
      const res = await fetch(`${baseUrl}/readyz`)
      if (res.status === 200) {
        ready = true
        break
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    servers.delete(server)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  const server = { baseUrl, dataDir, log: () => output.join(''), stop }
  if (!ready) {
    await stop()
    throw new Error(`server did not become ready on ${baseUrl}:\n${output.join('').slice(-4000)}`)
  }
  servers.add(server)
  return server
}

/** The servers started in this file, whose warnings a failure report quotes. */
const servers = new Set<Server>()

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
}

export interface Session {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

/** A fresh browser context (own cookies) in Chinese, with a page at the base URL. */
export async function newSession(
  browser: Browser,
  baseUrl: string,
  opts: { locale?: string } = {},
): Promise<Session> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: opts.locale ?? 'zh-CN',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  })
  // A shared CI machine can run the suite at half this one's speed: wait up to 30 s for a step.
  context.setDefaultTimeout(30_000)
  const page = await context.newPage()
  // Any request leaving our own server breaks the "no CDN, no web fonts" rule.
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(baseUrl) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
    outsideRequests.push(url)
    return route.abort()
  })
  watch(page, baseUrl)
  openPages.add(page)
  return {
    context,
    page,
    close: async () => {
      openPages.delete(page)
      closedScreens.push(await screenText(page))
      closedScreens.splice(0, closedScreens.length - 3)
      await context.close()
    },
  }
}

/*
 * What a failed test leaves behind: each page's API calls and script errors, and the text on
 * screen of its open pages (and of the last pages it closed). `e2e/setup.ts` writes it to
 * test-results/e2e-failures.txt, which `.ci/run` prints before its closing line.
 */
const activity: string[] = []
const openPages = new Set<Page>()
const closedScreens: string[] = []
const started = Date.now()

function note(line: string): void {
  activity.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${line}`)
  if (activity.length > 400) activity.splice(0, activity.length - 400)
}

function watch(page: Page, baseUrl: string): void {
  // a write is noted when sent as well, so that one never answered shows
  page.on('request', (req) => {
    const url = req.url()
    if (req.method() !== 'GET' && url.startsWith(`${baseUrl}/api/`))
      note(`${req.method()} ${url.slice(baseUrl.length)} sent`)
  })
  page.on('requestfailed', (req) => {
    const url = req.url()
    if (url.startsWith(`${baseUrl}/api/`))
      note(`${req.method()} ${url.slice(baseUrl.length)} failed: ${req.failure()?.errorText ?? ''}`)
  })
  page.on('response', (res) => {
    const url = res.url()
    if (!url.startsWith(`${baseUrl}/api/`)) return
    const line = `${res.request().method()} ${url.slice(baseUrl.length)} → ${res.status()}`
    if (res.status() < 400) return note(line)
    res.text().then(
      (body) => note(`${line} ${body.slice(0, 300)}`),
      () => note(line),
    )
  })
  page.on('pageerror', (err) => note(`page error: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') note(`console: ${msg.text().slice(0, 300)}`)
  })
}

async function screenText(page: Page): Promise<string> {
  try {
    // the page's main part (not the menu), then any dialog, message or open list over it
    const text = await page.evaluate(() => {
      const parts = [(document.querySelector('main') ?? document.body).innerText]
      for (const el of document.querySelectorAll<HTMLElement>(
        '.ant-modal-wrap, .ant-message, .ant-notification, .ant-select-dropdown, .ant-popover, [role=alert]',
      ))
        if (el.getClientRects().length > 0)
          parts.push(`[${el.className.split(' ')[0] || el.getAttribute('role')}] ${el.innerText}`)
      return parts.join('\n')
    })
    return `${page.url()}\n${text.replace(/\n{2,}/g, '\n').slice(0, 2500)}`
  } catch (e) {
    return `${page.url()}: ${(e as Error).message}`
  }
}

/** Forgets what earlier tests did. */
export function resetActivity(): void {
  activity.length = 0
  closedScreens.length = 0
}

/** The API calls, errors and screens of the test that just failed; screenshots of its open pages. */
export async function failureReport(name: string): Promise<string> {
  const screens = [...closedScreens.map((s) => `(closed) ${s}`)]
  let n = 0
  for (const page of openPages) {
    if (page.isClosed()) continue
    screens.push(await screenText(page))
    const file = path.join(
      RESULTS_DIR,
      'failures',
      `${name.replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 80)}-${++n}.png`,
    )
    fs.mkdirSync(path.dirname(file), { recursive: true })
    await page.screenshot({ path: file, fullPage: true, timeout: 5000 }).catch(() => {})
  }
  const logs = [...servers].map((s) => s.log().split('\n').slice(-30).join('\n'))
  return [
    `## ${name}`,
    '### API calls and errors',
    ...activity.slice(-60),
    '### screens',
    ...screens,
    '### server log (warnings and errors)',
    ...logs,
  ].join('\n')
}

/** URLs a page tried to load from outside its own server (should stay empty). */
export const outsideRequests: string[] = []

/** Signs in through the form and waits for the home page. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login')
  await fillLogin(page, username, password)
  await page.getByTestId('side-menu').waitFor()
}

/** Fills and submits the sign-in form (already on /login). */
export async function fillLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名', { exact: true }).fill(username)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
}

/**
 * Picks an option of an antd Select found by its label: opens it, types (when searchable), clicks
 * the option, and checks the select now shows it. A list still opening or closing can move under
 * the pointer on a loaded machine, so a pick that did not take is made again.
 */
export async function pickOption(
  page: Page,
  scope: Page | Locator,
  label: string,
  text: string,
  search = true,
): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  const select = input.locator(
    `xpath=ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]`,
  )
  // single selects show the choice in a title, multiple ones as tags with a title
  const chosen = select.locator(`[title*="${text.replace(/"/g, '\\"')}"]`).first()
  const lists = page.locator('.ant-select-dropdown:visible')
  await until(
    async () => {
      // a list still closing from an earlier pick could take this pick's click
      for (let i = 0; i < 30 && (await lists.count()) > 0; i++) await page.waitForTimeout(100)
      await input.click()
      if (search) await input.fill(text)
      await lists.locator('.ant-select-item-option', { hasText: text }).first().click()
    },
    chosen,
    3000,
  )
}

/**
 * Clicks until `then` shows: for a click that may land while a dialog is still opening (its
 * form not yet taking input) on a loaded machine. Only for clicks that are harmless to repeat.
 */
export function clickUntil(target: Locator, then: Locator): Promise<void> {
  return until(() => target.click(), then, 5000)
}

/**
 * Confirms the open Popconfirm, or the open confirmation dialog. Each is clicked once it has
 * finished opening: under load a click during its zoom-in can land beside the moving button and
 * leave it open, confirming nothing. Waits for it to close, so that a click that did not land
 * fails here.
 */
export const confirmPopover = (page: Page) => confirmIn(page.locator('.ant-popconfirm:visible'))
export const confirmModal = (page: Page) => confirmIn(page.locator('.ant-modal-confirm:visible'))

async function confirmIn(box: Locator): Promise<void> {
  await settled(box)
  await box.getByRole('button', { name: /确\s*定|OK/ }).click()
  await box.waitFor({ state: 'hidden' })
}

/**
 * Waits for a dialog or popover (`box`, the element rc-motion animates) to show and finish
 * opening: a click during its zoom-in can land beside the moving button and do nothing.
 */
export async function settled(box: Locator): Promise<void> {
  await box.waitFor()
  // rc-motion shows the box a few frames before its zoom starts (classes …-appear-prepare,
  // …-appear-start), then animates it (…-appear-active): wait until those classes are gone and
  // its animations have ended, 5 s at most (an endless one, a spinner, is not waited for)
  await box.evaluate(async (el) => {
    const frame = () => new Promise((done) => requestAnimationFrame(done))
    const until = Date.now() + 5000
    while (/-(appear|enter)(-|\s|$)/.test(el.className) && Date.now() < until) await frame()
    const ending = el
      .getAnimations({ subtree: true })
      .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
      .map((a) => a.finished.catch(() => undefined))
    await Promise.race([
      Promise.all(ending),
      new Promise((done) => setTimeout(done, Math.max(0, until - Date.now()))),
    ])
  })
}

/** Acts, then waits `wait` ms for `then` to show, three times at most (the last wait the step's). */
async function until(act: () => Promise<void>, then: Locator, wait: number, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    await act()
    try {
      await then.waitFor({ timeout: attempt === attempts ? undefined : wait })
      return
    } catch (e) {
      if (attempt === attempts) throw e
    }
  }
}

/** Calls the API with the page's cookies (for setting up data quickly). */
export async function apiAs(
  page: Page,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = await fetch('/api/auth/me', { credentials: 'same-origin' }).then((r) => r.json())
      const res = await fetch(url, {
        method,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken ?? '' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      let json: unknown = null
      try {
        json = JSON.parse(text)
      } catch {
        json = text
      }
      return { status: res.status, json }
    },
    { method, url, body },
  )
}

export function resultsPath(name: string): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true })
  return path.join(RESULTS_DIR, name)
}
