import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  fillLogin,
  launchBrowser,
  login,
  newSession,
  outsideRequests,
  resultsPath,
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

describe('the web shell', () => {
  it('signs sysadmin in and shows the administration menu, and nothing else', async () => {
    const s = await newSession(browser, server.baseUrl)
    try {
      await login(s.page, 'sysadmin')
      const menu = s.page.getByTestId('side-menu')
      await menu.getByRole('link', { name: '单位管理' }).waitFor()
      await menu.getByRole('link', { name: '部门管理' }).waitFor()
      await menu.getByRole('link', { name: '用户管理' }).waitFor()
      expect(await menu.getByText('角色授权').count()).toBe(0)
      expect(await menu.getByText('审计日志').count()).toBe(0)
      await s.page.getByTestId('header-user').getByText('系统管理员').waitFor()
      await s.page.getByTestId('header-unit').getByText('最高人民检察院').waitFor()
      await s.page.getByTestId('home-page').waitFor()
      await s.page.waitForFunction(() => document.title === '首页 - 督办')

      await menu.getByRole('link', { name: '单位管理' }).click()
      await s.page.getByTestId('units-table').getByText('最高人民检察院').waitFor()
      await s.page.waitForFunction(() => document.title === '单位管理 - 督办')
      // the supreme unit expands lazily into the provincial units
      await s.page.getByTestId('units-table').locator('.ant-table-row-expand-icon').first().click()
      await s.page.getByTestId('units-table').getByText('北京市人民检察院').waitFor()
    } finally {
      await s.close()
    }
  })

  it('shows the 403 page on a page the user may not see', async () => {
    const s = await newSession(browser, server.baseUrl)
    try {
      await login(s.page, 'auditor')
      expect(await s.page.getByTestId('side-menu').getByText('用户管理').count()).toBe(0)
      await s.page.goto('/admin/users')
      await s.page.getByText('您没有访问此页面的权限').waitFor()
      await s.page.goto('/no/such/page')
      await s.page.getByTestId('not-found').waitFor()
    } finally {
      await s.close()
    }
  })

  it('sends an anonymous visitor to the sign-in page and back after signing in', async () => {
    const s = await newSession(browser, server.baseUrl)
    try {
      await s.page.goto('/admin/departments')
      await s.page.waitForURL('**/login')
      await fillLogin(s.page, 'sysadmin', 'Duban@2024')
      await s.page.waitForURL('**/admin/departments')
      await s.page.getByTestId('departments-table').waitFor()
    } finally {
      await s.close()
    }
  })

  it('shows the server error for a wrong password and keeps the username', async () => {
    const s = await newSession(browser, server.baseUrl)
    try {
      await s.page.goto('/login')
      await fillLogin(s.page, 'sysadmin', 'not-the-password')
      const error = s.page.getByTestId('login-error')
      await error.waitFor()
      expect((await error.textContent())?.length).toBeGreaterThan(0)
      expect(await s.page.getByLabel('用户名', { exact: true }).inputValue()).toBe('sysadmin')
      expect(s.page.url()).toContain('/login')
    } finally {
      await s.close()
    }
  })

  it('switches to English', async () => {
    const s = await newSession(browser, server.baseUrl)
    try {
      await login(s.page, 'sysadmin')
      await s.page.getByTestId('header-user').waitFor()
      await s.page.getByRole('combobox', { name: '语言' }).click()
      await s.page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'English' })
        .click()
      const menu = s.page.getByTestId('side-menu')
      await menu.getByRole('link', { name: 'Units' }).waitFor()
      await menu.getByRole('link', { name: 'Users' }).waitFor()
      await s.page.getByRole('button', { name: 'Sign out' }).waitFor()
      // the choice survives a reload
      await s.page.reload()
      await s.page.getByTestId('side-menu').getByRole('link', { name: 'Home' }).waitFor()
    } finally {
      await s.close()
    }
  })

  it('shows the home page of a business user and saves a screenshot', async () => {
    const s = await newSession(browser, server.baseUrl)
    try {
      await login(s.page, 'xunshiban')
      await s.page.getByTestId('my-roles').getByText('巡视办').waitFor()
      await s.page.getByTestId('module-cards').getByText('重点督办', { exact: true }).waitFor()
      // the inspection office does not supervise key tasks: the card says so, not that it is unbuilt
      await s.page.getByTestId('module-cards').getByText('你的角色不包括该模块', { exact: false }).waitFor()
      await s.page.getByTestId('inspection-card').waitFor()
      await s.page.screenshot({ path: resultsPath('home.png'), fullPage: true })
      // signing out returns to the sign-in page
      await s.page.getByTestId('logout').click()
      await s.page.waitForURL('**/login')
    } finally {
      await s.close()
    }
  })

  it('loads nothing from outside its own server', () => {
    expect(outsideRequests).toEqual([])
  })
})
