// Benchmark: what the first visit to a page costs. Serves a production build of the web app
// (WEB_DIR, default dist/web) from a real server, opens each page in a fresh headless Chromium
// context (empty cache) over loopback, and reports the JavaScript it downloaded (as sent, and
// gzip -9 of each script body, which is what the budgets count) and the time until a known
// element is visible and the page has no spinner left, beside the budgets: 150 KB for the
// sign-in page, 350 KB for any other. The pages are those the accessibility test visits
// (e2e/a11y.e2e.test.ts), each as the user who works there, and the leader's dashboard;
// `--pages core` measures only the sign-in page, the findings list and the leader's dashboard.
// Detail pages are measured in their fuller states too, which load more: a finding in
// rectification with a referral, a task's submitted (office) and returned (lead department)
// quarterly reports, and a case in review (the reviewer's scoring form). The bench makes the
// referral and the case itself, in its server's throwaway database.
//   npx vite build --outDir /tmp/web-ux --emptyOutDir && WEB_DIR=/tmp/web-ux npm run bench:web
//   npm run bench:web -- --runs 5 --pages core
//   npm run bench:web -- --only finding --files
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PASSWORD, ROOT, launchBrowser, startServer } from '../e2e/harness'

const KB = 1024
const arg = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined
const runs = Number(arg('--runs')) || 3
const pages = arg('--pages') ?? 'all'
if (pages !== 'all' && pages !== 'core') throw new Error(`--pages all|core, not ${pages}`)
/** --only TEXT measures only the pages whose name has TEXT ("finding", "a case"). */
const only = arg('--only')
/** --files lists every script of every load with its gzip size. */
const verbose = process.argv.includes('--files')

interface Scenario {
  name: string
  user: string | null
  /** The address, or how to find it as the user (a list's first item, say). */
  path: string | ((page: Page) => Promise<string>)
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

/** Each signed-in page's CSRF token, for the writes a scenario makes to set up its record. */
const csrf = new WeakMap<Page, string>()

async function signIn(page: Page, user: string): Promise<void> {
  const res = await page.request.post('/api/auth/login', {
    data: { username: user, password: DEMO_PASSWORD },
  })
  if (!res.ok()) throw new Error(`sign-in as ${user} failed: ${res.status()} ${await res.text()}`)
  const token = ((await res.json()) as { csrfToken?: string }).csrfToken
  if (token) csrf.set(page, token)
}

/** A read as the signed-in user; throws on an error status. */
async function getJson<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url)
  if (!res.ok()) throw new Error(`GET ${url}: ${res.status()} ${await res.text()}`)
  return (await res.json()) as T
}

/** A write as the signed-in user (the bench's server has its own throwaway database). */
async function postJson<T>(page: Page, url: string, data: unknown): Promise<T> {
  const res = await page.request.post(url, { data, headers: { 'x-csrf-token': csrf.get(page) ?? '' } })
  if (!res.ok()) throw new Error(`POST ${url}: ${res.status()} ${await res.text()}`)
  return (await res.json()) as T
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
    await page.goto(s.path as string)
    await page.locator(s.ready).first().waitFor({ state: 'visible', timeout: 30_000 })
    await page.waitForFunction(
      () => !document.querySelector('.duban-loading, .ant-spin-spinning, .ant-skeleton-active'),
      undefined,
      { timeout: 30_000 },
    )
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

/** The first item's address from a list endpoint, read as the signed-in user. */
function firstOf(list: string, prefix: string): (page: Page) => Promise<string> {
  return async (page) => {
    const res = await page.request.get(list)
    const items = ((await res.json()) as { items?: { id: string }[] }).items ?? []
    if (!items[0]) throw new Error(`${list} returned nothing (${res.status()})`)
    return `${prefix}/${items[0].id}`
  }
}

/** A finding past feedback (in rectification, so it has measures too) with a referral of its own. */
async function referredFinding(page: Page): Promise<string> {
  const { items } = await getJson<{ items: { id: string; status: string }[] }>(
    page,
    '/api/findings?status=rectifying&pageSize=1',
  )
  const finding = items[0]
  if (!finding) throw new Error('no finding in rectification in the demo data')
  await postJson(page, '/api/referrals', {
    findingId: finding.id,
    bodyKind: 'discipline_commission',
    bodyName: '纪委监委',
    referredAt: '2024-07-15',
    note: '移交问题线索材料一份',
  })
  return `/inspections/findings/${finding.id}`
}

/** The demo task with this code, on its second quarter's report (the demo seeds Q1 and Q2). */
function taskQ2(code: string): (page: Page) => Promise<string> {
  return async (page) => {
    const { items } = await getJson<{ items: { id: string; code: string }[] }>(
      page,
      '/api/tasks?pageSize=100',
    )
    const task = items.find((x) => x.code === code)
    if (!task) throw new Error(`no task ${code} in the demo data`)
    return `/tasks/${task.id}?quarter=2`
  }
}

/** A new guiding case, submitted and taken into review: the reviewer sees the scoring form. */
async function caseInReview(page: Page): Promise<string> {
  const c = await postJson<{ id: string }>(page, '/api/cases', {
    kind: 'guiding',
    domain: 'public_interest',
    title: '某公司非法占用农用地刑事附带民事公益诉讼案',
    keywords: ['非法占用农用地', '生态修复'],
    gist: '检察机关办理非法占用农用地案件，应当同步追究生态修复责任。',
    facts: '2022年，某公司未经批准占用林地。',
    procuratorialWork: '检察机关依法提起刑事附带民事公益诉讼，督促恢复植被。',
    significance: '',
    relatedLaws: ['《中华人民共和国刑法》第三百四十二条'],
  })
  await postJson(page, `/api/cases/${c.id}/transition`, { action: 'submit' })
  await postJson(page, `/api/cases/${c.id}/transition`, { action: 'start_review' })
  return `/cases/${c.id}`
}

/** The scenario with its address resolved as its user. */
async function resolvePath(browser: Browser, baseUrl: string, s: Scenario): Promise<Scenario> {
  if (typeof s.path === 'string') return s
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN' })
  const page = await context.newPage()
  try {
    if (s.user) await signIn(page, s.user)
    return { ...s, path: await s.path(page) }
  } finally {
    await context.close()
  }
}

/** The main pages beside the three core ones, as e2e/a11y.e2e.test.ts visits them. */
const MORE: Scenario[] = [
  { name: 'home (xunshiban)', user: 'xunshiban', path: '/', ready: '[data-testid="welcome"]' },
  { name: 'units (sysadmin)', user: 'sysadmin', path: '/admin/units', ready: '[data-testid="units-table"]' },
  { name: 'users (sysadmin)', user: 'sysadmin', path: '/admin/users', ready: '[data-testid="users-table"]' },
  {
    name: 'inspection rounds (xunshiban)',
    user: 'xunshiban',
    path: '/inspections/rounds',
    ready: '[data-testid="rounds-table"]',
  },
  {
    name: 'a finding (xunshiban)',
    user: 'xunshiban',
    path: firstOf('/api/findings?pageSize=1', '/inspections/findings'),
    ready: '[data-testid="finding-title"]',
    note: "a finding (xunshiban) is the list's first: a draft",
  },
  {
    name: 'a referred finding (xunshiban)',
    user: 'xunshiban',
    path: referredFinding,
    ready: '[data-testid="finding-referrals-table"] [data-testid="referral-row"]',
  },
  {
    name: 'rectification measures (xunshiban)',
    user: 'xunshiban',
    path: '/rectification/measures',
    ready: '[data-testid="measures-table"]',
  },
  {
    name: 'common problems (xunshiban)',
    user: 'xunshiban',
    path: '/rectification/common-problems',
    ready: '[data-testid="common-problems-table"]',
  },
  { name: 'tasks ledger (ducha)', user: 'ducha', path: '/tasks', ready: '[data-testid="tasks-page"]' },
  {
    name: 'a task (ducha)',
    user: 'ducha',
    path: firstOf('/api/tasks?pageSize=1', '/tasks'),
    ready: '[data-testid="task-header"]',
    note: 'a task (ducha) opens on the current quarter, which has no report',
  },
  {
    name: 'a task, report submitted (ducha)',
    user: 'ducha',
    path: taskQ2('2024-02'),
    ready: '[data-testid="report-review"]',
  },
  {
    name: 'a task, report returned (lead dept)',
    user: 'dept_bating',
    path: taskQ2('2024-04'),
    ready: '[data-testid="report-form"]',
  },
  {
    name: 'cases search (yanjiushi)',
    user: 'yanjiushi',
    path: '/cases/search?q=%E7%9B%97%E7%AA%83',
    ready: '[data-testid="case-facets"]',
  },
  {
    name: 'a case (yanjiushi)',
    user: 'yanjiushi',
    path: firstOf('/api/cases?pageSize=1', '/cases'),
    ready: '[data-testid="case-meta"]',
  },
  {
    name: 'a case in review (yanjiushi)',
    user: 'yanjiushi',
    path: caseInReview,
    ready: '[data-testid="case-review-form"]',
  },
  {
    name: 'meetings (xunshiban)',
    user: 'xunshiban',
    path: '/meetings',
    ready: '[data-testid="meetings-table"]',
  },
  { name: 'reports (xunshiban)', user: 'xunshiban', path: '/reports', ready: '[data-testid="reports-page"]' },
  { name: 'audit (auditor)', user: 'auditor', path: '/audit', ready: '[data-testid="audit-table"]' },
].map((s) => ({ ...s, budgetKb: 350 }))

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
    if (pages === 'all') for (const s of MORE) scenarios.push(await resolvePath(browser, server.baseUrl, s))
    if (only) scenarios.splice(0, scenarios.length, ...scenarios.filter((s) => s.name.includes(only)))
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
