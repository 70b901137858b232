// Several server processes on one port (WORKERS=N): node:cluster hands each new connection to
// a worker. Everything the workers share already lives in the database (sessions, sign-in
// limits, jobs, the audit chain) or the data folder (files), as it does for instances behind
// a proxy; SQLite in WAL mode lets the workers read at once and takes their writes in turn.
// The primary starts, restarts and stops the workers and gathers their metrics; once they
// serve, it gives similarity keys to texts that lack them (server/main.ts), then lets its
// database go.
import cluster, { type Worker } from 'node:cluster'
import client from 'prom-client'

const METRICS = 'duban:metrics'
type MetricsMessage = { type: typeof METRICS; id: number; text?: string; error?: string }

/**
 * Which of our workers this process is (0 runs background jobs), or null when Duban did not
 * start it as one (a process manager's own cluster mode is not ours: it migrates and serves).
 */
export function workerIndex(): number | null {
  const index = process.env.DUBAN_WORKER
  return cluster.isWorker && index !== undefined ? Number(index) : null
}

/**
 * Starts `count` workers and keeps them running; resolves once all listen. A worker that stops
 * is started again, unless it never came up (a broken configuration), which stops everything.
 */
export function runWorkers(count: number): Promise<void> {
  const aggregator = new client.AggregatorRegistry()
  let stopping = false
  const started = new Set<number>()
  let resolveAll: () => void
  let rejectAll: (err: Error) => void
  const all = new Promise<void>((resolve, reject) => {
    resolveAll = resolve
    rejectAll = reject
  })
  const start = (index: number) => {
    const worker = cluster.fork({ DUBAN_WORKER: String(index) })
    worker.once('listening', () => {
      started.add(index)
      if (started.size === count) resolveAll()
    })
    worker.once('exit', (code, signal) => {
      if (stopping) return
      if (!started.has(index)) {
        stop(1)
        rejectAll(new Error(`worker ${index} stopped before it could serve (${signal ?? code})`))
        return
      }
      console.error(`worker ${index} stopped (${signal ?? `exit ${code}`}); starting it again`)
      started.delete(index)
      setTimeout(() => start(index), 500)
    })
  }
  // A worker asked for /metrics: every worker's counters, summed by the primary.
  cluster.on('message', (worker: Worker, m: MetricsMessage) => {
    if (m?.type !== METRICS) return
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: METRICS, id: m.id, text }),
      (err: Error) => worker.send({ type: METRICS, id: m.id, error: err.message }),
    )
  })
  const stop = (code: number) => {
    if (stopping) return
    stopping = true
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w)
    let left = workers.length
    if (!left) process.exit(code)
    for (const w of workers) {
      w.once('exit', () => --left === 0 && process.exit(code))
      w.process.kill('SIGTERM')
    }
  }
  process.once('SIGINT', () => stop(0))
  process.once('SIGTERM', () => stop(0))
  for (let i = 0; i < count; i++) start(i)
  return all
}

let asked = 0
const waiting = new Map<number, { resolve: (t: string) => void; reject: (e: Error) => void }>()

/**
 * In a worker, at start: lets the primary read this worker's registry when any worker is asked
 * for /metrics, and routes the primary's answers back to the asking request.
 */
export function shareMetrics(registry: client.Registry) {
  new client.AggregatorRegistry()
  client.AggregatorRegistry.setRegistries([registry])
  process.on('message', (m: MetricsMessage) => {
    if (m?.type !== METRICS) return
    const w = waiting.get(m.id)
    waiting.delete(m.id)
    if (m.error !== undefined) w?.reject(new Error(m.error))
    else w?.resolve(m.text ?? '')
  })
}

/** In a worker: the metrics of every worker, as the primary sums them. */
export function clusterMetrics(): Promise<string> {
  const id = ++asked
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject })
    process.send!({ type: METRICS, id } satisfies MetricsMessage)
  })
}
