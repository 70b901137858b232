import { uploadedFile } from '../../plugins/upload'
import { guardZip } from '../../plugins/zip-guard'
import type {} from '@fastify/multipart'
import { TextOriginalDto } from '../../../common/text'
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Id, pageOf } from '../../../common/schemas'
import {
  CampaignDto,
  CreateCampaign,
  CreateSubtask,
  CreateTask,
  InputDto,
  LightRule,
  PutInput,
  QuarterlyReportDto,
  QuarterlyReportQuery,
  ReportTransition,
  SaveReport,
  SubtaskDto,
  TaskDto,
  TaskQuery,
  UpdateCampaign,
  UpdateSubtask,
  UpdateTask,
  UrgeTask,
  NoticeDto,
  Rubric,
  ScoreTask,
  ScoreDto,
  DepartmentScoreDto,
} from '../../../common/tasks'
import type { DB } from '../../db/database'
import { sendXlsx } from '../../plugins/download'
import { badRequest } from '../../errors'
import { requirePermission } from '../access/policy'
import { importTasks, taskTemplate } from './task-import'
import { taskLedger } from './task-ledger'
import * as tasks from './task.service'
import * as followUp from './task-follow-up'

const IdParams = z.strictObject({ id: Id })
const QuarterParams = z.strictObject({ id: Id, quarter: z.coerce.number().int().min(1).max(4) })
const ImportResult = z.object({
  rows: z.number(),
  errorCount: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), code: z.string(), message: z.string() })),
  sample: z.array(z.object({ code: z.string(), title: z.string(), leaderName: z.string() })),
  committed: z.number(),
})

export const taskRoutes: FastifyPluginAsyncZod<{ db: DB; email: boolean }> = async (app, { db, email }) => {
  const tags = ['tasks']
  app.get(
    '/api/tasks',
    {
      schema: {
        tags,
        querystring: TaskQuery,
        response: { 200: pageOf(TaskDto).extend({ lights: z.record(z.string(), z.number()) }) },
      },
    },
    (req) => tasks.list(db, req.ctx, req.query),
  )
  app.post(
    '/api/tasks',
    { schema: { tags, body: CreateTask, response: { 201: TaskDto } } },
    async (req, reply) => reply.code(201).send(await tasks.create(db, req.ctx, req.body)),
  )
  app.get('/api/tasks/light-rule', { schema: { tags, response: { 200: LightRule } } }, async (req) => {
    requirePermission(req.ctx, 'task.read')
    return tasks.lightRule(db, req.ctx.versions)
  })
  app.put(
    '/api/tasks/light-rule',
    { schema: { tags, body: LightRule.strict(), response: { 200: LightRule } } },
    (req) => tasks.setLightRule(db, req.ctx, req.body),
  )
  app.get('/api/tasks/import/template.xlsx', { schema: { tags } }, async (req, reply) => {
    requirePermission(req.ctx, 'task.manage')
    return sendXlsx(reply, '重点督办任务模板.xlsx', await taskTemplate())
  })
  app.post(
    '/api/tasks/import',
    {
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        querystring: z.strictObject({
          year: z.coerce.number().int().min(2000).max(2100),
          mode: z.enum(['preview', 'commit']).default('preview'),
        }),
        response: { 200: ImportResult },
      },
    },
    async (req) => {
      requirePermission(req.ctx, 'task.manage')
      const part = await uploadedFile(req)
      if (!part.filename.toLowerCase().endsWith('.xlsx'))
        throw badRequest('file_type_not_allowed', '请上传 .xlsx 格式的任务台账')
      const buffer = await part.toBuffer()
      await guardZip(buffer)
      return importTasks(db, req.ctx, buffer, req.query.year, req.query.mode)
    },
  )
  app.get('/api/tasks/:id', { schema: { tags, params: IdParams, response: { 200: TaskDto } } }, (req) =>
    tasks.get(db, req.ctx, req.params.id),
  )
  app.patch(
    '/api/tasks/:id',
    { schema: { tags, params: IdParams, body: UpdateTask, response: { 200: TaskDto } } },
    (req) => tasks.update(db, req.ctx, req.params.id, req.body),
  )

  app.get(
    '/api/tasks/:id/text-originals',
    { schema: { tags, params: IdParams, response: { 200: z.array(TextOriginalDto) } } },
    (req) => tasks.textOriginals(db, req.ctx, req.params.id),
  )
  app.get(
    '/api/tasks/:id/subtasks',
    { schema: { tags, params: IdParams, response: { 200: z.array(SubtaskDto) } } },
    (req) => tasks.subtasks(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/tasks/:id/subtasks',
    { schema: { tags, params: IdParams, body: CreateSubtask, response: { 201: SubtaskDto } } },
    async (req, reply) => reply.code(201).send(await tasks.addSubtask(db, req.ctx, req.params.id, req.body)),
  )
  app.patch(
    '/api/subtasks/:id',
    { schema: { tags, params: IdParams, body: UpdateSubtask, response: { 200: SubtaskDto } } },
    (req) => tasks.updateSubtask(db, req.ctx, req.params.id, req.body),
  )

  app.get(
    '/api/tasks/:id/quarters/:quarter/inputs',
    { schema: { tags, params: QuarterParams, response: { 200: z.array(InputDto) } } },
    (req) => tasks.inputs(db, req.ctx, req.params.id, req.params.quarter),
  )
  app.put(
    '/api/tasks/:id/quarters/:quarter/inputs',
    { schema: { tags, params: QuarterParams, body: PutInput, response: { 200: InputDto } } },
    (req) => tasks.putInput(db, req.ctx, req.params.id, req.params.quarter, req.body.content),
  )
  app.get(
    '/api/tasks/:id/quarters/:quarter/report',
    { schema: { tags, params: QuarterParams, response: { 200: QuarterlyReportDto } } },
    (req) => tasks.getReport(db, req.ctx, req.params.id, req.params.quarter),
  )
  app.put(
    '/api/tasks/:id/quarters/:quarter/report',
    { schema: { tags, params: QuarterParams, body: SaveReport, response: { 200: QuarterlyReportDto } } },
    (req) => tasks.saveReport(db, req.ctx, req.params.id, req.params.quarter, req.body),
  )
  app.post(
    '/api/tasks/:id/quarters/:quarter/report/transition',
    {
      schema: { tags, params: QuarterParams, body: ReportTransition, response: { 200: QuarterlyReportDto } },
    },
    (req) => tasks.transitionReport(db, req.ctx, req.params.id, req.params.quarter, req.body),
  )
  app.get(
    '/api/quarterly-reports',
    { schema: { tags, querystring: QuarterlyReportQuery, response: { 200: pageOf(QuarterlyReportDto) } } },
    (req) => tasks.listReports(db, req.ctx, req.query),
  )

  app.post(
    '/api/tasks/:id/urge',
    { schema: { tags, params: IdParams, body: UrgeTask, response: { 201: NoticeDto } } },
    async (req, reply) =>
      reply.code(201).send(await followUp.urgeTask(db, req.ctx, req.params.id, req.body, { email })),
  )
  app.get(
    '/api/supervision-notices',
    {
      schema: {
        tags,
        querystring: z.strictObject({ taskId: Id.optional() }),
        response: { 200: z.array(NoticeDto) },
      },
    },
    (req) => followUp.listNotices(db, req.ctx, req.query.taskId),
  )
  app.get(
    '/api/supervision-notices/:id',
    { schema: { tags, params: IdParams, response: { 200: NoticeDto } } },
    (req) => followUp.getNotice(db, req.ctx, req.params.id),
  )
  app.get('/api/tasks/rubric', { schema: { tags, response: { 200: Rubric } } }, async (req) => {
    requirePermission(req.ctx, 'task.read')
    return followUp.rubric(db)
  })
  app.put('/api/tasks/rubric', { schema: { tags, body: Rubric, response: { 200: Rubric } } }, (req) =>
    followUp.setRubric(db, req.ctx, req.body),
  )
  app.put(
    '/api/tasks/:id/score',
    { schema: { tags, params: IdParams, body: ScoreTask, response: { 200: ScoreDto } } },
    (req) => followUp.scoreTask(db, req.ctx, req.params.id, req.body),
  )
  app.get(
    '/api/task-scores',
    {
      schema: {
        tags,
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: z.object({ tasks: z.array(ScoreDto), departments: z.array(DepartmentScoreDto) }) },
      },
    },
    (req) => followUp.scores(db, req.ctx, req.query.year),
  )

  app.get('/api/campaigns', { schema: { tags, response: { 200: z.array(CampaignDto) } } }, (req) =>
    tasks.campaigns(db, req.ctx),
  )
  app.post(
    '/api/campaigns',
    { schema: { tags, body: CreateCampaign, response: { 201: CampaignDto } } },
    async (req, reply) => reply.code(201).send(await tasks.createCampaign(db, req.ctx, req.body)),
  )
  app.patch(
    '/api/campaigns/:id',
    { schema: { tags, params: IdParams, body: UpdateCampaign, response: { 200: CampaignDto } } },
    (req) => tasks.updateCampaign(db, req.ctx, req.params.id, req.body),
  )

  app.get(
    '/api/ledgers/tasks.xlsx',
    {
      schema: {
        tags,
        querystring: z.strictObject({
          year: z.coerce.number().int().optional(),
          campaignId: Id.optional(),
          departmentId: Id.optional(),
        }),
      },
    },
    async (req, reply) => {
      const stream = await taskLedger(db, req.ctx, req.query)
      return sendXlsx(reply, '督办台账.xlsx', stream)
    },
  )
}
