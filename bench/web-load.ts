// Benchmark: what the first visit to a page costs. Serves a production build of the web app
// (WEB_DIR, default dist/web) from a real server, opens each page in a fresh headless Chromium
// context (empty cache) over loopback, and reports the JavaScript it downloaded (as sent, and
// gzip -9 of each script body, which is what the budgets count) and the time until a known
// element is visible, beside the budgets: 150 KB for the sign-in page, 350 KB for any other.
//   npx vite build --outDir /tmp/web-ux --emptyOutDir && WEB_DIR=/tmp/web-ux npm run bench:web
//   npm run bench:web -- --runs 5
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PASSWORD, ROOT, launchBrowser, startServer } from '../e2e/harness'

const KB = 1024
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3
/** --files lists every script of every load with its gzip size. */
const verbose = process.argv.includes('--files')

interface Scenario {
  name: string
  user: string | null
  path: string
  /** The element whose appearance makes the page usable. */
  ready: string
  budgetKb: number
  note?: string
}

interface Sample {
  ms: number
  scripts: number
  sentBytes: number
  gzipBytes: number
  rawBytes: number
  contentEncoding: string
}

async function signIn(page: Page, user: string): Promise<void> {
  const res = await page.request.post('/api/auth/login', {
    data: { username: user, password: DEMO_PASSWORD },
  })
  if (!res.ok()) throw new Error(`sign-in as ${user} failed: ${res.status()} ${await res.text()}`)
}

async function measure(browser: Browser, baseUrl: string, s: Scenario): Promise<Sample> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN' })
  const page = await context.newPage()
  try {
    if (s.user) await signIn(page, s.user)
    const scripts: Promise<{ sent: number; gzip: number; raw: number; encoding: string; url: string }>[] = []
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return
      scripts.push(
        (async () => {
          const body = await response.body()
          const sizes = await response.request().sizes()
          return {
            sent: sizes.responseBodySize,
            gzip: gzipSync(body, { level: 9 }).length,
            raw: body.length,
            encoding: (await response.headerValue('content-encoding')) ?? 'identity',
            url: response.url(),
          }
        })(),
      )
    })
    const start = Date.now()
    await page.goto(s.path)
    await page.locator(s.ready).first().waitFor({ state: 'visible', timeout: 30_000 })
    const ms = Date.now() - start
    // Lazy chunks a page asks for right after it shows (charts, for instance) count too.
    await page.waitForLoadState('networkidle')
    const all = await Promise.all(scripts)
    if (verbose)
      for (const x of all.sort((a, b) => b.gzip - a.gzip))
        console.log(`  ${s.name}: ${kb(x.gzip).padStart(9)}  ${new URL(x.url).pathname}`)
    return {
      ms,
      scripts: all.length,
      sentBytes: all.reduce((n, x) => n + x.sent, 0),
      gzipBytes: all.reduce((n, x) => n + x.gzip, 0),
      rawBytes: all.reduce((n, x) => n + x.raw, 0),
      contentEncoding: [...new Set(all.map((x) => x.encoding))].join(','),
    }
  } finally {
    await context.close()
  }
}

/** The leader's dashboard when this build has it; the home page otherwise. */
async function leaderScenario(browser: Browser, baseUrl: string): Promise<Scenario> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN' })
  const page = await context.newPage()
  try {
    await signIn(page, 'leader')
    await page.goto('/dashboards/leader')
    const found = await Promise.race([
      page
        .getByTestId('leader-dashboard')
        .waitFor({ timeout: 30_000 })
        .then(() => true),
      page
        .getByTestId('not-found')
        .waitFor({ timeout: 30_000 })
        .then(() => false),
    ])
    if (found)
      return {
        name: "leader's dashboard",
        user: 'leader',
        path: '/dashboards/leader',
        ready: '[data-testid="leader-inspections"]',
        budgetKb: 350,
      }
    return {
      name: 'home (leader)',
      user: 'leader',
      path: '/',
      ready: '[data-testid="welcome"]',
      budgetKb: 350,
      note: '/dashboards/leader is not in this build, so the home page stands in',
    }
  } finally {
    await context.close()
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const kb = (n: number) => `${(n / KB).toFixed(1)} KB`

async function main() {
  const webDir = path.resolve(process.env.WEB_DIR ?? path.join(ROOT, 'dist/web'))
  if (!fs.existsSync(path.join(webDir, 'index.html')))
    throw new Error(`no build in ${webDir}: run npx vite build (or set WEB_DIR)`)
  process.env.WEB_DIR = webDir
  const server = await startServer()
  const browser = await launchBrowser()
  try {
    const scenarios: Scenario[] = [
      { name: 'sign-in', user: null, path: '/login', ready: 'button[type="submit"]', budgetKb: 150 },
      {
        name: 'findings list (xunshiban)',
        user: 'xunshiban',
        path: '/inspections/findings',
        ready: '[data-testid^="finding-row-"]',
        budgetKb: 350,
      },
      await leaderScenario(browser, server.baseUrl),
    ]
    console.log(`web build: ${webDir}; ${runs} cold loads each over loopback, median time\n`)
    const rows: string[][] = [
      ['page', 'JS gzip -9', 'budget', 'JS as sent', 'JS raw', 'files', 'interactive', ''],
    ]
    let over = 0
    for (const s of scenarios) {
      const samples: Sample[] = []
      for (let i = 0; i < runs; i++) samples.push(await measure(browser, server.baseUrl, s))
      const last = samples[samples.length - 1]!
      const ok = last.gzipBytes <= s.budgetKb * KB
      if (!ok) over++
      rows.push([
        s.name,
        kb(last.gzipBytes),
        `${s.budgetKb} KB`,
        `${kb(last.sentBytes)} (${last.contentEncoding})`,
        kb(last.rawBytes),
        String(last.scripts),
        `${median(samples.map((x) => x.ms))} ms`,
        ok ? 'ok' : 'OVER BUDGET',
      ])
      if (s.note) console.log(`note: ${s.note}`)
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
    for (const r of rows)
      console.log(
        r
          .map((cell, c) => cell.padEnd(widths[c]!))
          .join('  ')
          .trimEnd(),
      )
    if (over) process.exitCode = 1
  } finally {
    await browser.close()
    await server.stop()
  }
}

await main()
