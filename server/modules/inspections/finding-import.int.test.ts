import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, engine, login, upload, type Session, type TestEnv } from '../../test/harness'

let env: TestEnv
let member: Session
let office: Session
let bjTargetOfRound2: string
let jsTarget: string
type Json = Record<string, any>

const HEADERS = ['序号', '问题标题', '问题描述', '具体人和事', '问题类别', '严重程度', '问题来源']

async function sheet(rows: (string | number)[][], headers = HEADERS) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('问题台账')
  ws.addRow(headers)
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function goodRows(n: number) {
  return Array.from({ length: n }, (_, i) => [
    i + 1,
    `导入问题${i + 1}`,
    `问题描述${i + 1}`,
    `具体人和事${i + 1}`,
    i % 2 ? 'T2.2' : '理论学习制度落实不到位',
    ['一般', '较重', '严重'][i % 3],
    '查阅资料',
  ])
}

async function settle(s: Session, id: string, app = env.app): Promise<Json> {
  // validation and commit run in the background; poll as the web app does
  let job: Json = {}
  for (const started = Date.now(); Date.now() - started < 60_000;) {
    job = (await as(app, s).get(`/api/findings/import/${id}`)).json()
    if (job.status !== 'validating' && job.status !== 'committing') return job
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`import did not settle: ${JSON.stringify(job).slice(0, 300)}`)
}

async function findingCount(targetId: string) {
  const r = await env.db
    .selectFrom('finding')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('targetId', '=', targetId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

beforeAll(async () => {
  env = await createTestEnv()
  member = await login(env.app, 'xs_zuyuan2')
  office = await login(env.app, 'xunshiban')
  // In the demo's second round the second team inspects Jiangsu and it has not been fed back.
  const targets = (await as(env.app, member).get('/api/targets?pageSize=50')).json().items as Json[]
  jsTarget = targets.find((t) => t.unitCode === '320000' && t.roundName === '2024年第二轮')!.id
  bjTargetOfRound2 = (await as(env.app, office).get('/api/targets?pageSize=50'))
    .json()
    .items.find((t: Json) => t.unitCode === '110000' && t.roundName === '2024年第二轮').id
})
afterAll(() => env.close())

describe('findings import', () => {
  it('offers a template with the ledger columns', async () => {
    const res = await as(env.app, member).get('/api/findings/import/template.xlsx')
    expect(res.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const headers = (wb.worksheets[0].getRow(1).values as string[]).filter(Boolean)
    expect(headers).toEqual(HEADERS)
  })

  it('names the one bad row among 500 and commits nothing', async () => {
    const rows = goodRows(500)
    rows[249][5] = '很严重'
    rows[399][4] = '不存在的类别'
    const before = await findingCount(jsTarget)
    const res = await upload(
      env.app,
      member,
      '/api/findings/import',
      { targetId: jsTarget },
      { name: 'ledger.xlsx', content: await sheet(rows) },
    )
    expect(res.statusCode).toBe(202)
    const job = await settle(member, res.json().id)
    expect(job.status).toBe('invalid')
    expect(job.rowCount).toBe(500)
    expect(job.errorCount).toBe(2)
    expect(job.errors[0]).toMatchObject({ row: 251, column: 'F（严重程度）', code: 'invalid_severity' })
    expect(job.errors[1]).toMatchObject({ row: 401, column: 'E（问题类别）', code: 'unknown_category' })
    const commit = await as(env.app, member).post(`/api/findings/import/${job.id}/commit`)
    expect(commit.statusCode).toBe(409)
    expect(commit.json().error.code).toBe('import_not_valid')
    expect(await findingCount(jsTarget)).toBe(before)
  })

  it('commits every row of a good sheet, numbered on from the target’s findings', async () => {
    const before = await findingCount(jsTarget)
    const res = await upload(
      env.app,
      member,
      '/api/findings/import',
      { targetId: jsTarget },
      { name: 'ledger.xlsx', content: await sheet(goodRows(500)) },
    )
    const job = await settle(member, res.json().id)
    expect(job).toMatchObject({ status: 'valid', rowCount: 500, errorCount: 0 })
    expect(job.sample).toHaveLength(20)
    expect(job.sample[0]).toMatchObject({ row: 2, title: '导入问题1', category: '理论学习制度落实不到位' })
    expect((await as(env.app, office).post(`/api/findings/import/${job.id}/commit`)).statusCode).toBe(403)
    const commit = await as(env.app, member).post(`/api/findings/import/${job.id}/commit`)
    expect(commit.statusCode).toBe(202)
    const done = await settle(member, job.id)
    expect(done).toMatchObject({ status: 'committed', committedCount: 500 })
    expect(await findingCount(jsTarget)).toBe(before + 500)
    const seqs = (
      await env.db
        .selectFrom('finding')
        .select('seq')
        .where('targetId', '=', jsTarget)
        .orderBy('seq')
        .execute()
    ).map((r) => r.seq)
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1))
    const imported = (
      await as(env.app, member).get(
        `/api/findings?targetId=${jsTarget}&sort=seq&order=asc&q=${encodeURIComponent('导入问题17')}`,
      )
    ).json()
    expect(imported.items[0]).toMatchObject({ status: 'draft', severity: 'major', source: 'document_review' })
    const events = await env.db
      .selectFrom('auditEvent')
      .select('details')
      .where('action', '=', 'finding.import')
      .execute()
    expect(JSON.parse(events[0].details).rows).toBe(500)
    expect((await as(env.app, member).post(`/api/findings/import/${job.id}/commit`)).json().error.code).toBe(
      'import_not_valid',
    )
  })

  it.skipIf(engine !== 'postgres')(
    'commits with one pooled connection: the progress does not wait for another inside the transaction',
    async () => {
      const one = await createTestEnv({ databasePoolSize: 1 })
      try {
        const s = await login(one.app, 'xs_zuyuan2')
        const targets = (await as(one.app, s).get('/api/targets?pageSize=50')).json().items as Json[]
        const target = targets.find((t) => t.unitCode === '320000' && t.roundName === '2024年第二轮')!.id
        const res = await upload(
          one.app,
          s,
          '/api/findings/import',
          { targetId: target },
          { name: 'ledger.xlsx', content: await sheet(goodRows(300)) },
        )
        expect(await settle(s, res.json().id, one.app)).toMatchObject({ status: 'valid', rowCount: 300 })
        expect((await as(one.app, s).post(`/api/findings/import/${res.json().id}/commit`)).statusCode).toBe(
          202,
        )
        expect(await settle(s, res.json().id, one.app)).toMatchObject({
          status: 'committed',
          committedCount: 300,
          processed: 300,
        })
      } finally {
        await one.close()
      }
    },
    90_000,
  )

  it('refuses a sheet without the ledger columns, a non-xlsx file, and other people’s targets', async () => {
    const res = await upload(
      env.app,
      member,
      '/api/findings/import',
      { targetId: jsTarget },
      { name: 'x.xlsx', content: await sheet([[1, 'a']], ['序号', '标题']) },
    )
    const job = await settle(member, res.json().id)
    expect(job.status).toBe('invalid')
    expect(job.errors.map((e: Json) => e.code)).toContain('missing_column')
    const csv = await upload(
      env.app,
      member,
      '/api/findings/import',
      { targetId: jsTarget },
      { name: 'x.csv', content: Buffer.from('a,b') },
    )
    expect(csv.json().error.code).toBe('file_type_not_allowed')
    const garbage = await upload(
      env.app,
      member,
      '/api/findings/import',
      { targetId: jsTarget },
      { name: 'x.xlsx', content: Buffer.from('not a zip') },
    )
    expect((await settle(member, garbage.json().id)).status).toBe('failed')
    const other = await upload(
      env.app,
      member,
      '/api/findings/import',
      { targetId: bjTargetOfRound2 },
      { name: 'ledger.xlsx', content: await sheet(goodRows(2)) },
    )
    expect(other.statusCode).toBe(404)
    const liaison = await login(env.app, 'bj_liaison')
    const denied = await upload(
      env.app,
      liaison,
      '/api/findings/import',
      { targetId: jsTarget },
      { name: 'ledger.xlsx', content: await sheet(goodRows(2)) },
    )
    expect(denied.statusCode).toBe(403)
    const noTarget = await upload(
      env.app,
      member,
      '/api/findings/import',
      {},
      { name: 'ledger.xlsx', content: await sheet(goodRows(2)) },
    )
    expect(noTarget.statusCode).toBe(400)
    expect((await as(env.app, office).get(`/api/findings/import/${job.id}`)).statusCode).toBe(403)
  })
})
