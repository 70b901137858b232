import { z } from 'zod'
import { LIMITS } from './limits'
import { Id, PageQuery, IsoDate } from './schemas'
import { CASE_STATUSES } from './workflows'

const text = (max: number) => z.string().trim().max(max)
const date = IsoDate

export const CASE_KINDS = ['guiding', 'typical'] as const
export const CASE_DOMAINS = ['criminal', 'civil', 'administrative', 'public_interest'] as const

export const CaseFields = z.strictObject({
  kind: z.enum(CASE_KINDS),
  title: z.string().trim().min(1).max(200),
  keywords: z.array(z.string().trim().min(1).max(30)).max(10).default([]),
  gist: text(5000).default(''),
  facts: text(20_000).default(''),
  procuratorialWork: text(20_000).default(''),
  significance: text(10_000).default(''),
  relatedLaws: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  domain: z.enum(CASE_DOMAINS),
})
export const UpdateCase = CaseFields.partial().strict()

export const CaseDto = z.object({
  id: Id,
  kind: z.enum(CASE_KINDS),
  title: z.string(),
  keywords: z.array(z.string()),
  gist: z.string(),
  facts: z.string(),
  procuratorialWork: z.string(),
  significance: z.string(),
  relatedLaws: z.array(z.string()),
  domain: z.enum(CASE_DOMAINS),
  sourceUnitId: Id,
  sourceUnitName: z.string(),
  status: z.enum(CASE_STATUSES),
  number: z.number().int().nullable(),
  numberLabel: z.string().nullable(),
  batchId: Id.nullable(),
  batchName: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  actions: z.array(z.string()),
})
export type CaseDto = z.infer<typeof CaseDto>
export const CaseQuery = PageQuery.extend({
  kind: z.enum(CASE_KINDS).optional(),
  domain: z.enum(CASE_DOMAINS).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  batchId: Id.optional(),
  q: text(LIMITS.name).optional(),
})
export const CaseTransition = z.strictObject({
  action: z.enum(['submit', 'start_review', 'return', 'pass', 'approve', 'reject', 'withdraw']),
  reason: text(LIMITS.text).optional(),
})

export const REVIEW_CRITERIA = [
  { key: 'typicality', name: '典型性', max: 30 },
  { key: 'rule', name: '提炼的司法规则', max: 30 },
  { key: 'completeness', name: '要素完整性', max: 20 },
  { key: 'writing', name: '文字表达', max: 20 },
] as const
export const ReviewBody = z.strictObject({
  scores: z.record(z.string(), z.number().int().min(0).max(100)),
  comment: text(LIMITS.text * 5).default(''),
  decision: z.enum(['return', 'pass']),
})
export const ReviewDto = z.object({
  id: Id,
  round: z.number().int(),
  reviewerName: z.string().nullable(),
  action: z.string(),
  scores: z.record(z.string(), z.number()),
  total: z.number(),
  comment: z.string(),
  createdAt: z.string(),
})

export const BatchDto = z.object({
  id: Id,
  name: z.string(),
  theme: z.string(),
  plannedDate: z.string().nullable(),
  status: z.enum(['planned', 'published']),
  publishedAt: z.string().nullable(),
  cases: z.array(
    z.object({
      id: Id,
      title: z.string(),
      kind: z.enum(CASE_KINDS),
      status: z.string(),
      numberLabel: z.string().nullable(),
    }),
  ),
})
export const CreateBatch = z.strictObject({
  name: z.string().trim().min(1).max(100),
  theme: z.string().trim().min(1).max(200),
  plannedDate: date.nullable().optional(),
  caseIds: z.array(Id).max(100).default([]),
})
export const UpdateBatch = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  theme: z.string().trim().min(1).max(200).optional(),
  plannedDate: date.nullable().optional(),
  caseIds: z.array(Id).max(100).optional(),
})

export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  kind: z.enum(CASE_KINDS).optional(),
  domain: z.enum(CASE_DOMAINS).optional(),
  year: z.coerce.number().int().optional(),
  batchId: Id.optional(),
  keyword: text(30).optional(),
  law: text(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
})
export const SearchHit = z.object({
  id: Id,
  title: z.string(),
  kind: z.enum(CASE_KINDS),
  domain: z.enum(CASE_DOMAINS),
  numberLabel: z.string().nullable(),
  keywords: z.array(z.string()),
  score: z.number(),
  snippet: z.string(),
  highlights: z.array(z.tuple([z.number(), z.number()])),
})
export const SearchResult = z.object({
  items: z.array(SearchHit),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  terms: z.array(z.string()),
  facets: z.object({
    kind: z.record(z.string(), z.number()),
    domain: z.record(z.string(), z.number()),
    year: z.record(z.string(), z.number()),
    keyword: z.record(z.string(), z.number()),
    law: z.record(z.string(), z.number()),
  }),
})

export const CreateUse = z.strictObject({
  kind: z.enum(['studied', 'cited']),
  matter: text(200).default(''),
  note: text(LIMITS.text).default(''),
  usedOn: date,
})
export const UseDto = z.object({
  id: Id,
  caseId: Id,
  unitName: z.string(),
  kind: z.enum(['studied', 'cited']),
  matter: z.string(),
  note: z.string(),
  usedOn: z.string(),
  recordedByName: z.string().nullable(),
})
