// Security headers on every kind of answer, and the web app working under its CSP.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, login, type TestEnv } from './harness'

let env: TestEnv
beforeAll(async () => {
  env = await createTestEnv()
})
afterAll(() => env.close())

function directives(header: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) out[name] = values
  }
  return out
}

const hasWeb = () => fs.existsSync(path.join(env.config.webDir, 'index.html'))

describe('security headers', () => {
  it('sends a strict policy on API answers, errors included', async () => {
    const s = await login(env.app, 'sysadmin')
    for (const res of [
      await as(env.app, s).get('/api/auth/me'),
      await env.app.inject({ url: '/api/auth/me' }),
      await env.app.inject({ url: '/api/nothing-here' }),
      await env.app.inject({ url: '/healthz' }),
    ]) {
      const csp = directives(res.headers['content-security-policy'] as string)
      expect(csp['default-src']).toEqual(["'self'"])
      expect(csp['script-src']).toEqual(["'self'"])
      expect(csp['script-src-attr']).toEqual(["'none'"])
      expect(csp['object-src']).toEqual(["'none'"])
      expect(csp['frame-ancestors']).toEqual(["'none'"])
      expect(csp['base-uri']).toEqual(["'self'"])
      expect(csp['form-action']).toEqual(["'self'"])
      // Closed networks: nothing from outside, not even https: fonts or styles.
      expect(Object.values(csp).flat().join(' ')).not.toMatch(/https:|http:|\*/)
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-frame-options']).toBe('DENY')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin')
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/)
      expect(res.headers['permissions-policy']).toMatch(/camera=\(\)/)
    }
    expect((await as(env.app, s).get('/api/auth/me')).headers['cache-control']).toBe('no-store')
  })

  it('keeps the API docs under a CSP of their own, without upgrade or outside hosts', async () => {
    const res = await env.app.inject({ url: '/api/docs/' })
    expect(res.statusCode).toBe(200)
    const header = res.headers['content-security-policy'] as string
    expect(header).not.toMatch(/upgrade-insecure-requests|validator\.swagger\.io/)
    expect(directives(header)['frame-ancestors']).toEqual(["'none'"])
  })

  it('serves an index.html with no inline script', async ({ skip }) => {
    if (!hasWeb()) skip('the web app is not built (npx vite build)')
    const res = await env.app.inject({ url: '/login' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/[^"]+"/)
      expect(body.trim()).toBe('')
    }
    expect(res.body).not.toMatch(/\son[a-z]+=/i)
  })

  it('renders the sign-in page and a signed-in dashboard in Chromium without a CSP violation', async ({
    skip,
  }) => {
    const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
    if (!hasWeb() || !fs.existsSync(chromiumPath)) skip('needs the built web app and Chromium')
    const { chromium } = await import('playwright-core')
    const address = await env.app.listen({ port: 0, host: '127.0.0.1' })
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    })
    try {
      const page = await browser.newPage()
      const violations: string[] = []
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text())
      })
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
        )
      })
      await page.goto(`${address}/login`)
      await page.getByRole('button', { name: /登\s*录/ }).waitFor({ timeout: 30_000 })
      // antd's runtime styles applied: the button is styled, not a bare browser button.
      const radius = await page
        .getByRole('button', { name: /登\s*录/ })
        .evaluate((b) => getComputedStyle(b).borderTopLeftRadius)
      expect(radius).not.toBe('0px')
      // Signed in: antd's full styles, the menu, and a dashboard drawn by ECharts.
      await page.getByLabel('用户名', { exact: true }).fill('leader')
      await page.getByLabel('密码', { exact: true }).fill('Duban@2024')
      await page.getByRole('button', { name: /登\s*录/ }).click()
      await page.getByTestId('side-menu').waitFor({ timeout: 30_000 })
      await page.goto(`${address}/dashboards/leader?year=2024&quarter=2`)
      await page.getByTestId('chart-rounds').locator('canvas').first().waitFor({ timeout: 30_000 })
      expect(violations).toEqual([])
    } finally {
      await browser.close()
    }
  }, 60_000)
})
