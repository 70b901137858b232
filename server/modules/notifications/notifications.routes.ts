import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Id, PageQuery } from '../../../common/schemas'
import type { DB } from '../../db/database'
import * as notifications from './notification.service'

const NotificationDto = z.object({
  id: Id,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
})

export const notificationRoutes: FastifyPluginAsyncZod<{ db: DB }> = async (app, { db }) => {
  const tags = ['notifications']
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        querystring: PageQuery.extend({ unread: z.enum(['1']).optional() }),
        response: {
          200: z.object({
            items: z.array(NotificationDto),
            total: z.number(),
            unread: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    (req) => notifications.list(db, req.ctx, req.query),
  )
  app.post('/api/notifications/read-all', { schema: { tags } }, async (req, reply) => {
    await notifications.markRead(db, req.ctx, 'all')
    return reply.code(204).send()
  })
  app.post(
    '/api/notifications/:id/read',
    { schema: { tags, params: z.strictObject({ id: Id }) } },
    async (req, reply) => {
      await notifications.markRead(db, req.ctx, req.params.id)
      return reply.code(204).send()
    },
  )
}
