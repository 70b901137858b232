import { uploadedFile } from '../../plugins/upload'
import type {} from '@fastify/multipart'
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Id } from '../../../common/schemas'
import type { DB } from '../../db/database'
import type { FileStore } from './file-store'
import * as files from './file.service'

export const FileDto = z.object({
  id: Id,
  ownerType: z.string(),
  ownerId: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  sha256: z.string(),
  sm3: z.string(),
  createdAt: z.string(),
  uploadedByName: z.string().nullable(),
})
const Owner = z.strictObject({ ownerType: z.string().min(1).max(32), ownerId: Id })

export const fileRoutes: FastifyPluginAsyncZod<{ db: DB; store: FileStore }> = async (app, { db, store }) => {
  app.post(
    '/api/files',
    {
      schema: {
        tags: ['files'],
        querystring: Owner,
        consumes: ['multipart/form-data'],
        response: { 201: FileDto },
      },
    },
    async (req, reply) => {
      const part = await uploadedFile(req)
      const saved = await files.upload(db, store, req.ctx, {
        ownerType: req.query.ownerType,
        ownerId: req.query.ownerId,
        fileName: part.filename,
        stream: part.file,
        truncated: () => part.file.truncated,
      })
      return reply.code(201).send(saved)
    },
  )
  app.get(
    '/api/files',
    { schema: { tags: ['files'], querystring: Owner, response: { 200: z.array(FileDto) } } },
    (req) => files.list(db, req.ctx, req.query.ownerType, req.query.ownerId),
  )
  app.get(
    '/api/files/:id/download',
    { schema: { tags: ['files'], params: z.strictObject({ id: Id }) } },
    async (req, reply) => {
      const { file, stream } = await files.download(db, store, req.ctx, req.params.id)
      return reply
        .header('content-type', file.mime)
        .header('content-length', String(file.size))
        .header('x-content-sha256', file.sha256)
        .header('x-content-sm3', file.sm3)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(stream)
    },
  )
}
