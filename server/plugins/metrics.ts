import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import client from 'prom-client'
import { clusterMetrics, shareMetrics, workerIndex } from '../cluster'
import { AppError } from '../errors'

/**
 * Prometheus text at /metrics: process defaults plus request counts and durations by route
 * (summed over the workers when there are several);
 * behind a bearer token when one is configured (METRICS_TOKEN). Returns what counts an
 * answered request, for the server's one hook on answers.
 */
export function installMetrics(
  app: FastifyInstance,
  token?: string,
): (req: FastifyRequest, reply: FastifyReply) => void {
  const registry = new client.Registry()
  client.collectDefaultMetrics({ register: registry })
  const duration = new client.Histogram({
    name: 'duban_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  // each method, route and status's series, found by one key instead of by its labels' hash
  const series = new Map<string, client.Histogram.Internal<'method' | 'route' | 'status'>>()
  const observe = (req: FastifyRequest, reply: FastifyReply) => {
    const route = req.routeOptions.url ?? 'unmatched'
    const key = `${req.method} ${reply.statusCode} ${route}`
    let one = series.get(key)
    if (!one) {
      one = duration.labels({ method: req.method, route, status: String(reply.statusCode) })
      series.set(key, one)
    }
    one.observe(reply.elapsedTime / 1000)
  }
  // Under WORKERS=N each answer sums all workers' counters.
  const inCluster = workerIndex() !== null
  if (inCluster) shareMetrics(registry)
  const expected = token ? Buffer.from(`Bearer ${token}`) : null
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '')
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
        throw new AppError(401, 'unauthenticated', '需要监控令牌')
    }
    const text = inCluster ? await clusterMetrics() : await registry.metrics()
    return reply.header('content-type', registry.contentType).send(text)
  })
  return observe
}
