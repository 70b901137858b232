import crypto from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Config } from '../config'
import type { DB } from '../db/database'
import { AppError, unauthenticated } from '../errors'
import type { Ctx } from '../modules/access/context'
import { resolveSession } from '../modules/auth/auth.service'

export const SESSION_COOKIE = 'duban_session'

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx
    csrfToken: string | null
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
// The only API routes open to someone not signed in; everything else under /api/ is 401.
const PUBLIC_ROUTES = new Set(['/api/auth/login', '/api/openapi.json'])
const isPublic = (route: string) => PUBLIC_ROUTES.has(route) || route.startsWith('/api/docs')
// What someone who must change their password may still do (signing in again, as anyone,
// replaces that session).
const DURING_PASSWORD_CHANGE = new Set([
  '/api/auth/me',
  '/api/auth/password',
  '/api/auth/logout',
  '/api/auth/login',
])

function sameToken(a: string, b: string) {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}

/** Loads the session of every /api request, then enforces CSRF and the forced password change. */
export function installAuth(app: FastifyInstance, db: DB, config: Config) {
  app.decorateRequest('ctx', null as unknown as Ctx)
  app.decorateRequest('csrfToken', null)
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.ctx = { actor: null, ip: req.ip ?? null, auditHash: config.auditHash }
    if (!req.url.startsWith('/api/')) return
    const token = req.cookies[SESSION_COOKIE]
    const resolved = token ? await resolveSession(db, config, token) : null
    if (resolved) {
      req.ctx.actor = resolved.actor
      req.csrfToken = resolved.csrfToken
      // A request that writes reads each version it needs afresh, after its own writes.
      if (SAFE.has(req.method)) req.ctx.versions = resolved.versions
    }
    // Deny by default, before the body is read or validated: an anonymous caller learns
    // nothing about a route's input, and a route that forgets its own check stays closed.
    // A change without its CSRF token is refused as early, its body unread.
    const route = req.routeOptions.url ?? ''
    if (!req.ctx.actor && route && !isPublic(route)) throw unauthenticated()
    if (!SAFE.has(req.method) && route !== '/api/auth/login') {
      if (!req.ctx.actor || !req.csrfToken) throw unauthenticated()
      const header = req.headers['x-csrf-token']
      if (typeof header !== 'string' || !sameToken(header, req.csrfToken)) {
        throw new AppError(403, 'csrf_invalid', '请求缺少有效的 CSRF 令牌，请刷新页面后重试')
      }
    }
    if (
      req.ctx.actor?.mustChangePassword &&
      !DURING_PASSWORD_CHANGE.has(route) &&
      !route.startsWith('/api/auth/totp')
    ) {
      throw new AppError(403, 'password_change_required', '请先修改初始密码')
    }
  })
}
