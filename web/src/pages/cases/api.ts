// The cases' API (指导性案例、典型案例): the case library and its search, the editing and
// review workflow, publication batches, and study and use. Types come from common/cases as
// types only, so zod stays out of the web bundle.
import type { z } from 'zod'
import type {
  BatchDto as BatchSchema,
  CaseDto,
  CaseFields,
  CaseImportResult as CaseImportSchema,
  CreateBatch,
  CreateUse,
  PutReviewCriteria,
  ReviewCriteriaDto as ReviewCriteriaSchema,
  ReviewDto as ReviewSchema,
  SearchHit as SearchHitSchema,
  SearchResult as SearchResultSchema,
  UpdateBatch,
  UpdateCase,
  UseDto as UseSchema,
} from '../../../../common/cases'
import type { CaseAction, CaseStatus } from '../../../../common/workflows'
import { api, download, type QueryParams } from '../../api/client'
import type { Page } from '../../api/endpoints'

export type { CaseAction, CaseDto, CaseStatus }
export type CaseKind = CaseDto['kind']
export type CaseDomain = CaseDto['domain']
export type BatchDto = z.infer<typeof BatchSchema>
export type ReviewDto = z.infer<typeof ReviewSchema>
export type SearchHit = z.infer<typeof SearchHitSchema>
export type SearchResult = z.infer<typeof SearchResultSchema>
export type UseDto = z.infer<typeof UseSchema>
export type CaseFieldsInput = z.input<typeof CaseFields>
export type UpdateCaseInput = z.input<typeof UpdateCase>
export type CreateBatchInput = z.input<typeof CreateBatch>
export type UpdateBatchInput = z.input<typeof UpdateBatch>
export type CreateUseInput = z.input<typeof CreateUse>
export type ReviewDecision = 'return' | 'pass'
export type FacetName = keyof SearchResult['facets']
export type CaseImportResult = z.infer<typeof CaseImportSchema>
export type ImportFlag = CaseImportResult['flags'][number]
export type ReviewCriteria = z.infer<typeof ReviewCriteriaSchema>
export type ReviewCriterion = ReviewCriteria['items'][number]
export type ScoredCriterion = ReviewDto['criteria'][number]
export type ReviewCriteriaInput = z.input<typeof PutReviewCriteria>

/** The numbers of /api/cases/stats: issued, pending, returned, rejected, withdrawn by dimension. */
export type StatBucket = 'issued' | 'pending' | 'returned' | 'rejected' | 'withdrawn'
export type StatCounts = Record<StatBucket, number>
export interface CaseStats {
  total: StatCounts
  kind: Record<string, StatCounts>
  domain: Record<string, StatCounts>
  quarter: Record<string, StatCounts>
  unit: Record<string, StatCounts>
  usedCases: number
  unusedPublished: number
}

export interface CaseQueryParams extends QueryParams {
  kind?: CaseKind
  domain?: CaseDomain
  status?: CaseStatus
  batchId?: string
  q?: string
  /** 'true': studied or cited at least once; 'false': never. */
  used?: 'true' | 'false'
  page?: number
  pageSize?: number
}

export interface SearchParams extends QueryParams {
  q: string
  kind?: CaseKind
  domain?: CaseDomain
  year?: number
  batchId?: string
  keyword?: string
  law?: string
  used?: 'true' | 'false'
  page?: number
  pageSize?: number
}

export interface ReviewInput {
  scores: Record<string, number>
  comment: string
  decision: ReviewDecision
}

export const casesApi = {
  list: (query: CaseQueryParams, signal?: AbortSignal) => api.get<Page<CaseDto>>('/api/cases', query, signal),
  get: (id: string) => api.get<CaseDto>(`/api/cases/${id}`),
  create: (body: CaseFieldsInput) => api.post<CaseDto>('/api/cases', body),
  update: (id: string, body: UpdateCaseInput) => api.patch<CaseDto>(`/api/cases/${id}`, body),
  transition: (id: string, action: CaseAction, reason?: string) =>
    api.post<CaseDto>(`/api/cases/${id}/transition`, { action, reason }),

  reviews: (id: string) => api.get<ReviewDto[]>(`/api/cases/${id}/reviews`),
  review: (id: string, body: ReviewInput) => api.post<ReviewDto[]>(`/api/cases/${id}/reviews`, body),

  search: (query: SearchParams, signal?: AbortSignal) =>
    api.get<SearchResult>('/api/cases/search', query, signal),
  related: (id: string) => api.get<SearchHit[]>(`/api/cases/${id}/related`),
  uses: (id: string) => api.get<UseDto[]>(`/api/cases/${id}/uses`),
  recordUse: (id: string, body: CreateUseInput) => api.post<UseDto>(`/api/cases/${id}/uses`, body),

  /** Reads a .docx into a new draft; the answer carries the damaged runs to fix. */
  importDocx: (file: File) => {
    const form = new FormData()
    form.append('file', file)
    return api.upload<CaseImportResult>('/api/cases/import', form)
  },
  criteria: () => api.get<ReviewCriteria>('/api/case-review-criteria'),
  putCriteria: (body: ReviewCriteriaInput) => api.put<ReviewCriteria>('/api/case-review-criteria', body),
  stats: (year?: number) => api.get<CaseStats>('/api/cases/stats', { year }),
  ledger: () => download('/api/ledgers/cases.xlsx', {}, 'case-ledger.xlsx'),

  batches: () => api.get<BatchDto[]>('/api/case-batches'),
  createBatch: (body: CreateBatchInput) => api.post<BatchDto>('/api/case-batches', body),
  updateBatch: (id: string, body: UpdateBatchInput) => api.patch<BatchDto>(`/api/case-batches/${id}`, body),
  publishBatch: (id: string) => api.post<BatchDto>(`/api/case-batches/${id}/publish`),
}
