// Follow-up on findings beyond rectification: referrals (移交), common problems (共性问题) with
// the use of results and self-inspections, urging (催办) with the notification bell, and the
// burn-down chart of a target.
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  confirmModal,
  launchBrowser,
  login,
  newSession,
  outsideRequests,
  pickOption,
  resultsPath,
  startServer,
  type Server,
  type Session,
} from './harness'

let server: Server
let browser: Browser
let office: Session
const sessions: Session[] = []

const ROUND_1 = '2024年第一轮'
const TIANJIN = '天津市人民检察院'
const HEBEI = '河北省人民检察院'
const SHANGHAI = '上海市人民检察院'
const URGE_MESSAGE = '请于本周内报送整改进展和佐证材料。'

let tianjinId = ''
let tianjinFindings: { id: string; seq: number; title: string; status: string }[] = []

async function signIn(username: string): Promise<Page> {
  const s = await newSession(browser, server.baseUrl)
  sessions.push(s)
  await login(s.page, username)
  return s.page
}

/** The bell's unread count (0 when the badge is hidden). */
async function badgeCount(bell: Locator): Promise<number> {
  const badge = bell.locator('.ant-scroll-number')
  if ((await badge.count()) === 0) return 0
  return Number((await badge.getAttribute('title')) ?? 0)
}

async function submit(form: Locator, name: RegExp) {
  await form.getByRole('button', { name }).click()
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  office = await newSession(browser, server.baseUrl)
  await login(office.page, 'xunshiban')
  const targets = await apiAs(office.page, 'GET', '/api/targets?pageSize=200')
  const items = (targets.json as { items: { id: string; unitName: string; roundName: string }[] }).items
  tianjinId = items.find((x) => x.unitName === TIANJIN && x.roundName === ROUND_1)!.id
  const r = await apiAs(
    office.page,
    'GET',
    `/api/findings?targetId=${tianjinId}&sort=seq&order=asc&pageSize=50`,
  )
  tianjinFindings = (r.json as { items: typeof tianjinFindings }).items
})

afterAll(async () => {
  for (const s of sessions) await s.close()
  await office?.close()
  await browser?.close()
  await server?.stop()
})

describe('follow-up', () => {
  it('shows the follow-up menus by role', async () => {
    const menu = office.page.getByTestId('side-menu')
    await menu.getByRole('link', { name: '线索移交' }).waitFor()
    await menu.getByRole('link', { name: '共性问题' }).waitFor()
    expect(await menu.getByRole('link', { name: '自查任务' }).count()).toBe(0)

    const leader = await signIn('leader')
    await leader.getByTestId('side-menu').getByRole('link', { name: '共性问题' }).waitFor()
    expect(await leader.getByTestId('side-menu').getByRole('link', { name: '线索移交' }).count()).toBe(0)

    const liaison = await signIn('bj_liaison')
    const unitMenu = liaison.getByTestId('side-menu')
    await unitMenu.getByRole('link', { name: '自查任务' }).click()
    await liaison.getByTestId('self-inspections-page').waitFor()
    expect(await unitMenu.getByRole('link', { name: '共性问题' }).count()).toBe(0)
    expect(await unitMenu.getByRole('link', { name: '线索移交' }).count()).toBe(0)
  })

  it('refers a Tianjin finding to the discipline commission, records receipt and outcome', async () => {
    const page = office.page
    const finding = tianjinFindings.find((f) => f.status !== 'draft' && f.seq === 2)!
    await page.getByTestId('side-menu').getByRole('link', { name: '线索移交' }).click()
    await page.getByTestId('referrals-page').waitFor()
    await page.getByTestId('referral-create').click()

    const form = page.getByTestId('referral-form')
    const picker = form.getByLabel('问题', { exact: true })
    await picker.click()
    await picker.fill(finding.title)
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: TIANJIN })
      .filter({ hasText: finding.title })
      .first()
      .click()
    // The receiving body is suggested from the finding's unit.
    await expect.poll(() => form.getByLabel('接收机关', { exact: true }).inputValue()).toBe('天津市纪委监委')
    await form.getByLabel('移交说明', { exact: true }).fill('移交问题线索材料一份（巡视办〔2024〕12号）')
    await submit(form, /移交线索/)
    await confirmModal(page)
    await form.waitFor({ state: 'detached' })

    const table = page.getByTestId('referrals-table')
    const row = table.getByTestId('referral-row').filter({ hasText: finding.title })
    await row.getByTestId('referral-status').getByText('已移交').waitFor()
    await row.getByTestId('referral-body').getByText('天津市纪委监委').waitFor()

    await row.getByTestId('referral-receipt').click()
    const receipt = page.getByTestId('referral-receipt-form')
    await receipt.getByLabel('接收说明', { exact: true }).fill('天津市纪委监委信访室签收')
    await submit(receipt, /登记接收/)
    await confirmModal(page)
    await row.getByTestId('referral-status').getByText('已接收').waitFor()

    await row.getByTestId('referral-conclude').click()
    const outcome = page.getByTestId('referral-outcome-form')
    await outcome.getByLabel('办理结果', { exact: true }).fill('经初步核实，已对相关责任人予以诫勉。')
    await submit(outcome, /登记结果/)
    await confirmModal(page)
    await row.getByTestId('referral-status').getByText('已办结').waitFor()
    await row.getByTestId('referral-outcome').getByText('已对相关责任人予以诫勉').waitFor()

    // Open only: the concluded referral leaves the list.
    await page.getByTestId('referral-open-only').click()
    await table.locator('.ant-empty').waitFor()
    expect(await table.getByTestId('referral-row').count()).toBe(0)

    // The finding's own page lists it in its 移交 section.
    await page.goto(`/inspections/findings/${finding.id}`)
    const section = page.getByTestId('finding-referrals')
    await section.getByTestId('referral-status').getByText('已办结').waitFor()
    await section.getByTestId('finding-refer').waitFor()
  })

  it('merges findings of two provinces into a common problem, assigns, records use of results, pushes self-inspections', async () => {
    const page = office.page
    await page.goto('/inspections/findings')
    await page.getByTestId('findings-page').waitFor()
    await pickOption(page, page.getByTestId('finding-filters'), '巡视轮次', ROUND_1, false)
    const table = page.getByTestId('findings-table')
    const tj = table.locator('tr[data-testid^="finding-row-"]', { hasText: TIANJIN }).first()
    const hb = table.locator('tr[data-testid^="finding-row-"]', { hasText: HEBEI }).first()
    await tj.waitFor()
    await tj.locator('.ant-checkbox').click()
    await hb.locator('.ant-checkbox').click()
    await page.getByTestId('finding-selected-count').getByText('已选 2 个问题，涉及 2 个单位').waitFor()
    expect(page.url()).toContain('/inspections/findings')

    await page.getByTestId('finding-merge').click()
    const form = page.getByTestId('common-problem-form')
    await form.getByTestId('common-problem-selected').getByText(TIANJIN).waitFor()
    await form.getByTestId('common-problem-selected').getByText(HEBEI).waitFor()
    const title = '党组理论学习和意识形态工作责任落实不到位'
    await form.getByLabel('共性问题', { exact: true }).fill(title)
    await form
      .getByLabel('问题描述', { exact: true })
      .fill('多个被巡视单位党组理论学习流于形式、意识形态工作责任制落实不到位。')
    await submit(form, /新建共性问题/)

    const detail = page.getByTestId('common-problem-page')
    await detail.waitFor()
    await detail.getByTestId('common-problem-title').getByText(title).waitFor()
    expect(await detail.getByTestId('cp-finding-row').count()).toBe(2)
    await detail.getByTestId('common-problem-status').first().getByText('待交办').waitFor()

    // Assign 第一检察厅.
    await detail.getByTestId('cp-assign').click()
    const assign = page.getByTestId('cp-assign-form')
    await pickOption(page, assign, '牵头部门', '第一检察厅')
    await submit(assign, /交办部门/)
    // the dialog closes once the list behind it has reloaded; text typed before that goes to it
    await assign.waitFor({ state: 'hidden' })
    await detail.getByTestId('cp-department').getByText('第一检察厅').waitFor()
    await detail.getByTestId('common-problem-status').first().getByText('已交办').waitFor()

    // 成果运用.
    const action = detail.getByTestId('cp-action-form')
    await action
      .getByLabel('成果运用情况', { exact: true })
      .fill('第一检察厅制定《关于加强党组理论学习中心组学习的意见》，在全系统部署专项整治。')
    await action.getByTestId('cp-action-submit').click()
    await detail.getByTestId('cp-action').getByText('在全系统部署专项整治').waitFor()

    // Push a self-inspection to Shanghai (not inspected)…
    await detail.getByTestId('cp-push').click()
    let push = page.getByTestId('cp-push-form')
    await pickOption(page, push, '自查单位', SHANGHAI)
    await page.keyboard.press('Escape')
    await submit(push, /推送自查/)
    await push.waitFor({ state: 'detached' })
    const rows = detail.getByTestId('cp-self-inspection-row')
    await rows.filter({ hasText: SHANGHAI }).getByText('待自查').waitFor()

    // …while Hebei, inspected in the first round, is refused.
    await detail.getByTestId('cp-push').click()
    push = page.getByTestId('cp-push-form')
    await pickOption(page, push, '自查单位', HEBEI)
    await page.keyboard.press('Escape')
    await submit(push, /推送自查/)
    const error = push.getByTestId('form-error')
    await error.getByText('自查只推送给尚未被巡视的单位').waitFor()
    await error.getByTestId('cp-push-inspected').getByText(HEBEI).waitFor()
    await push.getByRole('button', { name: /取\s*消/ }).click()
    expect(await rows.count()).toBe(1)

    await push.waitFor({ state: 'detached' })
    await page.locator('.ant-message-notice').last().waitFor({ state: 'detached', timeout: 10_000 })
    await page.mouse.move(0, 0)
    await page.screenshot({ path: resultsPath('common-problem.png'), fullPage: true })

    // The list shows it with its department and counts; the leader reads it too.
    await page.getByTestId('side-menu').getByRole('link', { name: '共性问题' }).click()
    const listRow = page.getByTestId('common-problem-row').filter({ hasText: title })
    await listRow.getByText('第一检察厅').waitFor()
    const leader = await signIn('leader')
    await leader.goto('/rectification/common-problems')
    await leader.getByTestId('common-problem-row').filter({ hasText: title }).click()
    await leader.getByTestId('cp-action').getByText('在全系统部署专项整治').waitFor()
    expect(await leader.getByTestId('cp-assign').count()).toBe(0)
  })

  it('urges a Tianjin measure; the liaison sees it in the bell and marks it read', async () => {
    const page = office.page
    await page.goto(`/inspections/targets/${tianjinId}?tab=plan`)
    await page.getByTestId('plan-tab').waitFor()
    await page.getByTestId('plan-finding-2').getByTestId('measure-row').first().click()
    const drawer = page.getByTestId('measure-drawer')
    await drawer.getByTestId('measure-urge').click()
    const form = page.getByTestId('urge-form')
    await form.getByLabel('催办意见', { exact: true }).fill(URGE_MESSAGE)
    await submit(form, /发送催办/)
    await drawer
      .getByTestId('urge-result')
      .getByText(/已催办，通知 \d+ 人/)
      .waitFor()
    const sent = Number(
      /通知 (\d+) 人/.exec((await drawer.getByTestId('urge-result').textContent()) ?? '')![1],
    )
    expect(sent).toBeGreaterThanOrEqual(2)

    const liaison = await signIn('tj_liaison')
    const bell = liaison.getByTestId('notification-bell')
    await expect.poll(() => badgeCount(bell)).toBeGreaterThan(0)
    const before = await badgeCount(bell)
    await bell.click()
    const panel = liaison.getByTestId('notification-panel')
    const item = panel.getByTestId('notification-item').filter({ hasText: URGE_MESSAGE })
    await item.getByTestId('notification-kind').getByText('催办').waitFor()
    expect(await item.getAttribute('data-unread')).toBe('true')
    await item.getByTestId('notification-mark-read').click()
    await expect.poll(() => item.getAttribute('data-unread')).toBeNull()
    await expect.poll(() => badgeCount(bell)).toBe(before - 1)

    // Clicking a notification opens what it is about; the list page filters the unread.
    await item.click()
    await liaison.waitForURL(`**/inspections/targets/${tianjinId}`)
    await liaison.goto('/notifications')
    await liaison.getByTestId('notification-row').filter({ hasText: URGE_MESSAGE }).waitFor()
    await liaison.getByTestId('notification-filter').getByText(/未读/).click()
    await expect
      .poll(() => liaison.getByTestId('notification-row').filter({ hasText: URGE_MESSAGE }).count())
      .toBe(0)
  })

  it('draws the burn-down of the Tianjin target with its overdue measures', async () => {
    const page = office.page
    await page.goto(`/inspections/targets/${tianjinId}?tab=progress`)
    const tab = page.getByTestId('progress-tab')
    await tab.waitFor()
    const chart = tab.getByTestId('burndown-chart')
    await chart.locator('canvas').first().waitFor()
    const box = await chart.boundingBox()
    expect(box!.width).toBeGreaterThan(300)
    expect(await tab.getByTestId('overdue-measure-row').count()).toBeGreaterThan(0)
    await page.waitForTimeout(600) // the line's entry animation
    await tab.screenshot({ path: resultsPath('burndown.png') })
    await tab.getByTestId('overdue-measure-row').first().click()
    await page.getByTestId('measure-drawer').getByTestId('measure-detail').waitFor()
    expect(outsideRequests).toEqual([])
  })
})
