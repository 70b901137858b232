import {
  SimilarFindingDto,
  SimilarQuery,
  SimilarTextBody,
  SuggestionQuery,
  SuggestionsDto,
} from '../../../common/text'
import * as findings from '../inspections/finding.service'
import { commonProblemSuggestions, findingText, similarFindings } from './similar.service'
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { DB } from '../../db/database'
import { extractDirectives, suggestDepartments } from '../../text/directives'
import { departmentProfiles } from '../meetings/meeting.service'
import { normalizeText, simplify } from '../../text/normalize'
import { requireActor } from '../access/policy'

const TextBody = z.strictObject({ text: z.string().max(200_000) })
const NormalizedDto = z.object({
  original: z.string(),
  normalized: z.string(),
  simplified: z.string(),
  flags: z.array(
    z.object({ kind: z.literal('damaged'), start: z.number(), end: z.number(), text: z.string() }),
  ),
  changes: z.object({ pinyinRemoved: z.number(), widthFolded: z.number() }),
})

const DirectivesDto = z.object({
  normalized: z.string(),
  flags: NormalizedDto.shape.flags,
  directives: z.array(
    z.object({
      index: z.number(),
      text: z.string(),
      title: z.string(),
      start: z.number(),
      end: z.number(),
      timeExpression: z.string().nullable(),
      suggestions: z.array(
        z.object({
          departmentId: z.string(),
          departmentName: z.string(),
          score: z.number(),
          reasons: z.array(z.string()),
        }),
      ),
    }),
  ),
})

export const textRoutes: FastifyPluginAsyncZod<{ db: DB }> = async (app, { db }) => {
  app.get(
    '/api/findings/:id/similar',
    {
      schema: {
        tags: ['text'],
        params: z.strictObject({ id: z.string().uuid() }),
        querystring: SimilarQuery,
        response: { 200: z.array(SimilarFindingDto) },
      },
    },
    async (req) => {
      const f = await findings.get(db, req.ctx, req.params.id)
      return similarFindings(db, req.ctx, {
        text: findingText(f),
        excludeId: f.id,
        targetId: f.targetId,
        ...req.query,
      })
    },
  )
  app.post(
    '/api/findings/similar',
    { schema: { tags: ['text'], body: SimilarTextBody, response: { 200: z.array(SimilarFindingDto) } } },
    (req) => similarFindings(db, req.ctx, req.body),
  )
  app.get(
    '/api/common-problems/suggestions',
    { schema: { tags: ['text'], querystring: SuggestionQuery, response: { 200: SuggestionsDto } } },
    (req) => commonProblemSuggestions(db, req.ctx, req.query),
  )
  app.post(
    '/api/text/directives',
    { schema: { tags: ['text'], body: TextBody, response: { 200: DirectivesDto } } },
    async (req) => {
      const actor = requireActor(req.ctx)
      const { normalized, directives } = extractDirectives(req.body.text)
      const depts = await departmentProfiles(db, actor.unitId)
      return {
        normalized,
        flags: normalizeText(req.body.text).flags,
        directives: directives.map((d) => ({
          ...d,
          suggestions: suggestDepartments(simplify(d.text), depts),
        })),
      }
    },
  )
  app.post(
    '/api/text/normalize',
    { schema: { tags: ['text'], body: TextBody, response: { 200: NormalizedDto } } },
    async (req) => {
      requireActor(req.ctx)
      return normalizeText(req.body.text)
    },
  )
}
