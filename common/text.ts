import { z } from 'zod'

/** A run of text a person should look at: offsets into the normalized text. */
export const TextFlagDto = z.object({
  kind: z.literal('damaged'),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
})
/** A field's text as it arrived, kept beside the normalized form that is stored and searched. */
export const TextOriginalDto = z.object({
  field: z.string(),
  original: z.string(),
  flags: z.array(TextFlagDto),
  updatedAt: z.string(),
})
export type TextOriginalDto = z.infer<typeof TextOriginalDto>

export const SharedTermDto = z.object({ term: z.string(), weight: z.number() })
export const SimilarFindingDto = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  targetId: z.string(),
  roundId: z.string(),
  roundName: z.string(),
  unitName: z.string(),
  categoryName: z.string(),
  score: z.number(),
  sharedTerms: z.array(SharedTermDto),
})
export type SimilarFindingDto = z.infer<typeof SimilarFindingDto>
export const SimilarQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  minScore: z.coerce.number().min(0).max(1).default(0.2),
})
/** "Similar findings elsewhere" while a finding is typed. */
export const SimilarTextBody = z.strictObject({
  text: z.string().max(20_000),
  targetId: z.string().uuid().optional(),
  excludeId: z.string().uuid().optional(),
  limit: z.number().int().min(1).max(50).default(8),
  minScore: z.number().min(0).max(1).default(0.2),
})

export const SuggestionQuery = z.strictObject({
  roundId: z.string().uuid().optional(),
  minScore: z.coerce.number().min(0.1).max(1).default(0.4),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  includeLinked: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
})
export const SuggestionDto = z.object({
  key: z.string(),
  score: z.number(),
  keyTerms: z.array(z.string()),
  targetCount: z.number().int(),
  roundCount: z.number().int(),
  commonProblemIds: z.array(z.string()),
  findings: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      unitName: z.string(),
      roundName: z.string(),
      targetId: z.string(),
      categoryName: z.string(),
      commonProblemId: z.string().nullable(),
    }),
  ),
})
export type SuggestionDto = z.infer<typeof SuggestionDto>
export const SuggestionsDto = z.object({ items: z.array(SuggestionDto), examined: z.number().int() })
