import { uploadedFile } from '../../plugins/upload'
import type {} from '@fastify/multipart'
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  AgendaItemDto,
  AttachReport,
  CreateAgendaItem,
  CreateDirective,
  CreateMeeting,
  DirectiveDto,
  DirectiveToTask,
  MeetingDetailDto,
  MeetingDto,
  MeetingQuery,
  MergeDirectives,
  ReorderAgenda,
  UpdateAgendaItem,
  UpdateDirective,
  UpdateMeeting,
} from '../../../common/meetings'
import { Id, pageOf } from '../../../common/schemas'
import { TaskDto } from '../../../common/tasks'
import type { DB } from '../../db/database'
import { requirePermission } from '../access/policy'
import * as meetings from './meeting.service'
import { readMeetingText } from './meeting-text'
import { attachReport } from './meeting-report'
import type { FileStore } from '../files/file-store'

const IdParams = z.strictObject({ id: Id })
const ItemParams = z.strictObject({ id: Id, itemId: Id })
const DirectiveParams = z.strictObject({ id: Id, directiveId: Id })

export const meetingRoutes: FastifyPluginAsyncZod<{ db: DB; store: FileStore }> = async (
  app,
  { db, store },
) => {
  const tags = ['meetings']
  app.get(
    '/api/meetings',
    { schema: { tags, querystring: MeetingQuery, response: { 200: pageOf(MeetingDto) } } },
    (req) => meetings.list(db, req.ctx, req.query),
  )
  app.post(
    '/api/meetings',
    { schema: { tags, body: CreateMeeting, response: { 201: MeetingDetailDto } } },
    async (req, reply) => reply.code(201).send(await meetings.create(db, req.ctx, req.body)),
  )
  app.get(
    '/api/meetings/:id',
    { schema: { tags, params: IdParams, response: { 200: MeetingDetailDto } } },
    (req) => meetings.get(db, req.ctx, req.params.id),
  )
  app.patch(
    '/api/meetings/:id',
    { schema: { tags, params: IdParams, body: UpdateMeeting, response: { 200: MeetingDetailDto } } },
    (req) => meetings.update(db, req.ctx, req.params.id, req.body),
  )
  app.delete('/api/meetings/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await meetings.remove(db, req.ctx, req.params.id)
    return reply.code(204).send()
  })
  app.post(
    '/api/meetings/:id/text',
    {
      schema: {
        tags,
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 200: MeetingDetailDto },
      },
    },
    async (req) => {
      requirePermission(req.ctx, 'meeting.manage')
      const part = await uploadedFile(req)
      const text = await readMeetingText(part.filename, await part.toBuffer())
      return meetings.update(db, req.ctx, req.params.id, { text })
    },
  )

  app.get(
    '/api/meetings/:id/agenda',
    { schema: { tags, params: IdParams, response: { 200: z.array(AgendaItemDto) } } },
    (req) => meetings.agenda(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/meetings/:id/agenda',
    { schema: { tags, params: IdParams, body: CreateAgendaItem, response: { 201: z.array(AgendaItemDto) } } },
    async (req, reply) =>
      reply.code(201).send(await meetings.addAgendaItem(db, req.ctx, req.params.id, req.body)),
  )
  app.put(
    '/api/meetings/:id/agenda/order',
    { schema: { tags, params: IdParams, body: ReorderAgenda, response: { 200: z.array(AgendaItemDto) } } },
    (req) => meetings.reorderAgenda(db, req.ctx, req.params.id, req.body.ids),
  )
  app.patch(
    '/api/meetings/:id/agenda/:itemId',
    {
      schema: { tags, params: ItemParams, body: UpdateAgendaItem, response: { 200: z.array(AgendaItemDto) } },
    },
    (req) => meetings.updateAgendaItem(db, req.ctx, req.params.id, req.params.itemId, req.body),
  )
  app.post(
    '/api/meetings/:id/agenda/:itemId/report',
    { schema: { tags, params: ItemParams, body: AttachReport, response: { 200: z.array(AgendaItemDto) } } },
    (req) => attachReport(db, store, req.ctx, req.params.id, req.params.itemId, req.body),
  )
  app.delete(
    '/api/meetings/:id/agenda/:itemId',
    { schema: { tags, params: ItemParams, response: { 200: z.array(AgendaItemDto) } } },
    (req) => meetings.removeAgendaItem(db, req.ctx, req.params.id, req.params.itemId),
  )

  app.get(
    '/api/meetings/:id/directives',
    { schema: { tags, params: IdParams, response: { 200: z.array(DirectiveDto) } } },
    (req) => meetings.directives(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/meetings/:id/directives',
    { schema: { tags, params: IdParams, body: CreateDirective, response: { 201: z.array(DirectiveDto) } } },
    async (req, reply) =>
      reply.code(201).send(await meetings.addDirective(db, req.ctx, req.params.id, req.body)),
  )
  app.post(
    '/api/meetings/:id/directives/propose',
    { schema: { tags, params: IdParams, response: { 200: z.array(DirectiveDto) } } },
    (req) => meetings.propose(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/meetings/:id/directives/merge',
    { schema: { tags, params: IdParams, body: MergeDirectives, response: { 200: z.array(DirectiveDto) } } },
    (req) => meetings.mergeDirectives(db, req.ctx, req.params.id, req.body.ids),
  )
  app.patch(
    '/api/meetings/:id/directives/:directiveId',
    {
      schema: {
        tags,
        params: DirectiveParams,
        body: UpdateDirective,
        response: { 200: z.array(DirectiveDto) },
      },
    },
    (req) => meetings.updateDirective(db, req.ctx, req.params.id, req.params.directiveId, req.body),
  )
  app.delete(
    '/api/meetings/:id/directives/:directiveId',
    { schema: { tags, params: DirectiveParams, response: { 200: z.array(DirectiveDto) } } },
    (req) => meetings.removeDirective(db, req.ctx, req.params.id, req.params.directiveId),
  )
  app.post(
    '/api/meetings/:id/directives/:directiveId/task',
    { schema: { tags, params: DirectiveParams, body: DirectiveToTask, response: { 201: TaskDto } } },
    async (req, reply) =>
      reply
        .code(201)
        .send(await meetings.toTask(db, req.ctx, req.params.id, req.params.directiveId, req.body)),
  )
}
