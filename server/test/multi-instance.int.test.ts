// Two Duban instances behind nginx on one PostgreSQL, as docs/nginx-duban.conf deploys them:
// a session made through one instance works on the other, a file stored through one is
// served by the other (one shared data folder), and when one instance is killed under a
// load of writes every write that was acknowledged is in the database afterwards and the
// audit chain verifies. Runs on PostgreSQL with Debian's nginx; skipped otherwise.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEnv, DEMO_PASSWORD, engine, type TestEnv } from './harness'
import { freePort, httpLogin, runCli, startServerProcess, type ServerProcess } from './process'

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p))
const run = engine === 'postgres' && !!NGINX

let env: TestEnv
let a: ServerProcess
let b: ServerProcess
let nginx: ChildProcess
let proxy = ''
let confDir = ''

/** The nginx configuration in docs/nginx-duban.conf, with this test's ports and folders. */
function nginxConf(listen: number, upstreams: string[], dir: string) {
  const template = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/nginx-duban.conf'), 'utf8')
  const conf = template
    .replace(/server 127\.0\.0\.1:3001[^;]*;\n\s*server 127\.0\.0\.1:3002[^;]*;/u, () =>
      upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=30s;`).join('\n    '),
    )
    .replace('listen 443 ssl;', `listen 127.0.0.1:${listen};`)
    .replace(/\n\s*ssl_[^\n]*/gu, '')
    .replace(/\n\s*server_name [^\n]*/u, '')
  return [
    process.getuid?.() === 0 ? 'user root root;' : '',
    'worker_processes 1;',
    'daemon off;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    conf,
    '}',
  ].join('\n')
}

beforeAll(async () => {
  if (!run) return
  env = await createTestEnv()
  const shared = { DATABASE_URL: env.databaseUrl, DATA_DIR: env.dataDir, TRUST_PROXY: '1', JOBS: 'on' }
  ;[a, b] = await Promise.all([startServerProcess(shared), startServerProcess(shared)])
  confDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-nginx-'))
  const port = await freePort()
  fs.writeFileSync(
    path.join(confDir, 'nginx.conf'),
    nginxConf(
      port,
      [a.baseUrl, b.baseUrl].map((u) => u.replace('http://', '')),
      confDir,
    ),
  )
  nginx = spawn(NGINX!, ['-c', path.join(confDir, 'nginx.conf'), '-p', confDir], { stdio: 'ignore' })
  proxy = `http://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${proxy}/healthz`)).status === 200) break
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}, 180_000)

afterAll(async () => {
  if (!run) return
  nginx?.kill('SIGTERM')
  await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')])
  await env?.close()
  if (confDir) fs.rmSync(confDir, { recursive: true, force: true })
})

describe.skipIf(!run)('two instances behind nginx on one PostgreSQL', () => {
  it('keeps a session made through one instance valid on the other, and serves one file store', async () => {
    const viaProxy = await httpLogin(proxy, 'ducha', DEMO_PASSWORD)
    for (const s of [a, b]) {
      const me = await fetch(`${s.baseUrl}/api/auth/me`, { headers: { cookie: viaProxy.cookie } })
      expect(me.status).toBe(200)
    }
    // a report frozen on an agenda item through instance A downloads through instance B
    const onA = await httpLogin(a.baseUrl, 'ducha', DEMO_PASSWORD)
    const meetings = (await (await onA.call('GET', '/api/meetings')).json()) as { items: { id: string }[] }
    const meetingId = meetings.items[0].id
    const agenda = (await (await onA.call('GET', `/api/meetings/${meetingId}/agenda`)).json()) as {
      id: string
    }[]
    const attached = await onA.call('POST', `/api/meetings/${meetingId}/agenda/${agenda[3].id}/report`, {
      name: 'task-quarter',
      params: { year: 2024, quarter: 2 },
    })
    expect(attached.status).toBe(200)
    const fileId = ((await attached.json()) as { id: string; reportFileId: string }[]).find(
      (x) => x.id === agenda[3].id,
    )!.reportFileId
    const onB = await fetch(`${b.baseUrl}/api/files/${fileId}/download`, { headers: { cookie: onA.cookie } })
    expect(onB.status).toBe(200)
    expect(
      Buffer.from(await onB.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK')
  })

  it('loses no acknowledged write when one instance is killed under load, and the audit chain verifies', async () => {
    const client = await httpLogin(proxy, 'ducha', DEMO_PASSWORD)
    const acknowledged: string[] = []
    let failed = 0
    let sent = 0
    const TOTAL = 240
    const worker = async (w: number) => {
      for (;;) {
        const n = sent++
        if (n >= TOTAL) return
        const title = `负载测试会议 ${w}-${n}`
        try {
          const res = await client.call('POST', '/api/meetings', { title, heldOn: '2024-10-01' })
          if (res.status === 201) acknowledged.push(title)
          else failed++
          await res.arrayBuffer()
        } catch {
          failed++
        }
        if (n === 60) void a.kill('SIGKILL')
      }
    }
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)))
    expect(a.child.signalCode).toBe('SIGKILL')
    // nginx took the rest to the surviving instance: most writes went through
    expect(acknowledged.length).toBeGreaterThan(TOTAL * 0.8)
    const stored = await env.db
      .selectFrom('meeting')
      .select('title')
      .where('title', 'like', '负载测试会议 %')
      .execute()
    const titles = new Set(stored.map((r) => r.title))
    expect(acknowledged.filter((t) => !titles.has(t))).toEqual([])
    // every stored meeting has its audit event, and the chain is unbroken
    const events = await env.db
      .selectFrom('auditEvent')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', 'meeting.create')
      .executeTakeFirstOrThrow()
    expect(Number(events.n)).toBeGreaterThanOrEqual(titles.size)
    const verify = await runCli(['audit-verify'], { DATABASE_URL: env.databaseUrl, DATA_DIR: env.dataDir })
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    expect(verify.stdout).toContain('intact')
    // and the survivor still serves
    expect((await client.call('GET', '/api/meetings?pageSize=1')).status).toBe(200)
  })
})
