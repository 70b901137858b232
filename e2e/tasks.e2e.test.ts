import ExcelJS from 'exceljs'
import fs from 'node:fs'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
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
const sessions: Session[] = []

const HEADERS = [
  '编号',
  '任务名称',
  '任务内容',
  '分管院领导',
  '牵头部门',
  '配合部门',
  '一季度',
  '二季度',
  '三季度',
  '四季度',
  '完成时限',
  '专项行动',
]

async function signIn(username: string): Promise<Page> {
  const s = await newSession(browser, server.baseUrl)
  sessions.push(s)
  await login(s.page, username)
  return s.page
}

/** Rows of a table, without antd's placeholder and measure rows. */
const rows = (table: Locator) => table.locator('tbody tr.ant-table-row')

async function sheet(name: string, data: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('重点督办任务')
  ws.addRow(HEADERS)
  for (const r of data) ws.addRow(r)
  const file = resultsPath(name)
  await wb.xlsx.writeFile(file)
  return file
}

/** Opens a task from the ledger by its code, on a quarter's tab. */
async function openTask(page: Page, code: string, quarter: number) {
  await page.goto('/tasks')
  await page.getByTestId(`task-row-${code}`).click()
  await page.getByTestId('task-page').waitFor()
  await page.getByTestId(`quarter-tab-${quarter}`).click()
  await page.getByTestId(`quarter-${quarter}`).waitFor()
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  for (const s of sessions) await s.close()
  await browser?.close()
  await server?.stop()
})

describe('key supervised tasks', () => {
  it('shows the office the 2024 ledger as of 2024-07-20, with 2024-07 red and why', async () => {
    const page = await signIn('ducha')
    const menu = page.getByTestId('side-menu')
    await menu.getByRole('link', { name: '督办台账' }).click()
    await menu.getByRole('link', { name: '季报审核' }).waitFor()
    await menu.getByRole('link', { name: '专项行动' }).waitFor()
    const table = page.getByTestId('tasks-table')
    await table.getByTestId('task-row-2024-01').waitFor()
    expect(await rows(table).count()).toBe(7)

    const asOf = page.getByPlaceholder('统计日期')
    await asOf.click()
    await asOf.fill('2024-07-20')
    await asOf.press('Enter')
    await page.waitForURL(/asOf=2024-07-20/)
    await page.getByTestId('light-as-of').getByText('灯色按 2024-07-20 计算').waitFor()

    // on that day a task whose Q2 report was accepted is on track (today, past its deadline, it is red)
    await expect
      .poll(() => table.getByTestId('task-row-2024-01').getByTestId('task-light').getAttribute('data-light'))
      .toBe('green')
    const row = table.getByTestId('task-row-2024-07')
    await expect.poll(() => row.getByTestId('task-light').getAttribute('data-light')).toBe('red')
    await row
      .getByTestId('task-light-reasons')
      .getByText('第2季度落实情况逾期未报', { exact: false })
      .waitFor()
    // as of that day, not today: the deadline (2024-12-31) has not passed yet
    expect(await row.getByTestId('task-light-reasons').textContent()).not.toContain('已超过完成期限')
    // the counts and the rule stand next to the lights
    const count = async (light: string) =>
      Number(await page.getByTestId(`light-count-${light}`).getByTestId('light-count-value').textContent())
    const red = await count('red')
    const green = await count('green')
    expect(red).toBeGreaterThanOrEqual(1)
    await page.getByTestId('light-rule').getByText('10 个工作日内未报送落实情况', { exact: false }).waitFor()

    // the light filter keeps the other counts
    await page.getByTestId('light-count-red').click()
    await expect.poll(() => rows(table).count()).toBe(red)
    await expect.poll(() => count('green')).toBe(green)
    await page.getByTestId('light-count-red').click()
    await expect.poll(() => rows(table).count()).toBe(7)

    await page.mouse.move(0, 0)
    await page.screenshot({ path: resultsPath('tasks.png'), fullPage: true })

    // the task's page shows the light for the same day
    await row.getByRole('link').first().click()
    await page.getByTestId('task-page').waitFor()
    await page.getByText('状态灯（截至 2024-07-20）').waitFor()
    await page.getByTestId('task-header').getByText('第2季度落实情况逾期未报', { exact: false }).waitFor()
  })

  it('shows a department its own two tasks, and on the one it cooperates on only its input', async () => {
    const page = await signIn('dept_siting')
    await page.getByTestId('side-menu').getByRole('link', { name: '本部门任务' }).waitFor()
    expect(await page.getByTestId('side-menu').getByRole('link', { name: '季报审核' }).count()).toBe(0)
    await page.goto('/tasks')
    const table = page.getByTestId('tasks-table')
    await table.getByTestId('task-row-2024-01').waitFor()
    await table.getByTestId('task-row-2024-03').waitFor()
    expect(await rows(table).count()).toBe(2)
    expect(await page.getByTestId('task-create').count()).toBe(0)

    await openTask(page, '2024-03', 2)
    await page.getByTestId('task-my-role').getByText('配合部门').waitFor()
    const panel = page.getByTestId('quarter-2')
    const input = panel.getByTestId('my-input-content')
    await input.waitFor()
    expect(await input.inputValue()).toContain('第四检察厅按照分工')
    await input.fill('第四检察厅配合开展立案监督专项检查，报送典型案例3件。')
    await panel.getByTestId('my-input-save').click()
    await page.getByText('配合情况已保存').waitFor()
    // the lead writes and submits the report; a cooperating department only reads it
    await panel.getByTestId('report-view').waitFor()
    expect(await panel.getByTestId('report-submit').count()).toBe(0)
    expect(await panel.getByTestId('report-form').count()).toBe(0)

    // its own page lists what it leads and what it cooperates on
    await page.goto('/tasks/mine')
    await page.getByTestId('my-lead-tasks').getByTestId('lead-task-2024-01').waitFor()
    await page.getByTestId('my-coop-tasks').getByTestId('coop-task-2024-03').waitFor()
  })

  it('has 第八检察厅 revise and resubmit its returned Q2 report, and the office accept it from the queue', async () => {
    const page = await signIn('dept_bating')
    await openTask(page, '2024-04', 2)
    const panel = page.getByTestId('quarter-2')
    await panel.getByTestId('report-return-reason').getByText('进展情况不够具体').waitFor()
    // the cooperating department's input stands beside the form, and merges into it
    await panel.getByTestId('inputs-card').getByText('第六检察厅', { exact: true }).waitFor()
    const form = panel.getByTestId('report-form')
    await form.getByTestId('report-merge-inputs').click()
    const done = form.getByLabel('工作进展')
    expect(await done.inputValue()).toContain('【第六检察厅】')
    await done.fill(
      '第二季度，第八检察厅办理公益诉讼案件126件，发出诉前检察建议89件；第六检察厅配合开展专项督导，报送典型案例5件。',
    )
    await form.getByLabel('总体进度').fill('52')
    await panel.getByTestId('report-submit').click()
    await confirmPopover(page)
    await page.getByText('已报送督查室').waitFor()
    await panel.getByTestId('report-card').getByTestId('report-status').getByText('待审核').waitFor()
    expect(await panel.getByTestId('report-form').count()).toBe(0)

    const office = sessions[0].page
    await office.getByTestId('side-menu').getByRole('link', { name: '季报审核' }).click()
    const queue = office.getByTestId('reports-table')
    const row = queue.getByTestId('queue-row-2024-04-2')
    await row.getByText('126件', { exact: false }).waitFor()
    await row.getByTestId('queue-accept').click()
    await confirmPopover(office)
    await office.locator('.ant-message').getByText('已通过').waitFor()
    await expect.poll(() => row.count()).toBe(0)

    await openTask(office, '2024-04', 2)
    const history = office.getByTestId('quarter-2').getByTestId('report-history')
    await history.getByTestId('history-item').nth(3).waitFor()
    const actions = await history
      .getByTestId('history-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    expect(actions).toEqual(['submit', 'return', 'submit', 'accept'])
    await history.getByText('原因：进展情况不够具体，请补充数据和典型案例').waitFor()
  })

  it('imports a two-row task sheet for 2025 after a preview, refusing a bad one', async () => {
    const page = sessions[0].page
    await page.goto('/tasks')
    await page.getByTestId('task-import').click()
    const modal = page.getByTestId('task-import-modal')
    await modal.getByRole('spinbutton').fill('2025')

    const bad = await sheet('tasks-import-bad.xlsx', [
      [
        '2025-01',
        '深化“检察护企”专项行动',
        '',
        '副检察长 童建明',
        '第九十九检察厅',
        '',
        25,
        50,
        75,
        100,
        '',
        '',
      ],
    ])
    await modal.locator('input[type=file]').setInputFiles(bad)
    await modal.getByTestId('task-import-preview').click()
    const errors = modal.getByTestId('task-import-errors')
    await errors.getByText('牵头部门“第九十九检察厅”不存在').waitFor()
    expect(await modal.getByTestId('task-import-commit').count()).toBe(0)

    const good = await sheet('tasks-import.xlsx', [
      [
        '2025-01',
        '持续深化“检察护企”专项行动',
        '依法平等保护各类经营主体合法权益',
        '副检察长 童建明',
        '第四检察厅',
        '第一检察厅、第六检察厅',
        25,
        50,
        75,
        100,
        '2025-12-31',
        '检察护企',
      ],
      [
        '2025-02',
        '推进检察公益诉讼立法实施',
        '配合做好检察公益诉讼法的起草',
        '副检察长 孙谦',
        '第八检察厅',
        '法律政策研究室',
        20,
        40,
        70,
        100,
        '2025-11-30',
        '',
      ],
    ])
    await modal.locator('input[type=file]').setInputFiles(good)
    await modal.getByTestId('task-import-preview').click()
    await modal.getByTestId('task-import-valid').getByText('共 2 行').waitFor()
    const sample = modal.getByTestId('task-import-sample')
    await sample.getByText('持续深化“检察护企”专项行动').waitFor()
    expect(await rows(sample).count()).toBe(2)
    await modal.getByTestId('task-import-commit').click()
    await modal.getByTestId('task-import-committed').getByText('已导入 2 项 2025 年度任务').waitFor()
    await modal.getByRole('button', { name: /确\s*定/ }).click()

    await page.goto('/tasks?year=2025')
    const table = page.getByTestId('tasks-table')
    await table.getByTestId('task-row-2025-01').getByText('检察护企', { exact: true }).waitFor()
    await table.getByTestId('task-row-2025-02').waitFor()
    expect(await rows(table).count()).toBe(2)
  })

  it('lets the office create a task by hand, and the lead department break it down', async () => {
    const page = sessions[0].page
    await page.goto('/tasks')
    await page.getByTestId('task-create').click()
    const form = page.getByTestId('task-form')
    await form.getByLabel('年度', { exact: true }).fill('2025')
    await form.getByLabel('编号', { exact: true }).fill('2025-03')
    await form.getByLabel('分管院领导', { exact: true }).fill('副检察长 陈国庆')
    await form.getByLabel('任务名称', { exact: true }).fill('健全检察官业绩考评机制')
    await pickOption(page, form, '牵头部门', '政治部')
    // (pickOption waits for the lead's list to close and picks again if the tag does not show)
    await pickOption(page, form, '配合部门', '第一检察厅')
    await form.getByText('第一检察厅', { exact: true }).waitFor()
    // close the multiple select's dropdown (Escape would close the dialog too)
    await form.getByLabel('任务名称', { exact: true }).click()
    await form.getByRole('button', { name: /新\s*建/ }).click()
    await page.getByTestId('task-page').waitFor()
    await page.getByRole('heading', { name: '2025-03 健全检察官业绩考评机制' }).waitFor()
    await page.getByTestId('task-cooperators').getByText('第一检察厅').waitFor()
    // the office maintains the task; sub-tasks are the lead department's
    await page.getByTestId('task-edit').waitFor()
    expect(await page.getByTestId('subtask-add').count()).toBe(0)

    const lead = await signIn('dept_zhengzhibu')
    await lead.goto(new URL(page.url()).pathname)
    await lead.getByTestId('task-my-role').getByText('牵头部门').waitFor()
    await lead.getByTestId('subtask-add').click()
    const sub = lead.getByTestId('subtask-form')
    await sub.getByLabel('子任务', { exact: true }).fill('修订检察官业绩考评办法')
    await sub.getByLabel('责任处室/责任人', { exact: true }).fill('政治部干部处')
    const deadline = sub.getByLabel('完成时限', { exact: true })
    await deadline.click()
    await deadline.fill('2025-06-30')
    await deadline.press('Tab')
    await sub.getByRole('button', { name: /保\s*存/ }).click()
    const row = lead.getByTestId('subtask-row-修订检察官业绩考评办法')
    await row.getByText('进行中').waitFor()
    await row.getByTestId('subtask-toggle').click()
    await row.getByText('已完成').waitFor()
  })

  it('downloads the task ledger as .xlsx', async () => {
    const page = sessions[0].page
    await page.goto('/tasks')
    await page.getByTestId('tasks-table').getByTestId('task-row-2024-01').waitFor()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('tasks-export').click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
    const file = resultsPath('tasks-ledger.xlsx')
    await download.saveAs(file)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer)
    // the ledger carries the filters on screen: the 2024 tasks, not the imported 2025 ones
    const codes = wb.worksheets[0]
      .getSheetValues()
      .slice(2)
      .map((r) => (Array.isArray(r) ? String(r[1]) : ''))
    expect(codes).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07'])
  })

  it('lets a leader read the ledger and the campaigns without managing them', async () => {
    const page = await signIn('leader')
    await page.getByTestId('side-menu').getByRole('link', { name: '专项行动' }).click()
    const campaigns = page.getByTestId('campaigns-table')
    await campaigns.getByTestId('campaign-row-检察护企').click()
    await page.getByTestId('campaign-page').waitFor()
    const table = page.getByTestId('campaign-tasks-table')
    // a campaign spans years: its ledger shows them all (the 2025 task imported above too)
    await table.getByTestId('task-row-2024-01').waitFor()
    await table.getByTestId('task-row-2025-01').waitFor()
    expect(await rows(table).count()).toBe(2)
    expect(await page.getByTestId('campaign-create').count()).toBe(0)
    await page.goto('/tasks')
    await page.getByTestId('tasks-table').getByTestId('task-row-2024-01').waitFor()
    expect(await page.getByTestId('task-create').count()).toBe(0)
    expect(await page.getByTestId('light-rule-edit').count()).toBe(0)
  })
})
