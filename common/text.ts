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
