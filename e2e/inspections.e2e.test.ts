import ExcelJS from 'exceljs'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
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

const ROUND_2 = '2024年第二轮'
const BEIJING = '北京市人民检察院'
const JIANGSU = '江苏省人民检察院'
const QINGHAI = '青海省人民检察院'
const NEW_TITLE = '案件线索移送台账登记不全'

/** The finding recorded by the Jiangsu team member, shared by the later specs. */
let jiangsuFindingUrl = ''

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  office = await newSession(browser, server.baseUrl)
  await login(office.page, 'xunshiban')
})

afterAll(async () => {
  await office?.close()
  await browser?.close()
  await server?.stop()
})

async function openRound(page: Page, name: string) {
  await page.goto('/inspections/rounds')
  await page.getByTestId(`round-link-${name}`).click()
  await page.getByTestId('round-page').waitFor()
  await page.getByTestId('targets-table').locator('.ant-table-row').first().waitFor()
}

async function openTarget(page: Page, round: string, unit: string) {
  await openRound(page, round)
  await page.getByTestId(`target-link-${unit}`).click()
  await page.getByTestId('target-page').waitFor()
}

/** Writes a findings ledger the way the template lays it out. */
async function ledger(name: string, rows: string[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('巡视问题')
  ws.addRow(['序号', '问题标题', '问题描述', '具体人和事', '问题类别', '严重程度', '问题来源'])
  rows.forEach((r, i) => ws.addRow([i + 1, ...r]))
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-ledger-')), name)
  await wb.xlsx.writeFile(file)
  return file
}

const cell = (page: Page, unit: string, key: string) =>
  page.getByTestId(`target-row-${unit}`).getByTestId(`count-${key}`)

describe('inspections', () => {
  it('shows the office the second round with per-target counts by status and category', async () => {
    const page = office.page
    const menu = page.getByTestId('side-menu')
    await menu.getByRole('link', { name: '巡视轮次' }).waitFor()
    await menu.getByRole('link', { name: '问题分类' }).waitFor()
    await page.getByTestId('inspection-card').waitFor()

    await page.goto('/inspections/rounds')
    const rounds = page.getByTestId('rounds-table')
    await rounds.getByText('2024年第一轮').waitFor()
    await rounds.getByText(ROUND_2).waitFor()

    await openRound(page, ROUND_2)
    await page.getByTestId('phase-steps').getByText('反馈').waitFor()
    expect(await page.getByTestId('targets-table').locator('tbody .ant-table-row').count()).toBe(5)
    await page.getByTestId('teams-table').getByText('第二巡视组', { exact: true }).waitFor()
    expect(await cell(page, BEIJING, 'fed_back').textContent()).toBe('6')
    expect(await cell(page, JIANGSU, 'confirmed').textContent()).toBe('6')
    expect(await cell(page, QINGHAI, 'draft').textContent()).toBe('2')
    expect(await cell(page, QINGHAI, 'confirmed').textContent()).toBe('4')
    expect(await cell(page, QINGHAI, 'total').textContent()).toBe('6')
    // the three top-level categories add up to the total
    const byCategory = await Promise.all(
      ['T1', 'T2', 'T3'].map(async (c) => Number(await cell(page, JIANGSU, c).textContent())),
    )
    expect(byCategory.reduce((a, b) => a + b, 0)).toBe(6)
    await page.screenshot({ path: resultsPath('round.png'), fullPage: true })
  })

  it('lets a team member see only their own target, record a finding, and its leader confirm it', async () => {
    const member = await newSession(browser, server.baseUrl)
    try {
      const page = member.page
      await login(page, 'xs_zuyuan2')
      await page.getByTestId('side-menu').getByRole('link', { name: '巡视轮次' }).click()
      await openRound(page, ROUND_2)
      const rows = page.getByTestId('targets-table').locator('tbody .ant-table-row')
      expect(await rows.count()).toBe(1)
      expect(await rows.first().textContent()).toContain(JIANGSU)
      expect(await page.getByTestId('round-page').textContent()).not.toContain(BEIJING)
      // a member does not manage the round
      expect(await page.getByTestId('phase-advance').count()).toBe(0)

      await page.getByTestId(`target-link-${JIANGSU}`).click()
      await page.getByTestId('finding-create').click()
      const form = page.getByTestId('finding-create-form')
      await form.getByLabel('问题标题').fill(NEW_TITLE)
      const category = form.getByLabel('问题类别', { exact: true })
      await category.click()
      await category.fill('内部制约')
      await page
        .locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: '自我监督、内部制约不够' })
        .first()
        .click()
      await pickOption(page, form, '严重程度', '较重', false)
      await pickOption(page, form, '问题来源', '抽查核实', false)
      await form.getByLabel('问题描述').fill('抽查2023年移送的案件线索，部分未在台账登记，移送情况无法追溯。')
      await form.getByLabel('具体人和事').fill('抽查的20条线索中有5条未登记。')
      await form.getByRole('button', { name: /保\s*存/ }).click()

      await page.getByTestId('finding-page').waitFor()
      jiangsuFindingUrl = new URL(page.url()).pathname
      await page.getByTestId('finding-title').getByText(NEW_TITLE).waitFor()
      await page.getByTestId('status-tag').first().getByText('草稿').waitFor()
      // a member may edit the draft but not confirm it
      await page.getByTestId('finding-edit').waitFor()
      expect(await page.getByTestId('action-confirm').count()).toBe(0)
    } finally {
      await member.close()
    }

    const leader = await newSession(browser, server.baseUrl)
    try {
      const page = leader.page
      await login(page, 'xs_zuzhang2')
      await page.goto(jiangsuFindingUrl)
      await page.getByTestId('finding-title').getByText(NEW_TITLE).waitFor()
      await page.getByTestId('action-confirm').click()
      await confirmPopover(page)
      await page.getByTestId('finding-actions').getByTestId('action-unconfirm').waitFor()
      await page.getByTestId('status-tag').first().getByText('已确认').waitFor()
      await page.getByTestId('finding-history').getByText('第二巡视组组长 吴立新').waitFor()
      expect(await page.getByTestId('finding-edit').count()).toBe(0)
    } finally {
      await leader.close()
    }
  })

  it("shows Beijing's liaison only Beijing's fed-back findings, and no other province's", async () => {
    expect(jiangsuFindingUrl).not.toBe('')
    const liaison = await newSession(browser, server.baseUrl)
    try {
      const page = liaison.page
      await login(page, 'bj_liaison')
      await page.getByTestId('side-menu').getByRole('link', { name: '巡视问题' }).click()
      const table = page.getByTestId('findings-table')
      await table.locator('tbody .ant-table-row').first().waitFor()
      await page.getByText('共 6 条').waitFor()
      const rows = await table.locator('tbody .ant-table-row').allTextContents()
      expect(rows).toHaveLength(6)
      for (const row of rows) {
        expect(row).toContain(BEIJING)
        expect(row).toContain('已反馈')
      }
      const text = (await table.textContent()) ?? ''
      for (const other of [JIANGSU, '浙江', '重庆', '青海', '天津', NEW_TITLE])
        expect(text).not.toContain(other)

      await page.goto('/inspections/rounds')
      const rounds = page.getByTestId('rounds-table')
      await rounds.getByText(ROUND_2).waitFor()
      expect(await rounds.getByText('2024年第一轮').count()).toBe(0)

      await page.goto(jiangsuFindingUrl)
      await page.getByTestId('not-found').waitFor()
      expect(await page.getByText(NEW_TITLE).count()).toBe(0)
    } finally {
      await liaison.close()
    }
  })

  it('imports a findings ledger: shows row errors, then commits a valid sheet all at once', async () => {
    const bad = await ledger('bad.xlsx', [
      ['政治督察反馈问题整改不到位', '整改台账不完整。', '', 'T3.4', '较重', '查阅资料'],
      ['案件质量评查走过场', '评查发现问题未通报。', '', '不存在的类别', '特别严重', '抽查核实'],
    ])
    const good = await ledger('good.xlsx', [
      [
        '政治督察反馈问题整改不到位',
        '整改台账不完整，部分措施未落实。',
        '台账中3项措施无佐证材料。',
        'T3.4',
        '较重',
        '查阅资料',
      ],
      ['案件质量评查走过场', '评查发现的问题未通报、未整改。', '', 'T2.1', '一般', '抽查核实'],
      [
        '干部交流轮岗制度执行不严',
        '部分岗位人员任职超过规定年限。',
        '2人在同一岗位任职超过10年。',
        'T3.2',
        '一般',
        '个别谈话',
      ],
    ])
    const member = await newSession(browser, server.baseUrl)
    try {
      const page = member.page
      await login(page, 'xs_zuyuan3')
      await openTarget(page, ROUND_2, '浙江省人民检察院')
      await page.getByTestId('finding-import').click()
      const modal = page.getByTestId('import-modal')
      await modal.locator('input[type=file]').setInputFiles(bad)
      await modal.getByTestId('import-upload').click()
      await modal.getByTestId('import-invalid').waitFor()
      const errors = modal.getByTestId('import-errors')
      await errors.getByText('问题类别“不存在的类别”不存在或已停用').waitFor()
      await errors.getByText('严重程度应为', { exact: false }).waitFor()
      expect(await errors.textContent()).toContain('3')
      expect(await modal.getByTestId('import-commit').count()).toBe(0)

      await modal.getByTestId('import-again').click()
      await modal.locator('input[type=file]').setInputFiles(good)
      await modal.getByTestId('import-upload').click()
      await modal.getByTestId('import-valid').waitFor()
      await modal.getByTestId('import-sample').getByText('干部交流轮岗制度执行不严').waitFor()
      await modal.getByTestId('import-commit').click()
      await modal.getByTestId('import-committed').waitFor()
      await modal.getByText('已导入 3 个问题').waitFor()
      await modal.getByRole('button', { name: /确\s*定/ }).click()
      await page.getByTestId('target-findings').getByText('干部交流轮岗制度执行不严').waitFor()
      await page.getByText('共 9 条').waitFor()
    } finally {
      await member.close()
    }
  })

  it('lets the office compare two report revisions side by side', async () => {
    const page = office.page
    await openTarget(page, ROUND_2, JIANGSU)
    await page.getByRole('tab', { name: '巡视报告' }).click()
    const reports = page.getByTestId('reports-table')
    await reports.getByText('巡视办修改稿').waitFor()
    await reports.getByLabel('第 1 稿').check()
    await reports.getByLabel('第 2 稿').check()
    await page.getByTestId('report-compare').click()
    const view = page.getByTestId('report-compare-view')
    await view.waitFor()
    await page.getByText('第 1 稿与第 2 稿对比').waitFor()
    const added = (await view.getByTestId('compare-right').getByTestId('diff-added').allTextContents()).join(
      '',
    )
    expect(added).toContain('经巡视办审核修改')
    expect(await view.getByTestId('compare-left').getByTestId('diff-added').count()).toBe(0)
    expect(await view.getByTestId('compare-left').textContent()).toContain('现将巡视发现的主要问题报告如下')
    await page.screenshot({ path: resultsPath('report-compare.png') })
  })

  it('shows the server refusing feedback while drafts are pending', async () => {
    const page = office.page
    await openTarget(page, ROUND_2, QINGHAI)
    await page.getByRole('tab', { name: '巡视报告' }).click()
    await page.getByTestId('report-final-2').click()
    await confirmPopover(page)
    await page.getByTestId('report-is-final-2').waitFor()
    await page.getByTestId('report-final-2').waitFor({ state: 'detached' })
    await page.getByTestId('target-feedback').click()
    await confirmPopover(page)
    await page.getByTestId('feedback-error').getByText('仍有未确认的问题').waitFor()
    await page.getByTestId('target-fed-back').getByText('未反馈').waitFor()
  })

  it('lets the office advance a round and move it back with a reason', async () => {
    const page = office.page
    await openRound(page, ROUND_2)
    const card = page.getByTestId('phase-card')
    await card.getByTestId('phase-advance').click()
    await confirmPopover(page)
    await page.getByText('已进入“整改”阶段').waitFor()
    await page.getByTestId('round-page').getByTestId('phase-tag').getByText('整改').waitFor()

    await card.getByTestId('phase-revert').click()
    const form = page.getByTestId('phase-revert-form')
    await form.getByLabel('原因').waitFor()
    // the reason is required (submitting it empty only shows the message: safe to repeat)
    await clickUntil(form.getByRole('button', { name: /退回上一阶段/ }), form.getByText('请说明退回原因'))
    await form.getByLabel('原因').fill('青海省院仍有问题未确认，反馈尚未完成')
    await form.getByRole('button', { name: /退回上一阶段/ }).click()
    await page.getByText('已退回到“反馈”阶段').waitFor()
    await page.getByTestId('round-page').getByTestId('phase-tag').getByText('反馈').waitFor()
  })
})
