import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AuditEventDto, AuditQuery, AuditVerifyDto, pageOf } from '../../../common/schemas'
import type { DB } from '../../db/database'
import * as audit from './audit.service'

export const auditRoutes: FastifyPluginAsyncZod<{ db: DB }> = async (app, { db }) => {
  app.get(
    '/api/audit/events',
    { schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: pageOf(AuditEventDto) } } },
    async (req) => {
      const { page, pageSize, ...filter } = req.query
      return audit.search(db, req.ctx, filter, { page, pageSize })
    },
  )
  app.get(
    '/api/audit/events/export',
    { schema: { tags: ['audit'], querystring: AuditQuery.omit({ page: true, pageSize: true }) } },
    async (req, reply) => {
      const csv = await audit.exportCsv(db, req.ctx, req.query)
      const stamp = new Date().toISOString().slice(0, 10)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${stamp}.csv"`)
        .send(csv)
    },
  )
  app.get('/api/audit/verify', { schema: { tags: ['audit'], response: { 200: AuditVerifyDto } } }, (req) =>
    audit.verify(db, req.ctx),
  )
}
