import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  launchBrowser,
  login,
  newSession,
  pickOption,
  resultsPath,
  startServer,
  type Server,
  type Session,
} from './harness'

let server: Server
let browser: Browser
const sessions: Session[] = []

async function signIn(username: string): Promise<Page> {
  const s = await newSession(browser, server.baseUrl)
  sessions.push(s)
  await login(s.page, username)
  return s.page
}

/** Types a query into the library's search box and submits it with Enter. */
async function search(page: Page, q: string) {
  const box = page.getByTestId('case-search-page').getByRole('searchbox')
  await box.fill(q)
  await box.press('Enter')
  await page.waitForURL((u) => u.searchParams.get('q') === q)
  await page.getByTestId('case-hit').first().waitFor()
}

async function expectStatus(page: Page, status: string) {
  await expect.poll(() => page.getByTestId('case-status').first().getAttribute('data-status')).toBe(status)
}

/** Fills the reviewer's checklist and decides. */
async function review(page: Page, scores: number[], comment: string, decision: 'pass' | 'return') {
  const form = page.getByTestId('case-review-form')
  for (const [i, label] of ['典型性', '提炼的司法规则', '要素完整性', '文字表达'].entries())
    await form.getByLabel(label, { exact: true }).fill(String(scores[i]))
  await form.getByTestId('review-comment').fill(comment)
  await form.getByTestId(`review-${decision}`).click()
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

describe('cases', () => {
  it('a reader searches the library, in simplified and traditional characters, and records a citation', async () => {
    const page = await signIn('bj_liaison')
    await page.getByRole('menuitem', { name: '案例库' }).click()
    await page.getByTestId('case-search-prompt').waitFor()

    await search(page, '故意伤害')
    const first = page.getByTestId('case-hit').first()
    const title = await first.getByTestId('case-hit-title').innerText()
    expect(title.length).toBeGreaterThan(0)
    expect(await page.locator('[data-testid="case-hit"] mark').count()).toBeGreaterThan(0)
    const marked = await page.locator('[data-testid="case-hit"] mark').allInnerTexts()
    expect(marked.some((m) => /故意|伤害/.test(m))).toBe(true)
    await page.getByTestId('facet-kind').waitFor()
    await page.screenshot({ path: resultsPath('cases.png'), fullPage: true })

    await search(page, '故意傷害')
    await expect
      .poll(() => page.getByTestId('case-hit').first().getByTestId('case-hit-title').innerText())
      .toBe(title)

    // A facet narrows the results (and keeps the query).
    await page.getByTestId('facet-domain').locator('.ant-tag-checkable').first().click()
    await page.getByTestId('case-search-filters').waitFor()
    await page.getByTestId('case-hit').first().waitFor()

    await page.getByTestId('case-hit').first().getByTestId('case-hit-title').click()
    await page.getByTestId('case-page').waitFor()
    await page.getByTestId('related-case').first().waitFor()
    await page.getByTestId('case-use-record').click()
    const form = page.getByTestId('case-use-form')
    await form.getByText('援引', { exact: true }).click()
    await form.getByTestId('case-use-matter').fill('京检刑诉〔2024〕12号 故意伤害案')
    await form.getByRole('button', { name: /保\s*存/ }).click()
    const use = page.getByTestId('case-use').filter({ hasText: '京检刑诉〔2024〕12号' })
    await use.waitFor()
    await expect.poll(() => use.innerText()).toContain('援引')
  })

  it('an editor and reviewer drafts a guiding case, returns it with scores, and passes it on the second round', async () => {
    const page = await signIn('yanjiushi')
    await page.goto('/cases/manage')
    await page.getByTestId('case-create').click()
    const form = page.getByTestId('case-form')
    await form.getByText('指导性案例', { exact: true }).click()
    await form.getByTestId('case-form-title').fill('某公司非法占用农用地刑事附带民事公益诉讼案')
    const keywords = form.getByLabel('关键词', { exact: true })
    await keywords.fill('非法占用农用地')
    await keywords.press('Enter')
    await keywords.fill('生态修复')
    await keywords.press('Enter')
    const laws = form.getByLabel('相关规定', { exact: true })
    await laws.fill('《中华人民共和国刑法》第三百四十二条')
    await laws.press('Enter')
    await form
      .getByTestId('case-form-gist')
      .fill('检察机关办理非法占用农用地案件，应当同步追究生态修复责任。')
    await form.getByTestId('case-form-facts').fill('2022年，某公司未经批准占用林地。')
    await form.getByRole('button', { name: /保\s*存/ }).click()

    await page.getByTestId('case-page').waitFor()
    await expectStatus(page, 'draft')
    await expect.poll(() => page.getByTestId('case-keywords').innerText()).toContain('生态修复')

    await page.getByTestId('case-action-submit').click()
    await expectStatus(page, 'submitted')
    await page.getByTestId('case-action-start_review').click()
    await expectStatus(page, 'in_review')

    // Returning without a comment is refused in the form.
    await review(page, [25, 24, 15, 16], '', 'return')
    await page.getByTestId('case-review-form').getByText('退回须填写修改意见').waitFor()
    await review(page, [25, 24, 15, 16], '基本案情过简，请补充检察履职过程。', 'return')
    await expectStatus(page, 'returned')

    await page.getByTestId('case-edit').click()
    const edit = page.getByTestId('case-form')
    await edit.getByTestId('case-form-work').fill('检察机关依法提起刑事附带民事公益诉讼，督促恢复植被。')
    await edit.getByRole('button', { name: /保\s*存/ }).click()
    await expect.poll(() => page.getByTestId('case-procuratorialWork').innerText()).toContain('恢复植被')

    await page.getByTestId('case-action-submit').click()
    await expectStatus(page, 'submitted')
    await page.getByTestId('case-action-start_review').click()
    await expectStatus(page, 'in_review')
    await review(page, [28, 27, 18, 18], '修改后符合要求。', 'pass')
    await expectStatus(page, 'committee')

    const history = page.getByTestId('case-review-history')
    // Both scored rounds are kept (the history also lists the workflow steps).
    await expect
      .poll(() => history.locator('tr[data-action="return"], tr[data-action="pass"]').count())
      .toBe(2)
    expect(await history.locator('tr[data-action="return"]').getAttribute('data-testid')).toBe(
      'review-round-1',
    )
    expect(await history.locator('tr[data-action="pass"]').getAttribute('data-testid')).toBe('review-round-2')
    const text = await history.innerText()
    expect(text).toContain('第 1 轮')
    expect(text).toContain('第 2 轮')
    expect(text).toContain('基本案情过简')
    expect(text).toContain('80')
    expect(text).toContain('91')
  })

  it('an editor imports a case from Word and lands on the draft with its damaged text listed', async () => {
    const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 })
    const file = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: [
              new Paragraph('某县人民检察院督促整治非法采砂行政公益诉讼案'),
              heading('关键词'),
              new Paragraph('行政公益诉讼；非法采砂；河道生态'),
              heading('要旨'),
              new Paragraph('检察机关针对非法采砂造成的河道生态破坏，可以督促行政机关依法履职。'),
              heading('基本案情'),
              new Paragraph('２０２３年，某河段长期存在非法采砂，河床??傮w 受损。'),
              heading('检察机关履职过程'),
              new Paragraph('检察机关向水利部门制发检察建议，督促其依法查处。'),
              heading('指导意义'),
              new Paragraph('行政公益诉讼诉前程序是督促行政机关依法履职的重要方式。'),
              heading('相关规定'),
              new Paragraph('《中华人民共和国行政诉讼法》第二十五条'),
              new Paragraph('领域：公益诉讼'),
            ],
          },
        ],
      }),
    )
    const page = await signIn('yanjiushi')
    await page.goto('/cases/manage')
    await page.getByTestId('case-import').waitFor()
    await page.getByTestId('case-manage-page').locator('input[type=file]').setInputFiles({
      name: '非法采砂案.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: file,
    })
    await page.getByTestId('case-page').waitFor()
    await expectStatus(page, 'draft')
    expect(await page.getByRole('heading', { level: 3 }).first().innerText()).toContain('非法采砂')
    const notice = page.getByTestId('case-import-notice')
    await notice.waitFor()
    expect(await notice.innerText()).toContain('1 处疑似乱码')
    expect(await page.getByTestId('case-import-flags').innerText()).toContain('??傮w')
    expect(await page.getByTestId('case-facts').innerText()).toContain('2023年')
    expect(await page.getByTestId('case-domain').first().innerText()).toBe('公益诉讼')
    await page.screenshot({ path: resultsPath('case-import.png'), fullPage: true })

    // a document that is not Word is refused with the server's reason, nothing opens
    await page.goto('/cases/manage')
    await page
      .getByTestId('case-manage-page')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('标题'),
      })
    await page.getByText(/请上传 \.docx 格式/).waitFor()
    expect(page.url()).toContain('/cases/manage')
  })

  it('the case office opens the statistics, sees the charts for a year and downloads the ledger', async () => {
    const page = await signIn('yanjiushi')
    await page.getByRole('menuitem', { name: '案例统计' }).click()
    await page.getByTestId('case-stats-page').waitFor()
    await pickOption(page, page.getByTestId('case-stats-page'), '年度', '2024 年', false)
    const chart = page.getByTestId('case-stats-chart-kind')
    await chart.locator('canvas').waitFor()
    // the 2024 figures replace this year's once they arrive
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/典型案例 \d+/)
    await page.getByTestId('case-stats-chart-quarter').locator('canvas').waitFor()
    expect(await page.getByTestId('case-stats-quarter').innerText()).toContain('2024Q2')
    await page.screenshot({ path: resultsPath('case-stats.png'), fullPage: true })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('case-ledger-download').click(),
    ])
    expect(download.suggestedFilename()).toContain('.xlsx')
  })

  it('the case office lists the unused cases of one kind and domain; a case once used moves to the used ones', async () => {
    const page = await signIn('yanjiushi')
    await page.getByRole('menuitem', { name: '未被使用的案例' }).click()
    const unused = page.getByTestId('case-unused-page')
    await unused.waitFor()
    const table = page.getByTestId('case-usage-table')
    await table.getByTestId('case-use-badge').first().waitFor()
    await pickOption(page, unused, '类别', '典型案例', false)
    await page.waitForURL((u) => u.searchParams.get('kind') === 'typical')
    await pickOption(page, unused, '领域', '刑事', false)
    await page.waitForURL((u) => u.searchParams.get('domain') === 'criminal')
    const used = (rows: typeof table) =>
      rows.getByTestId('case-use-badge').evaluateAll((b) => b.map((e) => e.getAttribute('data-used')))
    // every row shown is of the kind and domain picked, and none of them is used yet (the
    // rows of the kind alone stay shown until the rows of both filters arrive)
    const shown = async () => ({
      kinds: [...new Set(await table.getByTestId('case-kind').allInnerTexts())],
      domains: [...new Set(await table.getByTestId('case-domain').allInnerTexts())],
      used: [...new Set(await used(table))],
    })
    await expect.poll(shown).toEqual({ kinds: ['典型案例'], domains: ['刑事'], used: ['false'] })

    // a unit records studying the first of them
    const link = table.locator('tbody a[href^="/cases/"]').first()
    const title = await link.innerText()
    const id = (await link.getAttribute('href'))!.split('/').pop()!
    const recorded = await apiAs(page, 'POST', `/api/cases/${id}/uses`, {
      kind: 'studied',
      matter: '党组理论学习',
      usedOn: new Date().toISOString().slice(0, 10),
    })
    expect(recorded.status).toBe(201)

    // the used view keeps the filters and now lists it, used
    await page.getByText('已被使用的案例', { exact: true }).click()
    await page.waitForURL((u) => u.searchParams.get('used') === 'true')
    expect(new URL(page.url()).searchParams.get('kind')).toBe('typical')
    // (the unused rows stay shown until the used ones arrive)
    await expect.poll(async () => new Set(await used(table))).toEqual(new Set(['true']))
    await table.getByRole('link', { name: title, exact: true }).waitFor()
    // and the unused view no longer does
    await page.getByText('未被使用的案例', { exact: true }).last().click()
    await page.waitForURL((u) => u.searchParams.get('used') === null)
    // (what it showed before is shown at once, then replaced by a fresh read)
    await expect.poll(() => table.getByRole('link', { name: title, exact: true }).count()).toBe(0)
    expect(await used(table)).not.toContain('true')
  })

  it('an administrator without case access gets the 403 page', async () => {
    const page = await signIn('sysadmin')
    await page.goto('/cases/search')
    await page.getByTestId('forbidden').waitFor()
    expect(await page.getByRole('menuitem', { name: '案例库' }).count()).toBe(0)
  })
})
