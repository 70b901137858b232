import { z } from 'zod'
import { LIMITS } from './limits'
import { Id, PageQuery, IsoDate, patchOf } from './schemas'
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
export const UpdateCase = patchOf(CaseFields)

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
  /** Times units recorded studying or citing it. */
  useCount: z.number().int(),
  actions: z.array(z.string()),
})
export type CaseDto = z.infer<typeof CaseDto>
/** `used=true`: cases studied or cited at least once; `used=false`: never. */
const UsedFilter = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional()
export const CaseQuery = PageQuery.extend({
  kind: z.enum(CASE_KINDS).optional(),
  domain: z.enum(CASE_DOMAINS).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  batchId: Id.optional(),
  q: text(LIMITS.name).optional(),
  used: UsedFilter,
})
export const CaseTransition = z.strictObject({
  action: z.enum(['submit', 'start_review', 'return', 'pass', 'approve', 'reject', 'withdraw']),
  reason: text(LIMITS.text).optional(),
})

/** The review checklist is a table (case_review_criterion); these bounds hold for every row. */
export const CRITERION_LIMITS = { keyMax: 32, nameMax: 50, descriptionMax: 500, scoreMax: 100, count: 20 }
export const ReviewCriterion = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]*$/, '标识须以小写字母开头，只含小写字母、数字和下划线')
    .max(CRITERION_LIMITS.keyMax),
  name: z.string().trim().min(1).max(CRITERION_LIMITS.nameMax),
  max: z.number().int().min(1).max(CRITERION_LIMITS.scoreMax),
  description: text(CRITERION_LIMITS.descriptionMax).default(''),
  active: z.boolean().default(true),
})
/** The whole checklist in its order; criteria left out are removed (reviews keep their own copy). */
export const PutReviewCriteria = z.strictObject({
  criteria: z.array(ReviewCriterion).min(1).max(CRITERION_LIMITS.count),
})
export const ReviewCriterionDto = z.object({
  key: z.string(),
  name: z.string(),
  max: z.number().int(),
  description: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
})
export const ReviewCriteriaDto = z.object({
  items: z.array(ReviewCriterionDto),
  /** Whether this person may change the checklist (a case reviewer at the top unit). */
  canEdit: z.boolean(),
})
/** A criterion as a review stored it. */
export const ScoredCriterion = z.object({ key: z.string(), name: z.string(), max: z.number().int() })
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
  /** The checklist this round was scored on (empty for workflow steps). */
  criteria: z.array(ScoredCriterion),
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
  used: UsedFilter,
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
  useCount: z.number().int(),
  score: z.number(),
  snippet: z.string(),
  highlights: z.array(z.tuple([z.number(), z.number()])),
  /** For related cases: the shared terms that explain the match. */
  sharedTerms: z.array(z.object({ term: z.string(), weight: z.number() })).optional(),
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
    batchId: z.record(z.string(), z.number()),
  }),
  /** Names of the batches in the batch facet, by id. */
  batchNames: z.record(z.string(), z.string()),
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

/** A .docx laid out with the usual headings, read into a draft. */
export const CASE_IMPORT_MAX_BYTES = 10 * 1_048_576
export const ImportFlag = z.object({
  field: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  /** The flagged run with a little text either side, to find it in the editor. */
  context: z.string(),
})
export const CaseImportResult = z.object({
  case: CaseDto,
  /** Damaged runs (mis-decoded characters) the editor should fix, by field. */
  flags: z.array(ImportFlag),
  changes: z.object({ pinyinRemoved: z.number().int(), widthFolded: z.number().int() }),
  /** Things the import had to assume (a default kind or domain). */
  notes: z.array(z.string()),
})
