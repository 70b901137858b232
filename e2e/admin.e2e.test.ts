import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  fillLogin,
  launchBrowser,
  login,
  newSession,
  pickOption,
  startServer,
  type Server,
  confirmPopover,
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

describe('organization administration', () => {
  it('sysadmin creates a department and a user in it; the user must change the password first', async () => {
    const s = await newSession(browser, server.baseUrl)
    const { page } = s
    try {
      await login(page, 'sysadmin')
      await page.getByTestId('side-menu').getByRole('link', { name: '部门管理' }).click()
      await page.getByTestId('departments-table').waitFor()
      await page.getByTestId('department-create').click()
      const dialog = page.getByRole('dialog')
      await dialog.getByLabel('部门名称', { exact: true }).fill('第十一检察厅')
      await dialog.getByLabel('说明', { exact: true }).fill('端到端测试创建')
      await dialog.getByLabel('说明', { exact: true }).press('Enter')
      await dialog.waitFor({ state: 'hidden' })
      await page.getByTestId('departments-table').getByText('第十一检察厅').waitFor()

      // a duplicate name (or any server refusal) keeps the dialog and its input
      await page.getByTestId('side-menu').getByRole('link', { name: '用户管理' }).click()
      await page.getByTestId('users-table').waitFor()
      await page.getByTestId('user-create').click()
      const form = page.getByRole('dialog')
      await form.getByLabel('用户名', { exact: true }).fill('e2e_zhang')
      await form.getByLabel('姓名', { exact: true }).fill('张测试')
      await pickOption(page, form, '部门', '第十一检察厅', false)
      await form.getByLabel('初始密码', { exact: true }).fill('Chushi#2024pass')
      await form.getByLabel('初始密码', { exact: true }).press('Enter')
      await form.waitFor({ state: 'hidden' })

      await page.getByPlaceholder('用户名或姓名').fill('e2e_zhang')
      await page.getByPlaceholder('用户名或姓名').press('Enter')
      const row = page.getByTestId('users-table').locator('tr', { hasText: 'e2e_zhang' })
      await row.getByText('张测试').waitFor()
      await row.getByText('第十一检察厅').waitFor()

      // creating the same username again is refused with the server's message, input kept
      await page.getByTestId('user-create').click()
      await form.getByLabel('用户名', { exact: true }).fill('e2e_zhang')
      await form.getByLabel('姓名', { exact: true }).fill('张重复')
      await form.getByLabel('初始密码', { exact: true }).fill('Chushi#2024pass')
      await form.getByRole('button', { name: /保\s*存/ }).click()
      await form.getByTestId('form-error').waitFor()
      expect(await form.getByLabel('姓名', { exact: true }).inputValue()).toBe('张重复')
      await form.getByRole('button', { name: /取\s*消/ }).click()
    } finally {
      await s.close()
    }

    // the new user signs in and lands on the account page with the banner
    const u = await newSession(browser, server.baseUrl)
    try {
      await u.page.goto('/login')
      await fillLogin(u.page, 'e2e_zhang', 'Chushi#2024pass')
      await u.page.getByTestId('must-change-banner').waitFor()
      expect(await u.page.getByTestId('must-change-banner').textContent()).toContain(
        '首次登录或密码已重置，请先修改密码',
      )
      await u.page.goto('/')
      await u.page.waitForURL('**/account')
      // a weak password shows the rules it breaks
      const pw = u.page.getByTestId('password-form')
      await pw.getByLabel('当前密码', { exact: true }).fill('Chushi#2024pass')
      await pw.getByLabel('新密码', { exact: true }).fill('e2e_zhang_1')
      await pw.getByLabel('确认新密码', { exact: true }).fill('e2e_zhang_1')
      await pw.getByLabel('确认新密码', { exact: true }).press('Enter')
      await u.page.getByTestId('password-error').waitFor()
      await u.page.getByTestId('policy-failed-username').waitFor()
      // a good one lets the user in
      await pw.getByLabel('新密码', { exact: true }).fill('Xin#Mima2024ok')
      await pw.getByLabel('确认新密码', { exact: true }).fill('Xin#Mima2024ok')
      await pw.getByLabel('确认新密码', { exact: true }).press('Enter')
      await u.page.getByTestId('must-change-banner').waitFor({ state: 'detached' })
      await u.page.goto('/')
      await u.page.getByTestId('home-page').waitFor()
    } finally {
      await u.close()
    }
  })

  it('sysadmin creates a subordinate unit and cannot delete a unit that is not empty', async () => {
    const s = await newSession(browser, server.baseUrl)
    const { page } = s
    try {
      await login(page, 'sysadmin')
      await page.goto('/admin/units')
      const table = page.getByTestId('units-table')
      await table.getByText('最高人民检察院').waitFor()
      await table.locator('.ant-table-row-expand-icon').first().click()
      const beijing = table.locator('tr', { hasText: '北京市人民检察院' })
      await beijing.waitFor()
      await beijing.getByRole('button', { name: /新建下级/ }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByLabel('单位代码', { exact: true }).fill('110119')
      await dialog.getByLabel('单位名称', { exact: true }).fill('北京市测试区人民检察院')
      await dialog.getByLabel('简称', { exact: true }).press('Enter')
      await dialog.waitFor({ state: 'hidden' })
      await table.getByText('北京市测试区人民检察院').waitFor()

      // Beijing has users and subordinate units: deleting it is refused with the server's message
      await beijing.getByRole('button', { name: /删\s*除/ }).click()
      await confirmPopover(page)
      await page.locator('.ant-message-error').waitFor()

      // search by name finds the new unit
      await page.getByPlaceholder('按名称或代码搜索').fill('测试区')
      await page.getByPlaceholder('按名称或代码搜索').press('Enter')
      await table.getByText('110119').waitFor()
    } finally {
      await s.close()
    }
  })
})
