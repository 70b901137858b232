import { uploadedFile } from '../../plugins/upload'
import { TextOriginalDto } from '../../../common/text'
import type {} from '@fastify/multipart'
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  BatchDto,
  CASE_DOMAINS,
  CASE_IMPORT_MAX_BYTES,
  CASE_KINDS,
  CaseDto,
  CaseImportResult,
  CaseFields,
  CaseQuery,
  CaseTransition,
  CreateBatch,
  CreateUse,
  PutReviewCriteria,
  ReviewBody,
  ReviewCriteriaDto,
  ReviewDto,
  SearchHit,
  SearchQuery,
  SearchResult,
  UpdateBatch,
  UpdateCase,
  UseDto,
} from '../../../common/cases'
import { Id, pageOf } from '../../../common/schemas'
import type { DB } from '../../db/database'
import { badRequest } from '../../errors'
import { sendXlsx } from '../../plugins/download'
import { requirePermission } from '../access/policy'
import * as cases from './case.service'
import { criteria, putCriteria } from './case-criteria'
import { importCase } from './case-import'
import { caseLedger, caseStats } from './case-stats'

const IdParams = z.strictObject({ id: Id })

export const caseRoutes: FastifyPluginAsyncZod<{ db: DB }> = async (app, { db }) => {
  const tags = ['cases']
  app.get(
    '/api/cases/search',
    { schema: { tags, querystring: SearchQuery, response: { 200: SearchResult } } },
    (req) => cases.search(db, req.ctx, req.query),
  )
  app.get(
    '/api/cases',
    { schema: { tags, querystring: CaseQuery, response: { 200: pageOf(CaseDto) } } },
    (req) => cases.list(db, req.ctx, req.query),
  )
  app.post(
    '/api/cases',
    { schema: { tags, body: CaseFields, response: { 201: CaseDto } } },
    async (req, reply) => reply.code(201).send(await cases.create(db, req.ctx, req.body)),
  )
  app.post(
    '/api/cases/import',
    { schema: { tags, consumes: ['multipart/form-data'], response: { 201: CaseImportResult } } },
    async (req, reply) => {
      requirePermission(req.ctx, 'case.write')
      const part = await uploadedFile(req, { fileSize: CASE_IMPORT_MAX_BYTES, files: 1 })
      let content: Buffer
      try {
        content = await part.toBuffer()
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw badRequest('file_too_large', `文件超过大小限制（${CASE_IMPORT_MAX_BYTES / 1_048_576} MB）`)
        throw err
      }
      // Optional kind and domain for documents that do not say (fields sent before the file).
      const field = (name: string) => (part.fields[name] as { value?: unknown } | undefined)?.value
      const kind = z
        .enum(CASE_KINDS)
        .optional()
        .safeParse(field('kind') || undefined)
      const domain = z
        .enum(CASE_DOMAINS)
        .optional()
        .safeParse(field('domain') || undefined)
      if (!kind.success || !domain.success) throw badRequest('validation_failed', '类别或领域不正确')
      const result = await importCase(db, req.ctx, {
        fileName: part.filename,
        content,
        kind: kind.data,
        domain: domain.data,
      })
      return reply.code(201).send(result)
    },
  )
  app.get('/api/case-review-criteria', { schema: { tags, response: { 200: ReviewCriteriaDto } } }, (req) =>
    criteria(db, req.ctx),
  )
  app.put(
    '/api/case-review-criteria',
    { schema: { tags, body: PutReviewCriteria, response: { 200: ReviewCriteriaDto } } },
    (req) => putCriteria(db, req.ctx, req.body.criteria),
  )
  app.get('/api/cases/:id', { schema: { tags, params: IdParams, response: { 200: CaseDto } } }, (req) =>
    cases.get(db, req.ctx, req.params.id),
  )
  app.patch(
    '/api/cases/:id',
    { schema: { tags, params: IdParams, body: UpdateCase, response: { 200: CaseDto } } },
    (req) => cases.update(db, req.ctx, req.params.id, req.body),
  )
  app.post(
    '/api/cases/:id/transition',
    { schema: { tags, params: IdParams, body: CaseTransition, response: { 200: CaseDto } } },
    (req) => cases.move(db, req.ctx, req.params.id, req.body),
  )
  app.get(
    '/api/cases/:id/reviews',
    { schema: { tags, params: IdParams, response: { 200: z.array(ReviewDto) } } },
    (req) => cases.reviews(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/cases/:id/reviews',
    { schema: { tags, params: IdParams, body: ReviewBody, response: { 201: z.array(ReviewDto) } } },
    async (req, reply) => reply.code(201).send(await cases.review(db, req.ctx, req.params.id, req.body)),
  )
  app.get(
    '/api/cases/:id/text-originals',
    { schema: { tags, params: IdParams, response: { 200: z.array(TextOriginalDto) } } },
    (req) => cases.textOriginals(db, req.ctx, req.params.id),
  )
  app.get(
    '/api/cases/:id/related',
    { schema: { tags, params: IdParams, response: { 200: z.array(SearchHit) } } },
    (req) => cases.related(db, req.ctx, req.params.id),
  )
  app.get(
    '/api/cases/:id/uses',
    { schema: { tags, params: IdParams, response: { 200: z.array(UseDto) } } },
    (req) => cases.uses(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/cases/:id/uses',
    { schema: { tags, params: IdParams, body: CreateUse, response: { 201: UseDto } } },
    async (req, reply) => reply.code(201).send(await cases.recordUse(db, req.ctx, req.params.id, req.body)),
  )
  app.get(
    '/api/cases/stats',
    { schema: { tags, querystring: z.strictObject({ year: z.coerce.number().int().optional() }) } },
    (req) => caseStats(db, req.ctx, req.query),
  )
  app.get('/api/ledgers/cases.xlsx', { schema: { tags } }, async (req, reply) =>
    sendXlsx(reply, '案例台账.xlsx', await caseLedger(db, req.ctx)),
  )
  app.get('/api/case-batches', { schema: { tags, response: { 200: z.array(BatchDto) } } }, (req) =>
    cases.batches(db, req.ctx),
  )
  app.post(
    '/api/case-batches',
    { schema: { tags, body: CreateBatch, response: { 201: BatchDto } } },
    async (req, reply) => reply.code(201).send(await cases.createBatch(db, req.ctx, req.body)),
  )
  app.patch(
    '/api/case-batches/:id',
    { schema: { tags, params: IdParams, body: UpdateBatch, response: { 200: BatchDto } } },
    (req) => cases.updateBatch(db, req.ctx, req.params.id, req.body),
  )
  app.post(
    '/api/case-batches/:id/publish',
    { schema: { tags, params: IdParams, response: { 200: BatchDto } } },
    (req) => cases.publishBatch(db, req.ctx, req.params.id),
  )
}
