import { uploadedFile } from '../../plugins/upload'
import { TextOriginalDto } from '../../../common/text'
import type {} from '@fastify/multipart'
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  CategoryDto,
  CreateCategory,
  CreateFinding,
  CreateReportRevision,
  CreateRound,
  CreateTarget,
  CreateTeam,
  FeedbackBody,
  FindingDto,
  FindingHistoryDto,
  FindingQuery,
  FindingTransitionBody,
  ImportJobDto,
  ReportCompareDto,
  ReportCompareQuery,
  ReportRevisionDto,
  RoundDto,
  RoundQuery,
  RoundTransitionBody,
  TargetDto,
  TargetQuery,
  TeamDto,
  UpdateCategory,
  UpdateFinding,
  UpdateRound,
  UpdateTarget,
  UpdateTeam,
} from '../../../common/inspections'
import { Id, pageOf } from '../../../common/schemas'
import type { DB } from '../../db/database'
import { sendXlsx } from '../../plugins/download'
import { badRequest } from '../../errors'
import { requirePermission } from '../access/policy'
import * as importer from './finding-import'
import type { FileStore } from '../files/file-store'
import * as findings from './finding.service'
import * as inspections from './inspection.service'
import * as reports from './report.service'

const IdParams = z.strictObject({ id: Id })
const VersionParams = z.strictObject({ id: Id, version: z.coerce.number().int().min(1) })
const RoundSummary = z.array(
  z.object({
    targetId: Id,
    byStatus: z.record(z.string(), z.number()),
    byCategory: z.record(z.string(), z.number()),
    total: z.number(),
  }),
)

export const inspectionRoutes: FastifyPluginAsyncZod<{
  db: DB
  store: FileStore
  importDir: string
}> = async (app, { db, store, importDir }) => {
  const tags = ['inspections']
  // rounds
  app.get(
    '/api/rounds',
    { schema: { tags, querystring: RoundQuery, response: { 200: pageOf(RoundDto) } } },
    (req) => inspections.listRounds(db, req.ctx, req.query),
  )
  app.post(
    '/api/rounds',
    { schema: { tags, body: CreateRound, response: { 201: RoundDto } } },
    async (req, reply) => reply.code(201).send(await inspections.createRound(db, req.ctx, req.body)),
  )
  app.get('/api/rounds/:id', { schema: { tags, params: IdParams, response: { 200: RoundDto } } }, (req) =>
    inspections.getRound(db, req.ctx, req.params.id),
  )
  app.patch(
    '/api/rounds/:id',
    { schema: { tags, params: IdParams, body: UpdateRound, response: { 200: RoundDto } } },
    (req) => inspections.updateRound(db, req.ctx, req.params.id, req.body),
  )
  app.post(
    '/api/rounds/:id/transition',
    { schema: { tags, params: IdParams, body: RoundTransitionBody, response: { 200: RoundDto } } },
    (req) => inspections.transitionRound(db, req.ctx, req.params.id, req.body),
  )
  app.get(
    '/api/rounds/:id/summary',
    { schema: { tags, params: IdParams, response: { 200: RoundSummary } } },
    (req) => inspections.roundSummary(db, req.ctx, req.params.id),
  )

  // teams
  app.get(
    '/api/rounds/:id/teams',
    { schema: { tags, params: IdParams, response: { 200: z.array(TeamDto) } } },
    (req) => inspections.listTeams(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/rounds/:id/teams',
    { schema: { tags, params: IdParams, body: CreateTeam, response: { 201: TeamDto } } },
    async (req, reply) =>
      reply.code(201).send(await inspections.createTeam(db, req.ctx, req.params.id, req.body)),
  )
  app.patch(
    '/api/teams/:id',
    { schema: { tags, params: IdParams, body: UpdateTeam, response: { 200: TeamDto } } },
    (req) => inspections.updateTeam(db, req.ctx, req.params.id, req.body),
  )
  app.delete('/api/teams/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await inspections.deleteTeam(db, req.ctx, req.params.id)
    return reply.code(204).send()
  })

  // targets
  app.get(
    '/api/targets',
    { schema: { tags, querystring: TargetQuery, response: { 200: pageOf(TargetDto) } } },
    (req) => inspections.listTargets(db, req.ctx, req.query),
  )
  app.post(
    '/api/targets',
    { schema: { tags, body: CreateTarget, response: { 201: TargetDto } } },
    async (req, reply) => reply.code(201).send(await inspections.createTarget(db, req.ctx, req.body)),
  )
  app.get('/api/targets/:id', { schema: { tags, params: IdParams, response: { 200: TargetDto } } }, (req) =>
    inspections.getTarget(db, req.ctx, req.params.id),
  )
  app.patch(
    '/api/targets/:id',
    { schema: { tags, params: IdParams, body: UpdateTarget, response: { 200: TargetDto } } },
    (req) => inspections.updateTarget(db, req.ctx, req.params.id, req.body),
  )
  app.delete('/api/targets/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await inspections.deleteTarget(db, req.ctx, req.params.id)
    return reply.code(204).send()
  })
  app.post(
    '/api/targets/:id/feedback',
    { schema: { tags, params: IdParams, body: FeedbackBody.optional(), response: { 200: TargetDto } } },
    async (req) => {
      await findings.feedback(db, req.ctx, req.params.id)
      return inspections.getTarget(db, req.ctx, req.params.id)
    },
  )

  // inspection reports
  app.get(
    '/api/targets/:id/reports',
    { schema: { tags, params: IdParams, response: { 200: z.array(ReportRevisionDto) } } },
    (req) => reports.list(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/targets/:id/reports',
    { schema: { tags, params: IdParams, body: CreateReportRevision, response: { 201: ReportRevisionDto } } },
    async (req, reply) =>
      reply.code(201).send(await reports.createRevision(db, req.ctx, req.params.id, req.body)),
  )
  app.get(
    '/api/targets/:id/reports/compose',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: z.object({ title: z.string(), body: z.string() }) },
      },
    },
    (req) => reports.compose(db, req.ctx, req.params.id),
  )
  app.get(
    '/api/targets/:id/reports/compare',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: ReportCompareQuery,
        response: { 200: ReportCompareDto },
      },
    },
    (req) => reports.compare(db, req.ctx, req.params.id, req.query.a, req.query.b),
  )
  app.get(
    '/api/targets/:id/reports/:version',
    { schema: { tags, params: VersionParams, response: { 200: ReportRevisionDto } } },
    (req) => reports.get(db, req.ctx, req.params.id, req.params.version),
  )
  app.post(
    '/api/targets/:id/reports/:version/final',
    { schema: { tags, params: VersionParams, response: { 200: ReportRevisionDto } } },
    (req) => reports.markFinal(db, req.ctx, req.params.id, req.params.version),
  )

  // findings
  app.get(
    '/api/findings',
    { schema: { tags, querystring: FindingQuery, response: { 200: pageOf(FindingDto) } } },
    (req) => findings.list(db, req.ctx, req.query),
  )
  app.post(
    '/api/findings',
    { schema: { tags, body: CreateFinding, response: { 201: FindingDto } } },
    async (req, reply) => reply.code(201).send(await findings.create(db, req.ctx, req.body)),
  )
  app.get('/api/findings/:id', { schema: { tags, params: IdParams, response: { 200: FindingDto } } }, (req) =>
    findings.get(db, req.ctx, req.params.id),
  )
  app.patch(
    '/api/findings/:id',
    { schema: { tags, params: IdParams, body: UpdateFinding, response: { 200: FindingDto } } },
    (req) => findings.update(db, req.ctx, req.params.id, req.body),
  )
  app.post(
    '/api/findings/:id/transition',
    { schema: { tags, params: IdParams, body: FindingTransitionBody, response: { 200: FindingDto } } },
    (req) => findings.transitionFinding(db, req.ctx, req.params.id, req.body),
  )
  app.get(
    '/api/findings/:id/text-originals',
    { schema: { tags, params: IdParams, response: { 200: z.array(TextOriginalDto) } } },
    (req) => findings.textOriginals(db, req.ctx, req.params.id),
  )
  app.get(
    '/api/findings/:id/history',
    { schema: { tags, params: IdParams, response: { 200: z.array(FindingHistoryDto) } } },
    (req) => findings.historyOf(db, req.ctx, req.params.id),
  )

  // import from the ledger sheet: preview (validation job), then commit all rows or none
  app.get('/api/findings/import/template.xlsx', { schema: { tags } }, async (req, reply) => {
    requirePermission(req.ctx, 'finding.write')
    return sendXlsx(reply, '巡视问题台账模板.xlsx', await importer.template(db))
  })
  app.post(
    '/api/findings/import',
    { schema: { tags, consumes: ['multipart/form-data'], response: { 202: ImportJobDto } } },
    async (req, reply) => {
      const part = await uploadedFile(req)
      const field = part.fields.targetId as { value?: unknown } | undefined
      const targetId = Id.safeParse(field?.value)
      if (!targetId.success) {
        part.file.resume()
        throw badRequest('validation_failed', '请先指定被巡视单位（targetId 字段须在文件之前）')
      }
      const job = await importer.start(db, store, importDir, req.ctx, {
        targetId: targetId.data,
        fileName: part.filename,
        stream: part.file,
        truncated: () => part.file.truncated,
      })
      void job.run()
      return reply.code(202).send(await importer.get(db, req.ctx, job.id))
    },
  )
  app.get(
    '/api/findings/import/:id',
    { schema: { tags, params: IdParams, response: { 200: ImportJobDto } } },
    (req) => importer.get(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/findings/import/:id/commit',
    { schema: { tags, params: IdParams, response: { 202: ImportJobDto } } },
    async (req, reply) => {
      const { job, run } = await importer.commit(db, req.ctx, req.params.id)
      void run()
      return reply.code(202).send(job)
    },
  )

  // taxonomy
  app.get('/api/taxonomy', { schema: { tags, response: { 200: z.array(CategoryDto) } } }, (req) =>
    findings.taxonomy(db, req.ctx),
  )
  app.post(
    '/api/taxonomy',
    { schema: { tags, body: CreateCategory, response: { 201: CategoryDto } } },
    async (req, reply) => reply.code(201).send(await findings.createCategory(db, req.ctx, req.body)),
  )
  app.patch(
    '/api/taxonomy/:id',
    { schema: { tags, params: IdParams, body: UpdateCategory, response: { 200: CategoryDto } } },
    (req) => findings.updateCategory(db, req.ctx, req.params.id, req.body),
  )
}
