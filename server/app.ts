import fs from 'node:fs'
import path from 'node:path'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import cookie from '@fastify/cookie'
import multipart from '@fastify/multipart'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod'
import { sql } from 'kysely'
import { LIMITS } from '../common/limits'
import type { Config } from './config'
import type { DB } from './db/database'
import { installAuth } from './plugins/auth'
import { installErrorHandler } from './plugins/error-handler'
import { installMetrics } from './plugins/metrics'
import { databaseRateLimitStore } from './plugins/rate-limit-store'
import { installSecurityHeaders } from './plugins/security-headers'
import { responseSerializer } from './plugins/serializer'
import { auditRoutes } from './modules/audit/audit.routes'
import { authRoutes } from './modules/auth/auth.routes'
import { orgRoutes } from './modules/orgs/orgs.routes'
import { inspectionRoutes } from './modules/inspections/inspections.routes'
import { registerInspectionFiles } from './modules/inspections/inspection.files'
import { FileStore } from './modules/files/file-store'
import { fileRoutes } from './modules/files/files.routes'
import { registerOwner } from './modules/files/file.policy'
import { progressFiles } from './modules/rectification/rectification.service'
import { rectificationRoutes } from './modules/rectification/rectification.routes'
import { JobRunner, enqueue, type JobHandler } from './modules/jobs/job-runner'
import { taskSweepHandler } from './modules/tasks/task-follow-up'
import { emailHandler } from './modules/notifications/email'
import { notificationRoutes } from './modules/notifications/notifications.routes'
import { taskRoutes } from './modules/tasks/tasks.routes'
import { textRoutes } from './modules/text/text.routes'
import { caseRoutes } from './modules/cases/cases.routes'
import { reportRoutes } from './modules/reports/reports.routes'
import { dashboardRoutes } from './modules/dashboards/dashboards.routes'
import { meetingRoutes } from './modules/meetings/meetings.routes'
import { registerAgendaFiles } from './modules/meetings/meeting-report'
import { scheduleSweep, sweepHandler } from './modules/rectification/reminders'

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobRunner
  }
}

/** The whole HTTP application over an opened, migrated database; it does not listen. */
export async function buildApp(
  config: Config,
  db: DB,
  opts: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    // One line per answered request (after the metrics), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: LIMITS.bodyBytes,
    trustProxy: config.trustProxy,
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(responseSerializer(config.checkResponses))

  // No inline script anywhere (the built index.html loads modules only). Styles allow
  // 'unsafe-inline': antd's CSS-in-JS writes <style> elements at run time and a static
  // index.html cannot carry a per-request nonce. Nothing loads from outside the server.
  installSecurityHeaders(
    app,
    {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'script-src-attr': ["'none'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
    },
    { 'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  )
  await app.register(cookie)
  // preservePath: the service sees a file's name as sent, so a path in it is refused, not cut off
  await app.register(multipart, {
    preservePath: true,
    limits: { fileSize: config.fileMaxBytes, files: 1, fields: 10, fieldSize: 1024 },
  })
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(db) })
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Duban API', description: '督办平台接口', version: '0.1.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'duban_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Plain-HTTP intranet installs must not be told to upgrade; no outside validator badge.
    transformStaticCSP: (header) =>
      header
        .replace(/\s*upgrade-insecure-requests;?/, '')
        .replace(/\s*validator\.swagger\.io/, '')
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
  })

  installErrorHandler(app, db)
  installAuth(app, db, config)
  const observe = installMetrics(app, config.metricsToken)
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info(
      {
        method: req.method,
        url: req.url,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    )
    observe(req, reply)
    done()
  })

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(db)
      return { status: 'ready' }
    } catch {
      return reply.code(503).send({ error: { code: 'database_unreachable', message: '数据库不可用' } })
    }
  })

  await app.register(authRoutes, { db, config })
  await app.register(orgRoutes, { db })
  await app.register(auditRoutes, { db })
  const store = new FileStore(path.join(config.dataDir, 'files'))
  registerInspectionFiles()
  registerOwner('progress', progressFiles)
  await app.register(fileRoutes, { db, store })
  await app.register(rectificationRoutes, { db, email: !!config.smtpUrl })
  await app.register(notificationRoutes, { db })
  await app.register(textRoutes, { db })
  await app.register(caseRoutes, { db })
  await app.register(reportRoutes, { db })
  await app.register(dashboardRoutes, { db })
  registerAgendaFiles()
  await app.register(meetingRoutes, { db, store })
  await app.register(taskRoutes, { db, email: !!config.smtpUrl })

  const handlers: Record<string, JobHandler> = {
    'reminder.sweep': sweepHandler({ email: !!config.smtpUrl }),
    'task.sweep': taskSweepHandler({ email: !!config.smtpUrl }),
  }
  if (config.smtpUrl) handlers['email.send'] = emailHandler(config.smtpUrl, config.smtpFrom)
  const jobs = new JobRunner(db, handlers, async (d) => {
    await scheduleSweep(d)
    await enqueue(d, { kind: 'task.sweep', dedupeKey: `task.sweep:${new Date().toISOString().slice(0, 10)}` })
  })
  app.decorate('jobs', jobs)
  if (config.jobs)
    app.addHook('onReady', async () =>
      jobs.start(config.jobIntervalMs, (err) => app.log.error({ err }, 'job tick failed')),
    )
  app.addHook('onClose', async () => jobs.stop())
  await app.register(inspectionRoutes, { db, store, importDir: path.join(config.dataDir, 'imports') })

  const indexHtml = path.join(config.webDir, 'index.html')
  const hasWeb = fs.existsSync(indexHtml)
  if (hasWeb) {
    // The build writes a .gz beside each asset (vite.config.ts); send it when the browser accepts gzip.
    await app.register(fastifyStatic, {
      root: config.webDir,
      wildcard: false,
      index: false,
      preCompressed: true,
    })
  }
  app.setNotFoundHandler(async (req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && hasWeb) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    }
    return reply.code(404).send({ error: { code: 'route_not_found', message: '接口不存在' } })
  })
  return app
}
