import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireActor } from '../access/policy'
import { normalizeText } from '../../text/normalize'

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

export const textRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/text/normalize',
    { schema: { tags: ['text'], body: TextBody, response: { 200: NormalizedDto } } },
    async (req) => {
      requireActor(req.ctx)
      return normalizeText(req.body.text)
    },
  )
}
