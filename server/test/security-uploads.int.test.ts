// Uploads: a file's content must match its name, and a zip container that inflates to
// something enormous must be refused before a parser opens it.
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, login, upload, type Session, type TestEnv } from './harness'
import { docxBomb, xlsxBomb } from './zip-bomb'

let env: TestEnv
let member: Session
let draftId: string
type Json = Record<string, any>

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1e1a80000000049454e44ae426082',
  'hex',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
const EXE = Buffer.concat([Buffer.from('MZ'), crypto.randomBytes(510)])

beforeAll(async () => {
  env = await createTestEnv()
  member = await login(env.app, 'xs_zuyuan5')
  const drafts = (await as(env.app, member).get('/api/findings?status=draft')).json().items as Json[]
  draftId = drafts[0].id
})
afterAll(() => env.close())

const attach = (name: string, content: Buffer) =>
  upload(env.app, member, `/api/files?ownerType=finding&ownerId=${draftId}`, {}, { name, content })

describe('type spoofing', () => {
  it.each([
    ['a picture named .pdf', '证据.pdf', PNG, 'file_type_mismatch'],
    ['a program named .pdf', '证据.pdf', EXE, 'file_type_mismatch'],
    ['a PDF named .docx', '报告.docx', PDF, 'file_type_mismatch'],
    ['a program named .png', '照片.png', EXE, 'file_type_mismatch'],
    ['random bytes named .xlsx', '台账.xlsx', crypto.randomBytes(4096), 'file_type_mismatch'],
    ['a program by its own name', 'setup.exe', EXE, 'file_type_not_allowed'],
    ['an HTML page', 'page.html', Buffer.from('<script>alert(1)</script>'), 'file_type_not_allowed'],
    [
      'an SVG (scriptable) image',
      'logo.svg',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'file_type_not_allowed',
    ],
  ])('refuses %s', async (_what, name, content, code) => {
    const res = await attach(name, content)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe(code)
  })

  it('accepts the same bytes under their true name, and serves them as an attachment', async () => {
    const res = await attach('照片.png', PNG)
    expect(res.statusCode).toBe(201)
    expect(res.json().mime).toBe('image/png')
    const dl = await as(env.app, member).get(`/api/files/${res.json().id}/download`)
    expect(dl.statusCode).toBe(200)
    expect(dl.headers['content-disposition']).toMatch(/^attachment/)
    expect(dl.headers['x-content-type-options']).toBe('nosniff')
  })

  it('refuses a task ledger, case document or meeting text whose bytes are not what the name says', async () => {
    const office = await login(env.app, 'ducha')
    const tasks = await upload(
      env.app,
      office,
      '/api/tasks/import?year=2025&mode=preview',
      {},
      {
        name: '任务台账.xlsx',
        content: PNG,
      },
    )
    expect(tasks.statusCode).toBe(400)
    expect(tasks.json().error.code).toBe('invalid_workbook')
    const yanjiushi = await login(env.app, 'yanjiushi')
    const cases = await upload(
      env.app,
      yanjiushi,
      '/api/cases/import',
      {},
      { name: '案例.docx', content: PDF },
    )
    expect(cases.statusCode).toBe(400)
    expect(cases.json().error.code).toBe('file_type_not_allowed')
  })
})

// The guard (server/plugins/zip-guard.ts) runs where uploads are parsed: without it such a
// 3.5 MB upload cost the server ~1.8 GB of memory and ~11 s (exceljs) or ~1.4 GB and ~5 s
// (mammoth) before it was refused.
describe('zip bombs at the parsing endpoints', () => {
  it('refuses an .xlsx bomb as a findings import, before validation', async () => {
    const targets = (await as(env.app, member).get('/api/targets?pageSize=50')).json().items as Json[]
    const res = await upload(
      env.app,
      member,
      '/api/findings/import',
      { targetId: targets[0].id },
      {
        name: 'ledger.xlsx',
        content: xlsxBomb(600),
      },
    )
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('archive_too_large')
  })

  it('refuses an .xlsx bomb as a task ledger', async () => {
    const office = await login(env.app, 'ducha')
    const res = await upload(
      env.app,
      office,
      '/api/tasks/import?year=2025&mode=preview',
      {},
      {
        name: '任务台账.xlsx',
        content: xlsxBomb(600),
      },
    )
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('archive_too_large')
  })

  it('refuses a .docx bomb as a case document', async () => {
    const yanjiushi = await login(env.app, 'yanjiushi')
    const res = await upload(
      env.app,
      yanjiushi,
      '/api/cases/import',
      {},
      {
        name: '案例.docx',
        content: docxBomb(600),
      },
    )
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('archive_too_large')
  })

  it('refuses a .docx bomb attached as evidence', async () => {
    const res = await attach('报告.docx', docxBomb(600))
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('archive_too_large')
  })
})
