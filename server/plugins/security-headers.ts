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

/** Sets the security headers on every answer; a route may still replace one (the API docs do). */
export function installSecurityHeaders(app: FastifyInstance, options: HelmetOptions) {
  const headers = helmetHeaders(options)
  app.addHook('onRequest', async (_req, reply) => {
    reply.headers(headers)
  })
}
