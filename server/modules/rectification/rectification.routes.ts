import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  AddFindings,
  CalendarDay,
  CommonProblemDetailDto,
  CommonProblemDto,
  CommonProblemQuery,
  CreateAction,
  CreateCommonProblem,
  CreateReferral,
  PushSelfInspection,
  ReferralDto,
  ReferralOutcome,
  ReferralQuery,
  ReferralReceipt,
  SelfInspectionDto,
  SelfInspectionReport,
  UpdateCommonProblem,
  CalendarQuery,
  CreateExtension,
  CreateMeasure,
  CreateProgress,
  DecideExtension,
  ExtensionDto,
  ExtensionQuery,
  MeasureDto,
  MeasureQuery,
  PlanDto,
  PlanTransitionBody,
  ProgressDto,
  PutCalendarDay,
  UpdateMeasure,
  UpdatePlan,
  VerificationBody,
  VerificationDto,
  WorkingDaysQuery,
} from '../../../common/rectification'
import { Id, pageOf } from '../../../common/schemas'
import { TargetProgressDto } from '../../../common/inspections'
import { TextOriginalDto } from '../../../common/text'
import type { DB } from '../../db/database'
import { sendXlsx } from '../../plugins/download'
import * as calendar from '../calendar/calendar.service'
import { rectificationLedger } from './ledger'
import * as followUp from './follow-up.service'
import * as rect from './rectification.service'
import { urge } from './reminders'

const IdParams = z.strictObject({ id: Id })
const DateParams = z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })

export const rectificationRoutes: FastifyPluginAsyncZod<{ db: DB; email: boolean }> = async (
  app,
  { db, email },
) => {
  const tags = ['rectification']
  app.get(
    '/api/targets/:id/progress',
    { schema: { tags, params: IdParams, response: { 200: TargetProgressDto } } },
    (req) => rect.targetProgress(db, req.ctx, req.params.id),
  )
  app.get(
    '/api/targets/:id/plan',
    { schema: { tags, params: IdParams, response: { 200: PlanDto } } },
    (req) => rect.getPlan(db, req.ctx, req.params.id),
  )
  app.patch(
    '/api/targets/:id/plan',
    { schema: { tags, params: IdParams, body: UpdatePlan, response: { 200: PlanDto } } },
    (req) => rect.updatePlan(db, req.ctx, req.params.id, req.body),
  )
  app.post(
    '/api/targets/:id/plan/transition',
    { schema: { tags, params: IdParams, body: PlanTransitionBody, response: { 200: PlanDto } } },
    (req) => rect.transitionPlan(db, req.ctx, req.params.id, req.body),
  )

  app.get(
    '/api/measures',
    { schema: { tags, querystring: MeasureQuery, response: { 200: pageOf(MeasureDto) } } },
    (req) => rect.listMeasures(db, req.ctx, req.query),
  )
  app.post(
    '/api/measures',
    { schema: { tags, body: CreateMeasure, response: { 201: MeasureDto } } },
    async (req, reply) => reply.code(201).send(await rect.createMeasure(db, req.ctx, req.body)),
  )
  app.get('/api/measures/:id', { schema: { tags, params: IdParams, response: { 200: MeasureDto } } }, (req) =>
    rect.getMeasure(db, req.ctx, req.params.id),
  )
  app.patch(
    '/api/measures/:id',
    { schema: { tags, params: IdParams, body: UpdateMeasure, response: { 200: MeasureDto } } },
    (req) => rect.updateMeasure(db, req.ctx, req.params.id, req.body),
  )
  app.get(
    '/api/measures/:id/text-originals',
    { schema: { tags, params: IdParams, response: { 200: z.array(TextOriginalDto) } } },
    (req) => rect.measureTextOriginals(db, req.ctx, req.params.id),
  )
  app.delete('/api/measures/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await rect.deleteMeasure(db, req.ctx, req.params.id)
    return reply.code(204).send()
  })
  app.post(
    '/api/measures/:id/urge',
    {
      schema: {
        tags,
        params: IdParams,
        body: z.strictObject({ message: z.string().trim().max(500).optional() }),
        response: { 200: z.object({ recipients: z.number() }) },
      },
    },
    (req) => urge(db, req.ctx, req.params.id, req.body.message, { email }),
  )
  app.get(
    '/api/measures/:id/progress',
    { schema: { tags, params: IdParams, response: { 200: z.array(ProgressDto) } } },
    (req) => rect.progressOf(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/measures/:id/progress',
    { schema: { tags, params: IdParams, body: CreateProgress, response: { 201: ProgressDto } } },
    async (req, reply) => reply.code(201).send(await rect.postProgress(db, req.ctx, req.params.id, req.body)),
  )

  app.get(
    '/api/findings/:id/verification',
    { schema: { tags, params: IdParams, response: { 200: z.array(VerificationDto) } } },
    (req) => rect.verificationOf(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/findings/:id/verification',
    {
      schema: { tags, params: IdParams, body: VerificationBody, response: { 200: z.array(VerificationDto) } },
    },
    (req) => rect.verify(db, req.ctx, req.params.id, req.body),
  )

  app.get(
    '/api/extensions',
    { schema: { tags, querystring: ExtensionQuery, response: { 200: pageOf(ExtensionDto) } } },
    (req) => rect.listExtensions(db, req.ctx, req.query),
  )
  app.post(
    '/api/extensions',
    { schema: { tags, body: CreateExtension, response: { 201: ExtensionDto } } },
    async (req, reply) => reply.code(201).send(await rect.requestExtension(db, req.ctx, req.body)),
  )
  app.post(
    '/api/extensions/:id/decision',
    { schema: { tags, params: IdParams, body: DecideExtension, response: { 200: ExtensionDto } } },
    (req) => rect.decideExtension(db, req.ctx, req.params.id, req.body),
  )

  // referrals (移交)
  app.get(
    '/api/referrals',
    { schema: { tags, querystring: ReferralQuery, response: { 200: pageOf(ReferralDto) } } },
    (req) => followUp.listReferrals(db, req.ctx, req.query),
  )
  app.post(
    '/api/referrals',
    { schema: { tags, body: CreateReferral, response: { 201: ReferralDto } } },
    async (req, reply) => reply.code(201).send(await followUp.createReferral(db, req.ctx, req.body)),
  )
  app.post(
    '/api/referrals/:id/receipt',
    { schema: { tags, params: IdParams, body: ReferralReceipt, response: { 200: ReferralDto } } },
    (req) => followUp.recordReceipt(db, req.ctx, req.params.id, req.body),
  )
  app.post(
    '/api/referrals/:id/outcome',
    { schema: { tags, params: IdParams, body: ReferralOutcome, response: { 200: ReferralDto } } },
    (req) => followUp.recordOutcome(db, req.ctx, req.params.id, req.body),
  )

  // common problems (共性问题) and self-inspections
  app.get(
    '/api/common-problems',
    { schema: { tags, querystring: CommonProblemQuery, response: { 200: pageOf(CommonProblemDto) } } },
    (req) => followUp.listProblems(db, req.ctx, req.query),
  )
  app.post(
    '/api/common-problems',
    { schema: { tags, body: CreateCommonProblem, response: { 201: CommonProblemDetailDto } } },
    async (req, reply) => reply.code(201).send(await followUp.createProblem(db, req.ctx, req.body)),
  )
  app.get(
    '/api/common-problems/:id',
    { schema: { tags, params: IdParams, response: { 200: CommonProblemDetailDto } } },
    (req) => followUp.getProblem(db, req.ctx, req.params.id),
  )
  app.patch(
    '/api/common-problems/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateCommonProblem,
        response: { 200: CommonProblemDetailDto },
      },
    },
    (req) => followUp.updateProblem(db, req.ctx, req.params.id, req.body),
  )
  app.post(
    '/api/common-problems/:id/findings',
    { schema: { tags, params: IdParams, body: AddFindings, response: { 200: CommonProblemDetailDto } } },
    (req) => followUp.addFindings(db, req.ctx, req.params.id, req.body.findingIds),
  )
  app.delete(
    '/api/common-problems/:id/findings/:findingId',
    {
      schema: {
        tags,
        params: z.strictObject({ id: Id, findingId: Id }),
        response: { 200: CommonProblemDetailDto },
      },
    },
    (req) => followUp.removeFinding(db, req.ctx, req.params.id, req.params.findingId),
  )
  app.post(
    '/api/common-problems/:id/actions',
    { schema: { tags, params: IdParams, body: CreateAction, response: { 200: CommonProblemDetailDto } } },
    (req) => followUp.addAction(db, req.ctx, req.params.id, req.body.content),
  )
  app.post(
    '/api/common-problems/:id/self-inspections',
    {
      schema: { tags, params: IdParams, body: PushSelfInspection, response: { 200: CommonProblemDetailDto } },
    },
    (req) => followUp.pushSelfInspections(db, req.ctx, req.params.id, req.body),
  )
  app.get(
    '/api/self-inspections',
    { schema: { tags, response: { 200: z.array(SelfInspectionDto) } } },
    (req) => followUp.mySelfInspections(db, req.ctx),
  )
  app.post(
    '/api/self-inspections/:id/report',
    { schema: { tags, params: IdParams, body: SelfInspectionReport, response: { 200: SelfInspectionDto } } },
    (req) => followUp.reportSelfInspection(db, req.ctx, req.params.id, req.body.report),
  )

  app.get(
    '/api/calendar',
    { schema: { tags, querystring: CalendarQuery, response: { 200: z.array(CalendarDay) } } },
    (req) => calendar.year(db, req.ctx, req.query.year),
  )
  app.get(
    '/api/calendar/working-days',
    {
      schema: {
        tags,
        querystring: WorkingDaysQuery,
        response: { 200: z.object({ from: z.string(), days: z.number(), date: z.string() }) },
      },
    },
    (req) => calendar.shiftWorkingDays(db, req.ctx, req.query.from, req.query.days),
  )
  app.put(
    '/api/calendar/:date',
    { schema: { tags, params: DateParams, body: PutCalendarDay, response: { 200: CalendarDay } } },
    (req) => calendar.put(db, req.ctx, req.params.date, req.body),
  )
  app.delete('/api/calendar/:date', { schema: { tags, params: DateParams } }, async (req, reply) => {
    await calendar.remove(db, req.ctx, req.params.date)
    return reply.code(204).send()
  })

  app.get(
    '/api/ledgers/rectification.xlsx',
    {
      schema: {
        tags,
        querystring: z.strictObject({
          roundId: Id.optional(),
          targetId: Id.optional(),
          status: z.enum(['open', 'done']).optional(),
        }),
      },
    },
    async (req, reply) => {
      const stream = await rectificationLedger(db, req.ctx, req.query)
      const stamp = new Date().toISOString().slice(0, 10)
      return sendXlsx(reply, `整改台账-${stamp}.xlsx`, stream)
    },
  )
}
