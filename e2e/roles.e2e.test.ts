import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  login,
  newSession,
  pickOption,
  startServer,
  type Server,
  type Session,
  confirmPopover,
} from './harness'

let server: Server
let browser: Browser
let s: Session

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  s = await newSession(browser, server.baseUrl)
  await login(s.page, 'secadmin')
})

afterAll(async () => {
  await s?.close()
  await browser?.close()
  await server?.stop()
})

async function openDrawer(page: Page, username: string) {
  await page.goto('/security/roles')
  await page.getByPlaceholder('用户名或姓名').fill(username)
  await page.getByPlaceholder('用户名或姓名').press('Enter')
  await page.getByTestId(`manage-roles-${username}`).click()
  const drawer = page.getByTestId('roles-drawer')
  await drawer.getByTestId('grant-list').waitFor()
  return drawer
}

async function grant(page: Page, username: string, roleName: string) {
  const drawer = await openDrawer(page, username)
  await pickOption(page, drawer, '角色', roleName)
  await drawer.getByTestId('grant-submit').click()
  return drawer
}

describe('role grants (三员分立)', () => {
  it('shows the rule on the page and only the security menu', async () => {
    await s.page.goto('/security/roles')
    await s.page.getByTestId('sod-rule').getByText('系统管理员、安全保密管理员、安全审计员三员分立').waitFor()
    const menu = s.page.getByTestId('side-menu')
    await menu.getByRole('link', { name: '角色授权' }).waitFor()
    expect(await menu.getByText('用户管理').count()).toBe(0)
  })

  it('grants a business role to a business user and revokes it', async () => {
    const drawer = await grant(s.page, 'xunshiban', '案例编辑')
    const granted = drawer.getByTestId('grant-case_editor')
    await granted.waitFor()
    expect(await granted.textContent()).toContain('最高人民检察院')
    await granted.getByRole('button', { name: /撤\s*销/ }).click()
    await confirmPopover(s.page)
    await granted.waitFor({ state: 'detached' })
  })

  it('refuses audit_admin for a business user and explains 三员分立', async () => {
    const drawer = await grant(s.page, 'xunshiban', '安全审计员')
    const error = drawer.getByTestId('sod-error')
    await error.waitFor()
    const text = (await error.textContent()) ?? ''
    expect(text).toContain('系统管理员、安全保密管理员、安全审计员三员分立，互相排斥，且不得兼任业务角色')
    expect(text).toContain('巡视办')
    expect(await drawer.getByTestId('grant-audit_admin').count()).toBe(0)
  })

  it('refuses security_admin for someone holding another administrator role', async () => {
    const drawer = await grant(s.page, 'auditor', '安全保密管理员')
    const error = drawer.getByTestId('sod-error')
    await error.waitFor()
    expect(await error.textContent()).toContain('安全审计员')
  })
})
