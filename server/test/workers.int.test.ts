// WORKERS=2 on SQLite: two server processes on one port and one database file. A session made
// through one worker holds on the other, /metrics sums both, and when a worker is killed with
// SIGKILL under a burst of writes the primary starts it again and every acknowledged write is
// in the database, which stays intact with its audit chain.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, engine } from './harness'
import { httpLogin, runCli, startServerProcess, type ServerProcess } from './process'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-workers-'))
let server: ServerProcess | undefined
afterAll(async () => {
  await server?.kill('SIGKILL')
  fs.rmSync(dataDir, { recursive: true, force: true })
})

// ps exits 1 when the process has no children.
function workersOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter(Boolean)
  } catch {
    return []
  }
}

async function until<T>(what: string, fn: () => T | undefined, ms = 30_000): Promise<T> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((r) => setTimeout(r, 100))) {
    const v = fn()
    if (v !== undefined) return v
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe.skipIf(engine !== 'sqlite')('several workers on one SQLite file', () => {
  it('shares sessions and metrics, restarts a killed worker and keeps every acknowledged write', async () => {
    const env = { DATA_DIR: dataDir, WORKERS: '2' }
    server = await startServerProcess(env)
    const primary = server.child.pid!
    expect(server.child.exitCode, server.log()).toBeNull()
    // each worker loads the whole server, which takes a while longer on a busy machine
    const before = await until(
      'two workers',
      () => {
        const w = workersOf(primary)
        return w.length === 2 ? w : undefined
      },
      60_000,
    )

    // Fresh connections are handed to the workers in turn: the session holds on both.
    const office = await httpLogin(server.baseUrl, 'ducha', DEMO_PASSWORD)
    const n = 20
    for (let i = 0; i < n; i++) {
      const res = await office.call('GET', '/api/auth/me', undefined, { connection: 'close' })
      expect(res.status).toBe(200)
    }
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text()
    const me = metrics.match(
      /duban_http_request_duration_seconds_count\{method="GET",route="\/api\/auth\/me",status="200"\} (\d+)/,
    )
    expect(Number(me?.[1])).toBe(n)

    // A burst of writes over several connections while one worker is killed.
    const acknowledged: string[] = []
    let lost = 0
    let stop = false
    const burst = async (k: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await office.call('POST', '/api/meetings', {
            title: `多进程会议 ${k}-${i}`,
            heldOn: '2025-04-01',
          })
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id)
          else await res.text()
        } catch {
          lost++ // the connection died with the worker: not acknowledged
        }
      }
    }
    const writers = [0, 1, 2, 3].map(burst)
    await new Promise((r) => setTimeout(r, 400))
    process.kill(before[0], 'SIGKILL')
    const after = await until('the killed worker to be started again', () => {
      const w = workersOf(primary)
      return w.length === 2 && !w.includes(before[0]) ? w : undefined
    })
    expect(after).toContain(before[1])
    await new Promise((r) => setTimeout(r, 400))
    stop = true
    await Promise.all(writers)
    expect(server.log()).toMatch(/worker \d stopped \(SIGKILL\); starting it again/)
    expect(acknowledged.length).toBeGreaterThan(10)

    // Still serving on both, with the same session.
    for (let i = 0; i < 6; i++)
      expect((await office.call('GET', '/api/auth/me', undefined, { connection: 'close' })).status).toBe(200)

    await server.kill('SIGTERM')
    expect(workersOf(primary)).toEqual([])
    const sqlite = new SQLite(path.join(dataDir, 'duban.sqlite'), { readonly: true })
    try {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
      const present = new Set(
        sqlite.prepare(`select id from meeting where title like '多进程会议%'`).pluck().all() as string[],
      )
      expect(acknowledged.filter((id) => !present.has(id))).toEqual([])
      console.log(
        `${acknowledged.length} acknowledged writes all present (${present.size} written, ${lost} lost with the worker)`,
      )
    } finally {
      sqlite.close()
    }
    const verified = await runCli(['audit-verify'], { DATA_DIR: dataDir })
    expect(verified.stdout, verified.stderr).toMatch(/audit chain intact/)
    // Two server processes start, one of them twice, on a machine other tests load too.
  }, 180_000)
})
