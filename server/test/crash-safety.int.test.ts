// Crash safety on SQLite: the real server process is killed with SIGKILL while an import of
// findings commits and a burst of writes is being acknowledged; started again on the same
// data folder, the database is intact, the audit chain verifies, the import is all or
// nothing, and every write that was answered 2xx is there.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, engine } from './harness'
import { httpLogin, runCli, startServerProcess, type ServerProcess } from './process'

const ROWS = Number(process.env.CRASH_ROWS ?? 4000)
const KILL_AFTER_MS = Number(process.env.CRASH_KILL_AFTER_MS ?? 40)
const MARK = '崩溃测试问题'
type Json = Record<string, any>

async function ledger(rows: number) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('问题台账')
  ws.addRow(['序号', '问题标题', '问题描述', '具体人和事', '问题类别', '严重程度', '问题来源'])
  for (let i = 1; i <= rows; i++)
    ws.addRow([
      i,
      `${MARK}${i}`,
      `第${i}条：对上级决策部署落实不够有力，督办事项推进迟缓。`,
      `具体人和事${i}`,
      i % 2 ? 'T2.2' : '理论学习制度落实不到位',
      ['一般', '较重', '严重'][i % 3],
      '查阅资料',
    ])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-crash-'))
const servers: ServerProcess[] = []
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL')
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe.skipIf(engine !== 'sqlite')('crash safety (SQLite, SIGKILL)', () => {
  it('keeps every acknowledged write and no half import across a kill', async () => {
    const env = { DATA_DIR: dataDir }
    const first = await startServerProcess(env)
    servers.push(first)
    expect(first.child.exitCode, first.log()).toBeNull()
    const member = await httpLogin(first.baseUrl, 'xs_zuyuan2', DEMO_PASSWORD)
    const office = await httpLogin(first.baseUrl, 'ducha', DEMO_PASSWORD)

    // The second team inspects Jiangsu in the demo's second round.
    const targets = (await (await member.call('GET', '/api/targets?pageSize=50')).json()) as Json
    const target = (targets.items as Json[]).find(
      (t) => t.unitCode === '320000' && t.roundName === '2024年第二轮',
    )!
    const form = new FormData()
    form.append('targetId', target.id)
    form.append('file', new Blob([await ledger(ROWS)]), 'ledger.xlsx')
    const started = await member.call('POST', '/api/findings/import', form)
    expect(started.status).toBe(202)
    const jobId = ((await started.json()) as Json).id as string
    let job: Json = {}
    for (const t0 = Date.now(); Date.now() - t0 < 120_000;) {
      job = (await (await member.call('GET', `/api/findings/import/${jobId}`)).json()) as Json
      if (job.status !== 'validating') break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(job).toMatchObject({ status: 'valid', rowCount: ROWS })

    // A burst of writes, each recorded once the server has answered 2xx.
    const acknowledged: string[] = []
    let lost = 0
    const refused: number[] = []
    let stop = false
    const burst = async (worker: number) => {
      for (let n = 0; !stop; n++) {
        try {
          const res = await office.call('POST', '/api/meetings', {
            title: `崩溃测试会议 ${worker}-${n}`,
            heldOn: '2025-03-01',
          })
          if (res.status === 201) acknowledged.push(((await res.json()) as Json).id)
          else refused.push(res.status)
        } catch {
          lost++ // the connection died with the process: not acknowledged
        }
      }
    }
    const workers = [0, 1, 2, 3].map(burst)
    await new Promise((r) => setTimeout(r, 300))
    const ackedBeforeCommit = acknowledged.length

    const commit = await member.call('POST', `/api/findings/import/${jobId}/commit`)
    expect(commit.status).toBe(202)
    // Kill while the commit's transaction is open (it holds SQLite's one connection, so a
    // status request now would wait for it) and the burst goes on.
    await new Promise((r) => setTimeout(r, KILL_AFTER_MS))
    await first.kill('SIGKILL')
    stop = true
    await Promise.all(workers)
    expect(first.child.signalCode).toBe('SIGKILL')
    expect(acknowledged.length).toBeGreaterThan(ackedBeforeCommit)

    // The file as the crash left it: SQLite recovers the WAL on open.
    const sqlite = new SQLite(path.join(dataDir, 'duban.sqlite'))
    try {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(sqlite.pragma('foreign_key_check')).toEqual([])
      const imported = Number(
        sqlite.prepare(`select count(*) from finding where title like ?`).pluck().get(`${MARK}%`),
      )
      expect([0, ROWS]).toContain(imported)
      const present = new Set(
        sqlite.prepare(`select id from meeting where title like '崩溃测试会议%'`).pluck().all() as string[],
      )
      expect(acknowledged.filter((id) => !present.has(id))).toEqual([])
      console.log(
        `killed ${KILL_AFTER_MS} ms into the commit: ${imported} of ${ROWS} rows in; ${acknowledged.length} acknowledged writes all present (${present.size} written, ${lost} failed with the connection, refused: ${refused.join(' ') || 'none'})`,
      )
    } finally {
      sqlite.close()
    }

    const verified = await runCli(['audit-verify'], env)
    expect(verified.stdout, verified.stderr).toMatch(/audit chain intact/)
    expect(verified.code).toBe(0)

    // Started again on the same folder: it serves the acknowledged writes and takes new ones.
    const second = await startServerProcess(env)
    servers.push(second)
    expect(second.child.exitCode, second.log()).toBeNull()
    const again = await httpLogin(second.baseUrl, 'ducha', DEMO_PASSWORD)
    for (const id of acknowledged.slice(-5))
      expect((await again.call('GET', `/api/meetings/${id}`)).status).toBe(200)
    expect(
      (await again.call('POST', '/api/meetings', { title: '重启后的会议', heldOn: '2025-03-02' })).status,
    ).toBe(201)
    const member2 = await httpLogin(second.baseUrl, 'xs_zuyuan2', DEMO_PASSWORD)
    const after = (await (await member2.call('GET', `/api/findings/import/${jobId}`)).json()) as Json
    console.log(`the import job after the restart: ${after.status}`)
    expect(['committing', 'committed', 'failed']).toContain(after.status)
    await second.kill('SIGTERM')
  }, 300_000)
})
