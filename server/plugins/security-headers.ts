import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

/**
 * The headers helmet sets for a configuration, worked out once. The policy has no per-request
 * part (no nonces), so every answer carries the same set; building helmet's middleware for
 * each request, as its Fastify plugin does, re-parsed the whole policy every time.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const res = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value)
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()]
    },
  }
  let failed: unknown = null
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failed = err ?? null
  })
  if (failed) throw failed
  return headers
}

/**
 * Sets the security headers on every answer, and `extra` ones; a route may still replace one
 * (the API docs do). Answers under /api/ carry personal and case data: unless a route says
 * otherwise, no shared or browser cache keeps them.
 */
export function installSecurityHeaders(
  app: FastifyInstance,
  options: HelmetOptions,
  extra: Record<string, string> = {},
) {
  const headers = { ...helmetHeaders(options), ...extra }
  const api = { ...headers, 'cache-control': 'no-store' }
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(req.url.startsWith('/api/') ? api : headers)
    done()
  })
}
