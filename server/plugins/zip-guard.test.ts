import ExcelJS from 'exceljs'
import { Document, Packer, Paragraph } from 'docx'
import { describe, expect, it } from 'vitest'
import { buildZip, docxBomb, xlsxBomb } from '../test/zip-bomb'
import { ZIP_LIMITS, checkZip } from './zip-guard'

async function refusal(buf: Buffer, limits = ZIP_LIMITS) {
  return checkZip(buf, limits).then(
    () => null,
    (e: { status: number; code: string; details: Record<string, unknown> }) => e,
  )
}

describe('zip guard', () => {
  it('passes ordinary workbooks and Word documents', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('问题台账')
    for (let i = 0; i < 5000; i++) ws.addRow([i, `问题${i}`, '理论学习制度落实不到位', '一般'])
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer())
    const summary = await checkZip(xlsx)
    expect(summary.entries).toBeGreaterThan(3)
    expect(summary.uncompressedBytes).toBeGreaterThan(xlsx.length)
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('会议纪要')] }] }),
    )
    expect((await checkZip(docx)).entries).toBeGreaterThan(3)
  })

  it('refuses an .xlsx that inflates past the limit, from its directory, at once', async () => {
    const bomb = xlsxBomb(600)
    expect(bomb.length).toBeLessThan(5 * 1_048_576)
    const started = Date.now()
    const e = await refusal(bomb)
    expect(e).toMatchObject({ status: 400, code: 'archive_too_large' })
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('refuses an entry that inflates to more than its directory declares, without inflating it all', async () => {
    const started = Date.now()
    const e = await refusal(xlsxBomb(600, { lie: true }))
    expect(e).toMatchObject({ code: 'archive_too_large', details: { declaredBytes: 10_000 } })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('refuses a .docx bomb and a compression ratio no document has', async () => {
    expect(await refusal(docxBomb(400))).toMatchObject({ code: 'archive_too_large' })
    const limits = { ...ZIP_LIMITS, ratioFloorBytes: 1_048_576 }
    expect(
      await refusal(buildZip([{ name: 'a.txt', chunk: Buffer.alloc(1_048_576), repeat: 8 }]), limits),
    ).toMatchObject({
      code: 'archive_too_large',
    })
  })

  it('refuses too many entries and files that are not zip containers', async () => {
    const many = buildZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, chunk: 'x' })))
    expect(await refusal(many, { ...ZIP_LIMITS, maxEntries: 20 })).toMatchObject({
      code: 'archive_too_large',
    })
    expect(await refusal(Buffer.from('this is not a zip file at all, just text'))).toMatchObject({
      code: 'archive_unreadable',
    })
    const truncated = xlsxBomb(1).subarray(0, 2000)
    expect(await refusal(truncated)).toMatchObject({ code: 'archive_unreadable' })
  })
})
