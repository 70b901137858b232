// Process-level test helpers: the real CLI (`node bin/duban.mjs …`) and a real server
// process over a data folder the test owns, so it can be killed and started again on it.
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '..', '..')

/** The environment of a child process: quiet, no demo rate limits, no background jobs. */
function childEnv(env: Record<string, string | undefined>) {
  const base: Record<string, string | undefined> = {
    ...process.env,
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '10000',
    JOBS: 'off',
  }
  // A stray DATABASE_URL from the shell must not point a SQLite test at PostgreSQL.
  delete base.DATABASE_URL
  return { ...base, ...env }
}

/** Runs one CLI command to its end. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/duban.mjs', ...args], {
      cwd: ROOT,
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export type ServerProcess = {
  baseUrl: string
  child: ChildProcess
  exited: Promise<number | null>
  log(): string
  /** Sends a signal and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>
}

/** Spawns `duban serve` over a data folder and waits for /readyz (or its exit). */
export async function startServerProcess(
  env: Record<string, string | undefined>,
  opts: { timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const port = await freePort()
  const output: string[] = []
  const child = spawn(process.execPath, ['bin/duban.mjs', 'serve'], {
    cwd: ROOT,
    env: childEnv({ PORT: String(port), HOST: '127.0.0.1', WEB_DIR: path.join(ROOT, 'no-web'), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()))
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const baseUrl = `http://127.0.0.1:${port}`
  const server: ServerProcess = {
    baseUrl,
    child,
    exited,
    log: () => output.join(''),
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000)
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return server
    try {
      if ((await fetch(`${baseUrl}/readyz`)).status === 200) return server
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  await server.kill('SIGKILL')
  throw new Error(`server did not become ready on ${baseUrl}:\n${server.log().slice(-4000)}`)
}

/** A signed-in HTTP client for a server process: cookie and CSRF token kept. */
export async function httpLogin(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('duban_session='))!
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrf,
        ...(body !== undefined && !(body instanceof FormData) && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    })
  return { cookie, csrf, call }
}
