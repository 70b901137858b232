import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  ChangePasswordBody,
  LoginBody,
  MeDto,
  TotpDisableBody,
  TotpEnableBody,
  TotpSetupDto,
} from '../../../common/schemas'
import type { Config } from '../../config'
import type { DB } from '../../db/database'
import { SESSION_COOKIE } from '../../plugins/auth'
import { permissionsOf, requireActor } from '../access/policy'
import { actorGrants } from '../orgs/user.repository'
import { presentOne } from '../orgs/user.service'
import type { Role } from '../../../common/roles'
import * as auth from './auth.service'
import { remove as removeSession } from './session.repository'

export const authRoutes: FastifyPluginAsyncZod<{ db: DB; config: Config }> = async (app, { db, config }) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.cookieSecure,
  }
  // Permissions come from every grant the server acts on, team membership included.
  const me = async (userId: string, csrfToken: string) => {
    const user = await presentOne(db, userId)
    const grants = (await actorGrants(db, userId)).map((g) => ({ ...g, role: g.role as Role }))
    const permissions = permissionsOf({ grants })
    return { user, csrfToken, permissions }
  }

  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], body: LoginBody, response: { 200: MeDto } },
      config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const r = await auth.login(db, config, req.ctx, req.body, {
        userAgent: req.headers['user-agent'] ?? null,
      })
      // Signing in replaces whatever session the browser held: the old token stops working,
      // so a session planted or left behind before sign-in cannot ride along with the new one.
      if (req.ctx.actor) await removeSession(db, req.ctx.actor.sessionId)
      reply.setCookie(SESSION_COOKIE, r.token, {
        ...cookieOptions,
        maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
      })
      return me(r.userId, r.csrfToken)
    },
  )

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    await auth.logout(db, req.ctx)
    reply.clearCookie(SESSION_COOKIE, cookieOptions)
    return reply.code(204).send()
  })

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: MeDto } } }, async (req) => {
    const actor = requireActor(req.ctx)
    return me(actor.id, req.csrfToken ?? '')
  })

  app.post(
    '/api/auth/password',
    { schema: { tags: ['auth'], body: ChangePasswordBody } },
    async (req, reply) => {
      await auth.changePassword(db, req.ctx, req.body)
      return reply.code(204).send()
    },
  )

  app.post(
    '/api/auth/totp/setup',
    { schema: { tags: ['auth'], response: { 200: TotpSetupDto } } },
    async (req) => auth.totpSetup(db, req.ctx),
  )
  app.post(
    '/api/auth/totp/enable',
    { schema: { tags: ['auth'], body: TotpEnableBody } },
    async (req, reply) => {
      await auth.totpEnable(db, req.ctx, req.body.otp)
      return reply.code(204).send()
    },
  )
  app.post(
    '/api/auth/totp/disable',
    { schema: { tags: ['auth'], body: TotpDisableBody } },
    async (req, reply) => {
      await auth.totpDisable(db, req.ctx, req.body.password)
      return reply.code(204).send()
    },
  )
}
