// Opens each report in LibreOffice (PDF), counts its pages and reads its text back; and times a
// round of 1,000 findings. Skipped, saying so, where `soffice` is not installed.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, engine, login, type Session, type TestEnv } from '../../test/harness'
import { insertMeasures } from '../rectification/rectification.repository'

function has(cmd: string) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const soffice = has('soffice') && has('pdftotext') && has('pdfinfo')
if (!soffice)
  console.warn('reports-render: soffice/pdftotext/pdfinfo not installed — skipping the PDF rendering checks')

let env: TestEnv
let leader: Session
let ducha: Session
let yanjiushi: Session
let round1: string
let round2: string
let dir: string

beforeAll(async () => {
  env = await createTestEnv()
  ;[leader, ducha, yanjiushi] = await Promise.all(
    ['leader', 'ducha', 'yanjiushi'].map((u) => login(env.app, u)),
  )
  const rounds = (await as(env.app, leader).get('/api/rounds?year=2024')).json().items as {
    id: string
    ordinal: number
  }[]
  round1 = rounds.find((r) => r.ordinal === 1)!.id
  round2 = rounds.find((r) => r.ordinal === 2)!.id
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-reports-'))
})
afterAll(async () => {
  await env.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function fetchDocx(s: Session, url: string) {
  const res = await env.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } })
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200)
  return res.rawPayload
}

describe.skipIf(!soffice)('rendering in LibreOffice', () => {
  const cases: [string, () => Session, () => string, string, [number, number]][] = [
    ['rectification-progress', () => leader, () => `roundId=${round1}`, '巡视整改进展情况', [2, 20]],
    ['inspection-round', () => leader, () => `roundId=${round2}`, '巡视情况', [2, 30]],
    ['case-issuing', () => yanjiushi, () => 'year=2024', '制发情况', [2, 20]],
    ['task-quarter', () => ducha, () => 'year=2024&quarter=2&asOf=2024-07-09', '落实情况', [2, 40]],
  ]
  it.each(cases)(
    '%s opens, has its pages and Chinese text',
    async (name, who, query, title, [min, max]) => {
      const file = path.join(dir, `${name}.docx`)
      fs.writeFileSync(file, await fetchDocx(who(), `/api/reports/${name}.docx?${query()}`))
      execFileSync(
        'soffice',
        [
          '--headless',
          '--norestore',
          `-env:UserInstallation=file://${dir}/lo-profile`,
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          file,
        ],
        {
          stdio: 'ignore',
          timeout: 120_000,
        },
      )
      const pdf = file.replace(/\.docx$/, '.pdf')
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())![1])
      expect(pages).toBeGreaterThanOrEqual(min)
      expect(pages).toBeLessThanOrEqual(max)
      // LibreOffice spreads characters over its grid cells: read the text without the spaces.
      const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s+/g, '')
      expect(text).toContain(title)
      expect(text).toContain('院党组：')
      expect(text).toMatch(/—\d+—/)
      console.log(`reports-render: ${name} → ${pages} pages`)
    },
    180_000,
  )
})

describe('a round of 1,000 findings', () => {
  it('reports in seconds, with a fixed number of queries', async () => {
    const targets = await env.db
      .selectFrom('target')
      .innerJoin('rectificationPlan as p', 'p.targetId', 'target.id')
      .select(['target.id', 'target.teamId', 'target.unitId', 'p.id as planId'])
      .where('target.roundId', '=', round1)
      .execute()
    const cats = await env.db
      .selectFrom('findingCategory')
      .select('id')
      .where('parentId', 'is not', null)
      .execute()
    const now = new Date().toISOString()
    const findings = []
    const history = []
    const measures: Parameters<typeof insertMeasures>[1] = []
    for (let i = 0; i < 1000; i++) {
      const t = targets[i % targets.length]
      const id = uuidv7()
      findings.push({
        id,
        targetId: t.id,
        roundId: round1,
        teamId: t.teamId,
        unitId: t.unitId,
        seq: 100 + i,
        title: `批量问题${i}`,
        description: '用于测量报告生成时间的问题。',
        personsMatters: `涉及事项${i}`,
        categoryId: cats[i % cats.length].id,
        severity: ['minor', 'major', 'severe'][i % 3],
        source: 'spot_check',
        status: ['rectifying', 'closed', 'awaiting_verification'][i % 3],
        createdBy: null,
        confirmedBy: null,
        confirmedAt: now,
        fedBackAt: now,
        createdAt: now,
        updatedAt: now,
      })
      history.push({
        id: uuidv7(),
        findingId: id,
        action: 'feed_back',
        fromStatus: 'confirmed',
        toStatus: 'fed_back',
        actorId: null,
        reason: null,
        createdAt: now,
      })
      measures.push({
        id: uuidv7(),
        planId: t.planId,
        findingId: id,
        targetId: t.id,
        unitId: t.unitId,
        content: `整改措施${i}`,
        responsibleLeader: `责任领导${i % 7}`,
        departmentId: null,
        deadline: i % 2 ? '2024-09-30' : '2099-12-31',
        kind: 'concentrated',
        status: 'open' as const,
        progress: 50,
        doneAt: null,
        doneBy: null,
        createdAt: now,
        updatedAt: now,
      })
    }
    for (let i = 0; i < 1000; i += 100) {
      await env.db
        .insertInto('finding')
        .values(findings.slice(i, i + 100))
        .execute()
      await env.db
        .insertInto('findingHistory')
        .values(history.slice(i, i + 100))
        .execute()
    }
    await env.db.transaction().execute((trx) => insertMeasures(trx, measures))
    const timings: Record<string, number> = {}
    for (const name of ['rectification-progress', 'inspection-round']) {
      const t0 = performance.now()
      const buffer = await fetchDocx(leader, `/api/reports/${name}.docx?roundId=${round1}`)
      timings[name] = Math.round(performance.now() - t0)
      expect(buffer.length).toBeGreaterThan(10_000)
    }
    const data = (
      await as(env.app, leader).get(`/api/reports/rectification-progress/data?roundId=${round1}`)
    ).json()
    expect(data.totals.total).toBeGreaterThanOrEqual(1000)
    expect(data.totals.measuresOverdue).toBeGreaterThanOrEqual(500)
    // The audit event records how long the layout took; the rest of each request is reading the data.
    const events = await env.db
      .selectFrom('auditEvent')
      .select(['objectId', 'details'])
      .where('action', '=', 'report.generate')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute()
    const layout = Object.fromEntries(events.map((e) => [e.objectId, JSON.parse(e.details).documentMs]))
    console.log(
      `reports-scale (${engine}): ${data.totals.total} findings, ${data.totals.measures} measures → total ms`,
      timings,
      'of which document layout ms',
      layout,
    )
    for (const ms of Object.values(timings)) expect(ms).toBeLessThan(10_000)
  }, 60_000)
})
