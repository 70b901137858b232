import { Secret, TOTP } from 'otpauth'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEMO_PASSWORD,
  fillLogin,
  launchBrowser,
  login,
  newSession,
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

function codeFor(uri: string): string {
  const secret = new URL(uri).searchParams.get('secret')
  if (!secret) throw new Error(`no secret in ${uri}`)
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate()
}

async function typeOtp(page: Page, code: string) {
  await page.getByTestId('otp-input').locator('input').first().click()
  await page.keyboard.type(code)
}

describe('two-factor sign-in', () => {
  it('sets up TOTP on the account page, then asks for the code at sign-in', async () => {
    const s = await newSession(browser, server.baseUrl)
    const { page } = s
    let uri = ''
    try {
      await login(page, 'leader')
      await page.getByTestId('header-user').click()
      await page.getByRole('button', { name: /开始设置/ }).click()
      uri = (await page.getByTestId('totp-uri').textContent()) ?? ''
      expect(uri).toMatch(/^otpauth:\/\/totp\//)
      const card = page.getByTestId('totp-card')
      // a wrong code is refused with the server's message
      await card.getByLabel('6 位验证码').fill('000000')
      await card.getByLabel('6 位验证码').press('Enter')
      await card.getByRole('alert').waitFor()
      await card.getByLabel('6 位验证码').fill(codeFor(uri))
      await card.getByLabel('6 位验证码').press('Enter')
      await card.getByText('已启用').waitFor()
      await page.getByTestId('logout').click()
      await page.waitForURL('**/login')

      await fillLogin(page, 'leader', DEMO_PASSWORD)
      await page.getByTestId('otp-input').waitFor()
      const prompt = (await page.getByTestId('login-error').textContent()) ?? ''
      expect(prompt).toContain('动态验证码')
      await typeOtp(page, '123456')
      // the prompt is replaced by the server's refusal, and the code field is cleared
      await expect.poll(async () => page.getByTestId('login-error').textContent()).not.toBe(prompt)
      expect(page.url()).toContain('/login')
      await typeOtp(page, codeFor(uri))
      await page.getByTestId('side-menu').waitFor()

      // turning it off needs the password
      await page.goto('/account')
      const off = page.getByTestId('totp-card')
      await off.getByLabel('登录密码').fill(DEMO_PASSWORD)
      await off.getByLabel('登录密码').press('Enter')
      await off.getByText('未启用').waitFor()
    } finally {
      await s.close()
    }
  })
})
