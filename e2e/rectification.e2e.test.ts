import { createHash } from 'node:crypto'
import fs from 'node:fs'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  clickUntil,
  launchBrowser,
  login,
  newSession,
  pickOption,
  resultsPath,
  startServer,
  type Server,
  type Session,
  confirmPopover,
} from './harness'

let server: Server
let browser: Browser
let office: Session
const sessions: Session[] = []

const ROUND_1 = '2024年第一轮'
const ROUND_2 = '2024年第二轮'
const BEIJING = '北京市人民检察院'
const TIANJIN = '天津市人民检察院'
const RETURN_REASON = '整改措施不够具体，请细化完成时限和责任部门。'

/** A small, valid PDF (what the server sniffs for a .pdf). */
const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
)

let beijingId = ''
let tianjinId = ''
let tianjinFindings: { id: string; seq: number; status: string }[] = []

async function signIn(username: string): Promise<Page> {
  const s = await newSession(browser, server.baseUrl)
  sessions.push(s)
  await login(s.page, username)
  return s.page
}

async function targetId(page: Page, unit: string, round: string): Promise<string> {
  const r = await apiAs(page, 'GET', '/api/targets?pageSize=200')
  const items = (r.json as { items: { id: string; unitName: string; roundName: string }[] }).items
  const t = items.find((x) => x.unitName === unit && x.roundName === round)
  if (!t) throw new Error(`no target ${unit} ${round}`)
  return t.id
}

async function openPlan(page: Page, id: string) {
  await page.goto(`/inspections/targets/${id}?tab=plan`)
  await page.getByTestId('plan-tab').waitFor()
}

/** Types a date into an antd DatePicker; Tab commits it (Enter would also submit the form). */
async function fillDate(scope: Page | Locator, label: string, date: string) {
  const input = scope.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(date)
  await input.press('Tab')
}

const planStatus = (page: Page) => page.getByTestId('plan-tab').getByTestId('plan-status').first()

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  office = await newSession(browser, server.baseUrl)
  await login(office.page, 'xunshiban')
  beijingId = await targetId(office.page, BEIJING, ROUND_2)
  tianjinId = await targetId(office.page, TIANJIN, ROUND_1)
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

describe('rectification', () => {
  it('shows the rectification menu by permission', async () => {
    const menu = office.page.getByTestId('side-menu')
    await menu.getByRole('link', { name: '整改台账' }).waitFor()
    await menu.getByRole('link', { name: '延期申请' }).waitFor()
    await menu.getByRole('link', { name: '工作日历' }).waitFor()

    const page = await signIn('bj_liaison')
    const unitMenu = page.getByTestId('side-menu')
    await unitMenu.getByRole('link', { name: '整改台账' }).waitFor()
    expect(await unitMenu.getByRole('link', { name: '工作日历' }).count()).toBe(0)
  })

  it('has Beijing draft a measure per finding, its leader submit, the office return and then accept', async () => {
    const liaison = sessions[0].page
    const leader = await signIn('bj_leader')

    await openPlan(liaison, beijingId)
    expect(await planStatus(liaison).textContent()).toBe('起草中')
    // the liaison drafts; only the leader submits
    expect(await liaison.getByTestId('plan-submit').count()).toBe(0)
    await liaison
      .getByTestId('plan-summary-input')
      .fill('北京市院党组成立巡视整改工作领导小组，逐项明确整改措施。')
    await liaison.getByTestId('plan-summary-save').click()
    await liaison.getByText('已保存').first().waitFor()

    const addMeasure = async (seq: number) => {
      await liaison.getByTestId(`measure-add-${seq}`).click()
      const form = liaison.getByTestId('measure-form')
      await form
        .getByLabel('整改措施', { exact: true })
        .fill(`第${seq}号问题：制定专项整改方案，建立长效机制。`)
      await form.getByLabel('责任领导', { exact: true }).fill('党组副书记 赵明')
      if (seq === 1) await pickOption(liaison, form, '责任部门', '办公室')
      await fillDate(form, '完成时限', '2024-10-31')
      await form.getByRole('button', { name: /保\s*存/ }).click()
      await form.waitFor({ state: 'detached' })
      await liaison.getByTestId(`plan-finding-${seq}`).getByTestId('measure-row').first().waitFor()
    }
    for (const seq of [1, 2, 3, 4, 5]) await addMeasure(seq)
    await liaison.getByTestId('plan-finding-1').getByText('办公室').waitFor()

    // submitting with a finding left without measures is refused, naming the finding
    await openPlan(leader, beijingId)
    await leader.getByTestId('plan-submit').click()
    await confirmPopover(leader)
    await leader.getByTestId('plan-error').getByText('第 6 号').waitFor()

    await addMeasure(6)
    expect(
      await liaison.getByTestId('summary-measures').locator('.ant-statistic-content').textContent(),
    ).toBe('6')

    await openPlan(leader, beijingId)
    await leader.getByTestId('plan-submit').click()
    await confirmPopover(leader)
    await leader.getByTestId('plan-tab').getByTestId('plan-status').getByText('已报送').first().waitFor()
    // submitted plans are read-only for the unit
    expect(await leader.getByTestId('measure-add-1').count()).toBe(0)

    // the office returns it with a reason
    const page = office.page
    await openPlan(page, beijingId)
    await page.getByTestId('plan-return').click()
    const returnForm = page.getByTestId('plan-return-form')
    // the dialog is open and its field ready before an empty submit is tried
    await returnForm.getByLabel('退回原因').waitFor()
    // a click while the dialog is still opening can be lost: clicked again until the form answers
    await clickUntil(
      returnForm.getByRole('button', { name: /退回修改/ }),
      returnForm.getByText('请说明退回原因'),
    )
    await returnForm.getByLabel('退回原因').fill(RETURN_REASON)
    await returnForm.getByRole('button', { name: /退回修改/ }).click()
    await page.getByTestId('plan-tab').getByTestId('plan-status').getByText('已退回').first().waitFor()

    // the leader sees why, and submits again
    await openPlan(leader, beijingId)
    await leader.getByTestId('plan-return-reason').getByText(RETURN_REASON, { exact: false }).waitFor()
    await leader.getByTestId('plan-submit').click()
    await confirmPopover(leader)
    await leader.getByTestId('plan-tab').getByTestId('plan-status').getByText('已报送').first().waitFor()

    // the office accepts: every finding starts rectification
    await openPlan(page, beijingId)
    await page.getByTestId('plan-accept').click()
    await confirmPopover(page)
    await page.getByTestId('plan-tab').getByTestId('plan-status').getByText('已通过').first().waitFor()
    await page
      .getByTestId('summary-finding-rectifying')
      .locator('.ant-statistic-content')
      .getByText('6')
      .waitFor()
    expect(await page.getByTestId('plan-actions').locator('button').count()).toBe(0)
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' })
    await page.screenshot({ path: resultsPath('plan.png'), fullPage: true })
  })

  it('has Tianjin post progress with a PDF as evidence and mark the measure done', async () => {
    const page = await signIn('tj_liaison')
    await openPlan(page, tianjinId)
    expect(await planStatus(page).textContent()).toBe('已通过')
    await page.getByTestId('plan-finding-2').getByTestId('measure-row').first().click()
    const drawer = page.getByTestId('measure-drawer')
    await drawer.getByTestId('progress-form').waitFor()
    const form = drawer.getByTestId('progress-form')
    await form.getByLabel('进展情况', { exact: true }).fill('已印发整改工作制度，完成专项检查。')
    await form.getByRole('checkbox', { name: '标记完成' }).check()
    await form.locator('input[type=file]').setInputFiles({
      name: '整改佐证.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    })
    await form.getByText('整改佐证.pdf').waitFor()
    await drawer.getByTestId('progress-submit').click()
    await page.getByText('进展已填报，已上传 1 份佐证材料').waitFor()

    const sha = createHash('sha256').update(PDF).digest('hex')
    const timeline = drawer.getByTestId('progress-timeline')
    await timeline.getByTestId('file-sha').getByText(sha.slice(0, 12), { exact: false }).waitFor()
    await drawer.getByTestId('measure-status').getByText('已完成').waitFor()

    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' })
    await page.screenshot({ path: resultsPath('measure.png') })

    // the evidence downloads as uploaded
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      timeline.getByRole('link', { name: /整改佐证\.pdf/ }).click(),
    ])
    const file = resultsPath('evidence.pdf')
    await download.saveAs(file)
    expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(sha)
  })

  it('has Tianjin request an extension and the office grant it', async () => {
    const page = sessions[sessions.length - 1].page
    await openPlan(page, tianjinId)
    await page.getByTestId('plan-finding-3').getByTestId('measure-row').first().click()
    const drawer = page.getByTestId('measure-drawer')
    expect(await drawer.getByTestId('measure-deadline').textContent()).toBe('2024-12-31')
    await drawer.getByTestId('extension-request').click()
    const form = page.getByTestId('extension-form')
    await fillDate(form, '申请延至', '2025-03-31')
    await form.getByLabel('申请理由').fill('涉及跨部门协调，需延长完成时限。')
    await form.getByRole('button', { name: '申请延期' }).click()
    await page.getByText('延期申请已提交，等待巡视办审批').waitFor()
    await drawer.getByTestId('measure-extensions').getByText('待审批').waitFor()
    expect(await drawer.getByTestId('extension-request').isDisabled()).toBe(true)

    const o = office.page
    await o.getByTestId('side-menu').getByRole('link', { name: '延期申请' }).click()
    await o.getByTestId('extensions-page').waitFor()
    const row = o.getByTestId('extension-row').filter({ hasText: '2025-03-31' })
    await row.getByText(TIANJIN).waitFor()
    await row.getByTestId('extension-grant').click()
    await confirmPopover(o)
    await o.getByText('已同意延期').first().waitFor()
    await o.getByTestId('extension-status-filter').getByText('已同意').click()
    await o.getByTestId('extension-row').filter({ hasText: '2025-03-31' }).getByText('已同意').waitFor()

    await page.reload()
    await page.getByTestId('plan-finding-3').getByTestId('measure-row').first().click()
    await page.getByTestId('measure-drawer').getByTestId('measure-deadline').getByText('2025-03-31').waitFor()
  })

  it('refuses to close the awaiting Tianjin finding without evidence, and shows why', async () => {
    const first = tianjinFindings.find((f) => f.seq === 1)!
    expect(first.status).toBe('awaiting_verification')
    const page = office.page
    await page.goto(`/inspections/findings/${first.id}`)
    await page.getByTestId('finding-verification').getByText('天津院领导 罗刚', { exact: false }).waitFor()
    await page.getByTestId('action-close').click()
    await confirmPopover(page)
    await page.getByTestId('finding-action-error').getByText('没有佐证材料，不能销号').waitFor()
    await page.getByTestId('finding-page').getByTestId('status-tag').getByText('待核查').first().waitFor()
  })

  it('lists measures with filters and exports the ledger for the office', async () => {
    const page = office.page
    await page.getByTestId('side-menu').getByRole('link', { name: '整改台账' }).click()
    await page.getByTestId('measures-page').waitFor()
    await page.getByTestId('measures-table').locator('.ant-table-row').first().waitFor()
    await pickOption(page, page, '巡视轮次', ROUND_1, false)
    await pickOption(page, page, '被巡视单位', TIANJIN)
    await page.getByTestId('measures-table').getByText(TIANJIN).first().waitFor()
    const rows = page.getByTestId('measures-table').locator('tbody .ant-table-row')
    await expect.poll(async () => (await rows.allTextContents()).every((t) => t.includes(TIANJIN))).toBe(true)

    // overdue only: every row shows its overdue working days in red
    await page.getByTestId('measure-overdue-only').click()
    await expect
      .poll(async () => {
        const n = await rows.count()
        return n > 0 && (await page.getByTestId('measures-table').getByTestId('overdue').count()) === n
      })
      .toBe(true)
    await page.getByTestId('measure-overdue-only').click()

    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/ledgers/rectification.xlsx')),
      page.waitForEvent('download'),
      page.getByTestId('ledger-export').click(),
    ])
    expect(response.status()).toBe(200)
    expect(response.url()).toContain(`targetId=${tianjinId}`)
    expect(response.headers()['content-type']).toContain(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const file = resultsPath('rectification-ledger.xlsx')
    await download.saveAs(file)
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK')
  })

  it('lets the office keep the working calendar and count working days', async () => {
    const page = office.page
    await page.getByTestId('side-menu').getByRole('link', { name: '工作日历' }).click()
    await page.getByTestId('calendar-page').waitFor()
    await pickOption(page, page, '年度', '2024', false)
    const table = page.getByTestId('calendar-table')
    await table.getByText('2024-10-01').waitFor()

    await page.getByTestId('calendar-add').click()
    const form = page.getByTestId('calendar-form')
    await fillDate(form, '日期', '2024-12-30')
    await form.getByLabel('名称', { exact: true }).fill('演示假日')
    await form.getByRole('button', { name: /保\s*存/ }).click()
    const row = table.locator('.ant-table-row').filter({ hasText: '2024-12-30' })
    await row.getByText('演示假日').waitFor()
    await row.getByTestId('calendar-delete').click()
    await confirmPopover(page)
    await row.waitFor({ state: 'detached' })

    const calc = page.getByTestId('working-days')
    await fillDate(calc, '起始日期', '2024-09-30')
    await calc.getByLabel('工作日数', { exact: true }).fill('1')
    await calc.getByTestId('working-days-compute').click()
    await calc.getByTestId('working-days-result').getByText('2024-10-08', { exact: false }).waitFor()
  })
})
