import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { parseSheet } from './finding-import'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-sheet-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const categories = new Map([
  ['t2.2', { id: '0190c0de-0000-7000-8000-54322e322e2e', label: '敢于监督、善于监督不够' }],
])

describe('reading a ledger sheet', () => {
  it('keeps Chinese text intact across the reader’s chunk boundaries', async () => {
    const file = path.join(dir, 'big.xlsx')
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: file,
      useSharedStrings: false,
      useStyles: false,
    })
    const ws = wb.addWorksheet('问题台账')
    ws.addRow(['问题标题', '问题描述', '具体人和事', '问题类别', '严重程度', '问题来源']).commit()
    const rows = 6000
    for (let i = 1; i <= rows; i++) {
      ws.addRow([
        `第${i}号问题`,
        `“高质效办好每一个案件”要求落实不够（第${i}条）。`.repeat(3),
        '某检察官',
        'T2.2',
        ['一般', '较重', '严重'][i % 3],
        ['个别谈话', '查阅资料', '信访举报', '抽查核实'][i % 4],
      ]).commit()
    }
    ws.commit()
    await wb.commit()
    let good = 0
    const bad: unknown[] = []
    for await (const r of parseSheet(file, categories)) {
      if (r.parsed && !r.parsed.description.includes('\ufffd') && r.parsed.title === `第${r.row - 1}号问题`)
        good++
      else bad.push(r)
    }
    expect(bad.slice(0, 3)).toEqual([])
    expect(good).toBe(rows)
  })
})
