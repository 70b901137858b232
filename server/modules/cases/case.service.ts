import { cleanFields, keepOriginals, originalsOf, type TextOriginal } from '../text/text-original'
import { explainTerms, jaccard, termsOfWords } from '../../text/similarity'
import { keysOfWords, sharingKeys, storeKeys } from '../text/similar.service'
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import type { CaseDto } from '../../../common/cases'
import type { Role } from '../../../common/roles'
import {
  CASE_WORKFLOW,
  actionsFrom,
  transition,
  type CaseAction,
  type CaseStatus,
} from '../../../common/workflows'
import { nextValue } from '../../db/counter'
import type { DB } from '../../db/database'
import { versioned, type Versions } from '../../db/versioned'
import { shaped } from '../../db/prepared'
import {
  caseHits,
  caseTokenCounts,
  indexCaseTokens,
  indexedCaseCount,
  searchCaseTokens,
  notSought,
  startsWith,
} from '../../db/dialect'
import type { Database, LegalCaseTable } from '../../db/schema'
import { AppError, badRequest, conflict, forbidden, hidden, notFound } from '../../errors'
import type { Actor, Ctx } from '../access/context'
import { pathInScope, requirePermission, rolePaths } from '../access/policy'
import * as audit from '../audit/audit.service'
import { normalizeText, simplify } from '../../text/normalize'
import { activeCriteria, type ScoredCriterion } from './case-criteria'
import { words } from '../../text/segment'
import { keep, keptWith, remembered } from '../../bounded'

const PUBLIC: readonly string[] = ['published', 'withdrawn']
const CN_NUM = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 检例第N号, the label of a guiding case's number. */
export function numberLabel(n: number | null) {
  return n == null ? null : `检例第${n}号`
}

export type CaseFields = {
  kind: 'guiding' | 'typical'
  title: string
  keywords: string[]
  gist: string
  facts: string
  procuratorialWork: string
  significance: string
  relatedLaws: string[]
  domain: string
}

/** The words a case is found by: its text normalized, simplified and segmented. */
export function searchTokens(
  c: Pick<
    CaseFields,
    'title' | 'keywords' | 'gist' | 'facts' | 'procuratorialWork' | 'significance' | 'relatedLaws'
  >,
) {
  const text = [
    c.title,
    c.keywords.join(' '),
    c.gist,
    c.facts,
    c.procuratorialWork,
    c.significance,
    c.relatedLaws.join(' '),
  ].join('\n')
  return words(simplify(normalizeText(text).normalized)).join(' ')
}

function base(db: DB) {
  return db
    .selectFrom('legalCase as c')
    .innerJoin('unit as u', 'u.id', 'c.sourceUnitId')
    .leftJoin('caseBatch as b', 'b.id', 'c.batchId')
    .selectAll('c')
    .select(['u.name as sourceUnitName', 'u.path as unitPath', 'b.name as batchName'])
    .select((eb) => useCountOf(eb).as('useCount'))
}

/** How many times a case (`c`) was recorded as studied or cited: a count over case_use's case index. */
function useCountOf(eb: ExpressionBuilder<Database & { c: LegalCaseTable }, 'c'>) {
  return eb
    .selectFrom('caseUse as x')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('x.caseId', '=', 'c.id')
}

/** Cases used at least once (`used`) or never (`!used`). */
function usedFilter(eb: ExpressionBuilder<Database & { c: LegalCaseTable }, 'c'>, used: boolean) {
  const uses = eb.selectFrom('caseUse as x').select('x.id').whereRef('x.caseId', '=', 'c.id')
  return used ? eb.exists(uses) : eb.not(eb.exists(uses))
}
type Row = NonNullable<Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirst']>>>

// The library's version. Every transaction that writes what search reads (a case, its batch, a
// use of it) moves it on first (`library.touch`), so that every such transaction takes the
// counter's row lock before any case's (PostgreSQL: no deadlock between them). Search keeps its
// hits under the version they were read at (searchHits), in the plan that also holds the word
// counts they were planned with and ages out with them (planAt): that state is kept there.
const library = versioned('case_library', () => null)

/** The roles an actor plays toward a case; published cases are read by everyone who reads cases. */
function rolesOn(actor: Actor, c: { unitPath: string; status: string }): Role[] {
  const roles: Role[] = []
  for (const r of ['case_editor', 'case_reviewer', 'case_committee'] as const) {
    if (pathInScope(rolePaths(actor, [r]), c.unitPath)) roles.push(r)
  }
  return roles
}

function present(actor: Actor, c: Row): CaseDto {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    keywords: JSON.parse(c.keywords),
    gist: c.gist,
    facts: c.facts,
    procuratorialWork: c.procuratorialWork,
    significance: c.significance,
    relatedLaws: JSON.parse(c.relatedLaws),
    domain: c.domain as CaseDto['domain'],
    sourceUnitId: c.sourceUnitId,
    sourceUnitName: c.sourceUnitName,
    status: c.status as CaseStatus,
    number: c.number,
    numberLabel: numberLabel(c.number),
    batchId: c.batchId,
    batchName: c.batchName ?? null,
    publishedAt: c.publishedAt,
    createdAt: c.createdAt,
    useCount: Number(c.useCount ?? 0),
    actions: actionsFrom(CASE_WORKFLOW, c.status as CaseStatus, rolesOn(actor, c)),
  }
}

async function load(db: DB, ctx: Ctx, id: string) {
  const actor = requirePermission(ctx, 'case.read')
  const c = await base(db).where('c.id', '=', id).executeTakeFirst()
  if (!c) throw notFound('case')
  const roles = rolesOn(actor, c)
  // Before publication a case is read by its editors, reviewers and the committee; the
  // reviewers and committee of the top unit see everything submitted.
  const visible =
    PUBLIC.includes(c.status) ||
    roles.includes('case_editor') ||
    ((roles.includes('case_reviewer') || roles.includes('case_committee')) && c.status !== 'draft')
  if (!visible) throw hidden('case')
  return { actor, row: c, roles }
}

export async function get(db: DB, ctx: Ctx, id: string) {
  const { actor, row } = await load(db, ctx, id)
  return present(actor, row)
}

export async function list(
  db: DB,
  ctx: Ctx,
  q: {
    kind?: string
    domain?: string
    status?: string
    batchId?: string
    q?: string
    used?: boolean
    page: number
    pageSize: number
  },
) {
  const actor = requirePermission(ctx, 'case.read')
  const editor = rolePaths(actor, ['case_editor'])
  const reviewer = rolePaths(actor, ['case_reviewer', 'case_committee'])
  // The cases one reads, on the case's own columns (a unit scope becomes the ids of the units
  // under it): counting then reads an index alone, not 50,000 cases joined to their units.
  // No condition at all for an editor of every unit; none that is always false or true.
  const fromUnits = (eb: ExpressionBuilder<Database & { c: LegalCaseTable }, 'c'>, paths: string[]) =>
    eb(
      'c.sourceUnitId',
      'in',
      eb
        .selectFrom('unit as su')
        .select('su.id')
        .where((w) => w.or(paths.map((p) => startsWith(w.ref('su.path'), p)))),
    )
  // Most cases are published, so status is a poor key to seek by: the page is read in its
  // order (creation, or within a kind or domain) and a count by title from the titles' index;
  // other counts seek by status, in the (status, kind) index.
  const readable = (eb: ExpressionBuilder<Database & { c: LegalCaseTable }, 'c'>, seekStatus: boolean) => {
    const ors = [eb(seekStatus ? eb.ref('c.status') : notSought(db, 'c.status'), 'in', PUBLIC)]
    if (editor.length) ors.push(fromUnits(eb, editor as string[]))
    if (reviewer === 'all') ors.push(eb('c.status', '!=', 'draft'))
    else if (reviewer.length) ors.push(eb.and([fromUnits(eb, reviewer), eb('c.status', '!=', 'draft')]))
    return eb.or(ors)
  }
  const filter = <Q extends SelectQueryBuilder<Database & { c: LegalCaseTable }, 'c' | any, any>>(
    qb: Q,
    seekStatus: boolean,
  ): Q => {
    let f = editor === 'all' ? qb : qb.where((eb) => readable(eb, seekStatus))
    if (q.kind) f = f.where('c.kind', '=', q.kind as 'guiding' | 'typical')
    if (q.domain) f = f.where('c.domain', '=', q.domain)
    if (q.status) f = f.where('c.status', '=', q.status)
    if (q.batchId) f = f.where('c.batchId', '=', q.batchId)
    if (q.q) f = f.where('c.title', 'like', `%${q.q.replace(/[%_\\]/g, '')}%`)
    if (q.used !== undefined) {
      const used = q.used
      f = f.where((eb) => usedFilter(eb, used))
    }
    return f as Q
  }
  const [items, total] = await Promise.all([
    filter(base(db), false)
      .orderBy('c.createdAt', 'desc')
      .orderBy('c.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    // by title, the count reads the titles' index (status and unit beside them), not by status
    filter(db.selectFrom('legalCase as c'), !q.q)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return {
    items: items.map((c) => present(actor, c)),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  }
}

/** Inserts a case and indexes it; the caller provides the transaction. */
export async function insertCase(trx: DB, row: Omit<LegalCaseTable, 'searchTokens'>) {
  await library.touch(trx)
  const tokens = searchTokens({
    ...row,
    keywords: JSON.parse(row.keywords),
    relatedLaws: JSON.parse(row.relatedLaws),
  })
  await trx
    .insertInto('legalCase')
    .values({ ...row, searchTokens: tokens })
    .execute()
  await indexCaseTokens(trx, row.id, tokens)
  await storeKeys(trx, 'case', [{ id: row.id, keys: keysOfWords(tokens.split(' ')) }], 'fresh')
}

/** The free-text fields normalized on entry, their originals kept (server/modules/text/text-original.ts). */
export const CASE_TEXT = ['title', 'gist', 'facts', 'procuratorialWork', 'significance'] as const

/** The case's text as it arrived, where normalization changed it or flagged damage. */
export async function textOriginals(db: DB, ctx: Ctx, id: string) {
  await load(db, ctx, id)
  return originalsOf(db, 'case', id)
}

export async function create(db: DB, ctx: Ctx, input: CaseFields) {
  const text = cleanFields(input, CASE_TEXT)
  const id = await insertDraft(
    db,
    ctx,
    text.values,
    {
      action: 'case.create',
      details: {},
    },
    text,
  )
  return get(db, ctx, id)
}

/**
 * A new draft from fields already normalized, with its audit event in the same transaction;
 * `event` names the action (create, import) and what it records besides title and kind.
 */
export async function insertDraft(
  db: DB,
  ctx: Ctx,
  f: CaseFields,
  event: { action: string; details: Record<string, unknown> },
  text?: { originals: TextOriginal[]; touched: string[] },
) {
  const actor = requirePermission(ctx, 'case.write')
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await insertCase(trx, {
      id,
      kind: f.kind,
      title: f.title,
      keywords: JSON.stringify(f.keywords),
      gist: f.gist,
      facts: f.facts,
      procuratorialWork: f.procuratorialWork,
      significance: f.significance,
      relatedLaws: JSON.stringify(f.relatedLaws),
      domain: f.domain,
      sourceUnitId: actor.unitId,
      status: 'draft',
      number: null,
      batchId: null,
      createdBy: actor.id,
      submittedAt: null,
      approvedAt: null,
      publishedAt: null,
      withdrawnAt: null,
      createdAt: now,
      updatedAt: now,
    })
    await audit.record(trx, ctx, {
      action: event.action,
      objectType: 'case',
      objectId: id,
      details: { title: f.title, kind: f.kind, ...event.details },
    })
    if (text) await keepOriginals(trx, 'case', id, text)
  })
  return id
}

export async function update(db: DB, ctx: Ctx, id: string, input: Partial<CaseFields>) {
  const { row, roles } = await load(db, ctx, id)
  if (!roles.includes('case_editor')) throw forbidden('只有案例编辑可以修改')
  if (row.status !== 'draft' && row.status !== 'returned')
    throw conflict('case_locked', '已报送的案例不能修改；被退回后可修改')
  const text = cleanFields(input, CASE_TEXT)
  const f = text.values
  await db.transaction().execute(async (trx) => {
    await library.touch(trx)
    await keepOriginals(trx, 'case', id, text)
    const merged = {
      title: f.title ?? row.title,
      keywords: f.keywords ?? JSON.parse(row.keywords),
      gist: f.gist ?? row.gist,
      facts: f.facts ?? row.facts,
      procuratorialWork: f.procuratorialWork ?? row.procuratorialWork,
      significance: f.significance ?? row.significance,
      relatedLaws: f.relatedLaws ?? JSON.parse(row.relatedLaws),
    }
    const tokens = searchTokens(merged)
    await trx
      .updateTable('legalCase')
      .set({
        ...merged,
        keywords: JSON.stringify(merged.keywords),
        relatedLaws: JSON.stringify(merged.relatedLaws),
        ...(f.kind && { kind: f.kind }),
        ...(f.domain && { domain: f.domain }),
        searchTokens: tokens,
        updatedAt: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute()
    await indexCaseTokens(trx, id, tokens)
    await storeKeys(trx, 'case', [{ id, keys: keysOfWords(tokens.split(' ')) }])
    await audit.record(trx, ctx, {
      action: 'case.update',
      objectType: 'case',
      objectId: id,
      details: { fields: Object.keys(input) },
    })
  })
  return get(db, ctx, id)
}

export async function move(db: DB, ctx: Ctx, id: string, input: { action: CaseAction; reason?: string }) {
  const { row, roles } = await load(db, ctx, id)
  const from = row.status as CaseStatus
  const t = transition(CASE_WORKFLOW, from, input.action, roles)
  if (!t.ok) throw new AppError(t.code === 'forbidden' ? 403 : 409, t.code, t.message)
  const needsReason = CASE_WORKFLOW.find((x) => x.from === from && x.action === input.action)?.reason
  if (needsReason && !input.reason?.trim()) throw badRequest('reason_required', '请填写理由')
  await db.transaction().execute(async (trx) => {
    await library.touch(trx)
    const now = new Date().toISOString()
    const moved = await trx
      .updateTable('legalCase')
      .set({
        status: t.to,
        updatedAt: now,
        ...(input.action === 'submit' && { submittedAt: now }),
        ...(input.action === 'approve' && { approvedAt: now }),
        ...(input.action === 'withdraw' && { withdrawnAt: now }),
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1)
      throw conflict('stale_status', '案例状态已被他人更改，请刷新后重试')
    const round = Number(
      (
        await trx
          .selectFrom('caseReview')
          .select((eb) => eb.fn.max('round').as('r'))
          .where('caseId', '=', id)
          .executeTakeFirst()
      )?.r ?? 0,
    )
    await trx
      .insertInto('caseReview')
      .values({
        id: uuidv7(),
        caseId: id,
        round: input.action === 'submit' ? round + 1 : Math.max(round, 1),
        reviewerId: ctx.actor!.id,
        action: input.action,
        scores: '{}',
        comment: input.reason ?? '',
        snapshot: null,
        criteria: null,
        createdAt: now,
      })
      .execute()
    await audit.record(trx, ctx, {
      action: `case.${input.action}`,
      objectType: 'case',
      objectId: id,
      details: { from, to: t.to, reason: input.reason },
    })
  })
  return get(db, ctx, id)
}

/** A reviewer scores the case on the checklist and returns it with comments or passes it on; every round is kept. */
export async function review(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { scores: Record<string, number>; comment: string; decision: 'return' | 'pass' },
) {
  const { row, roles } = await load(db, ctx, id)
  if (!roles.includes('case_reviewer')) throw forbidden('只有案例审核人员可以审核')
  if (row.status !== 'in_review') throw conflict('invalid_transition', '案例不在审核中')
  if (input.decision === 'return' && !input.comment.trim())
    throw badRequest('reason_required', '退回须填写修改意见')
  await db.transaction().execute(async (trx) => {
    await library.touch(trx)
    // Scored against the checklist as it stands in this transaction, and stored with it.
    const criteria = await activeCriteria(trx)
    checkScores(criteria, input.scores)
    const now = new Date().toISOString()
    const moved = await trx
      .updateTable('legalCase')
      .set({ status: input.decision === 'return' ? 'returned' : 'committee', updatedAt: now })
      .where('id', '=', id)
      .where('status', '=', 'in_review')
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1)
      throw conflict('stale_status', '案例状态已被他人更改，请刷新后重试')
    const round = Number(
      (
        await trx
          .selectFrom('caseReview')
          .select((eb) => eb.fn.max('round').as('r'))
          .where('caseId', '=', id)
          .executeTakeFirst()
      )?.r ?? 1,
    )
    const snapshot = JSON.stringify({
      title: row.title,
      gist: row.gist,
      facts: row.facts,
      procuratorialWork: row.procuratorialWork,
      significance: row.significance,
    })
    await trx
      .insertInto('caseReview')
      .values({
        id: uuidv7(),
        caseId: id,
        round,
        reviewerId: ctx.actor!.id,
        action: input.decision,
        scores: JSON.stringify(input.scores),
        comment: input.comment,
        snapshot,
        criteria: JSON.stringify(criteria),
        createdAt: now,
      })
      .execute()
    await audit.record(trx, ctx, {
      action: `case.review_${input.decision}`,
      objectType: 'case',
      objectId: id,
      details: { scores: input.scores },
    })
  })
  return reviews(db, ctx, id)
}

/** Every active criterion scored, none above its maximum, no score for a criterion not on the list. */
export function checkScores(criteria: ScoredCriterion[], scores: Record<string, number>) {
  for (const c of criteria) {
    const v = scores[c.key]
    if (v === undefined) throw badRequest('score_incomplete', `请为“${c.name}”打分`, { key: c.key })
    if (v > c.max) throw badRequest('score_exceeds', `“${c.name}”最高${c.max}分`, { key: c.key })
  }
  const unknown = Object.keys(scores).filter((k) => !criteria.some((c) => c.key === k))
  if (unknown.length)
    throw badRequest('score_unknown_criterion', '评分项不在当前评审标准中，请刷新后重新打分', {
      keys: unknown,
    })
}

export async function reviews(db: DB, ctx: Ctx, id: string) {
  await load(db, ctx, id)
  const rows = await db
    .selectFrom('caseReview as r')
    .leftJoin('appUser as u', 'u.id', 'r.reviewerId')
    .select([
      'r.id',
      'r.round',
      'u.displayName as reviewerName',
      'r.action',
      'r.scores',
      'r.comment',
      'r.criteria',
      'r.createdAt',
    ])
    .where('r.caseId', '=', id)
    .orderBy('r.createdAt')
    .orderBy('r.id')
    .execute()
  return rows.map((r) => {
    const scores = JSON.parse(r.scores) as Record<string, number>
    return {
      ...r,
      reviewerName: r.reviewerName ?? null,
      scores,
      criteria: r.criteria ? (JSON.parse(r.criteria) as ScoredCriterion[]) : [],
      total: Object.values(scores).reduce((a, b) => a + b, 0),
    }
  })
}

// ---- batches and gap-free numbering
export function batchName(n: number) {
  if (n < 10) return `第${CN_NUM[n]}批`
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `第${tens === 1 ? '' : CN_NUM[tens]}十${ones ? CN_NUM[ones] : ''}批`
}

async function batchDto(db: DB, id: string) {
  const b = await db.selectFrom('caseBatch').selectAll().where('id', '=', id).executeTakeFirst()
  if (!b) throw notFound('batch')
  const cases = await db
    .selectFrom('legalCase')
    .select(['id', 'title', 'kind', 'status', 'number'])
    .where('batchId', '=', id)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
  return {
    id: b.id,
    name: b.name,
    theme: b.theme,
    plannedDate: b.plannedDate,
    status: b.status,
    publishedAt: b.publishedAt,
    cases: cases.map((c) => ({
      id: c.id,
      title: c.title,
      kind: c.kind,
      status: c.status,
      numberLabel: numberLabel(c.number),
    })),
  }
}

function requireCommittee(ctx: Ctx) {
  const actor = requirePermission(ctx, 'case.review')
  if (rolePaths(actor, ['case_committee']) !== 'all') throw forbidden('批次由最高检检察委员会办事机构管理')
  return actor
}

export async function batches(db: DB, ctx: Ctx) {
  requirePermission(ctx, 'case.read')
  const rows = await db.selectFrom('caseBatch').select('id').orderBy('createdAt', 'desc').execute()
  const out = []
  for (const r of rows) out.push(await batchDto(db, r.id))
  return out
}

async function assignCases(trx: DB, batchId: string, caseIds: string[]) {
  await trx
    .updateTable('legalCase')
    .set({ batchId: null })
    .where('batchId', '=', batchId)
    .where('status', '=', 'approved')
    .execute()
  if (caseIds.length === 0) return
  const rows = await trx
    .selectFrom('legalCase')
    .select(['id', 'status', 'batchId'])
    .where('id', 'in', caseIds)
    .execute()
  const bad = rows.filter((r) => r.status !== 'approved' || (r.batchId && r.batchId !== batchId))
  if (rows.length !== new Set(caseIds).size || bad.length)
    throw conflict('case_not_approved', '只有已通过且未编入其他批次的案例可以编入批次', {
      caseIds: bad.map((b) => b.id),
    })
  await trx.updateTable('legalCase').set({ batchId }).where('id', 'in', caseIds).execute()
}

export async function createBatch(
  db: DB,
  ctx: Ctx,
  input: { name: string; theme: string; plannedDate?: string | null; caseIds: string[] },
) {
  requireCommittee(ctx)
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    await library.touch(trx)
    const now = new Date().toISOString()
    await trx
      .insertInto('caseBatch')
      .values({
        id,
        name: input.name,
        theme: input.theme,
        plannedDate: input.plannedDate ?? null,
        status: 'planned',
        publishedAt: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    await assignCases(trx, id, input.caseIds)
    await audit.record(trx, ctx, {
      action: 'batch.create',
      objectType: 'case_batch',
      objectId: id,
      details: { name: input.name, cases: input.caseIds.length },
    })
  })
  return batchDto(db, id)
}

export async function updateBatch(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { name?: string; theme?: string; plannedDate?: string | null; caseIds?: string[] },
) {
  requireCommittee(ctx)
  await db.transaction().execute(async (trx) => {
    await library.touch(trx)
    const b = await trx.selectFrom('caseBatch').select('status').where('id', '=', id).executeTakeFirst()
    if (!b) throw notFound('batch')
    if (b.status === 'published') throw conflict('batch_published', '已发布的批次不能修改')
    const { caseIds, ...rest } = input
    await trx
      .updateTable('caseBatch')
      .set({ ...rest, updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .execute()
    if (caseIds) await assignCases(trx, id, caseIds)
    await audit.record(trx, ctx, {
      action: 'batch.update',
      objectType: 'case_batch',
      objectId: id,
      details: { ...input },
    })
  })
  return batchDto(db, id)
}

/**
 * Publishes a batch: its guiding cases take the next numbers 检例第N号 from one counter,
 * locked for the transaction, so concurrent publications never leave a gap or reuse one.
 */
export async function publishBatch(db: DB, ctx: Ctx, id: string) {
  requireCommittee(ctx)
  await db.transaction().execute(async (trx) => {
    await library.touch(trx)
    const now = new Date().toISOString()
    const moved = await trx
      .updateTable('caseBatch')
      .set({ status: 'published', publishedAt: now, updatedAt: now })
      .where('id', '=', id)
      .where('status', '=', 'planned')
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) {
      const b = await trx.selectFrom('caseBatch').select('id').where('id', '=', id).executeTakeFirst()
      if (!b) throw notFound('batch')
      throw conflict('batch_published', '该批次已发布')
    }
    const cases = await trx
      .selectFrom('legalCase')
      .select(['id', 'kind'])
      .where('batchId', '=', id)
      .where('status', '=', 'approved')
      .orderBy('createdAt')
      .orderBy('id')
      .execute()
    if (cases.length === 0) throw conflict('batch_empty', '批次中没有已通过的案例')
    for (const c of cases) {
      const number = c.kind === 'guiding' ? await nextValue(trx, 'guiding_case_number') : null
      await trx
        .updateTable('legalCase')
        .set({ status: 'published', publishedAt: now, number, updatedAt: now })
        .where('id', '=', c.id)
        .execute()
    }
    await audit.record(trx, ctx, {
      action: 'batch.publish',
      objectType: 'case_batch',
      objectId: id,
      details: { cases: cases.length },
    })
  })
  return batchDto(db, id)
}

// ---- search, related cases, use
function snippet(text: string, terms: string[]) {
  const plain = simplify(text)
  let at = -1
  for (const t of terms) {
    const i = plain.indexOf(t)
    if (i >= 0 && (at < 0 || i < at)) at = i
  }
  const start = Math.max(0, at - 30)
  const s = text.slice(start, start + 120)
  const sp = plain.slice(start, start + 120)
  const highlights: [number, number][] = []
  for (const t of terms) {
    if (t.length < 2) continue
    for (let i = sp.indexOf(t); i >= 0; i = sp.indexOf(t, i + t.length)) highlights.push([i, i + t.length])
  }
  highlights.sort((a, b) => a[0] - b[0])
  return {
    snippet: (start > 0 ? '…' : '') + s + (start + 120 < text.length ? '…' : ''),
    highlights: highlights.map(
      ([a, b]) => [a + (start > 0 ? 1 : 0), b + (start > 0 ? 1 : 0)] as [number, number],
    ),
  }
}

/**
 * A library hit's fields from its row and its snippet, as search and related cases answer them:
 * one literal (a spread of a hit's fields into an item costs more than the rest of the item).
 */
function hitOf(
  r: {
    id: string
    title: string
    kind: CaseDto['kind']
    domain: string
    number: number | null
    keywords: string
    useCount: unknown
  },
  score: number,
  s: { snippet: string; highlights: [number, number][] },
) {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    domain: r.domain as CaseDto['domain'],
    numberLabel: numberLabel(r.number),
    keywords: JSON.parse(r.keywords) as string[],
    useCount: Number(r.useCount ?? 0),
    score,
    snippet: s.snippet,
    highlights: s.highlights,
  }
}

// Candidates per tier; as many cases holding every word as make the any-word tier unneeded; and
// the matches the full-text engine ranks at most per tier (dialect.ts caseHits), about 10 ms of
// BM25 or ts_rank on either engine.
const CANDIDATES = 1000
const ENOUGH = 200
const RANK_BUDGET = 2000

/** A query's words, remembered for the queries asked again (paging, facets, the next keystroke). */
const termsOfQuery = remembered(1000, (q: string) => [
  ...new Set(words(simplify(normalizeText(q).normalized))),
])

// How many cases hold a word changes slowly, and counting a common one costs a millisecond or two;
// a word no case holds yet is counted again each time (cheaply), so a new case is found at once.
const COUNTS_TTL_MS = 60_000
type Plan = {
  at: number
  cases: number
  counts: Map<string, number>
  /** The library version what follows was read at: the hits of each query (searchHits) and the
   * full-text candidates of related cases, by their words (related). */
  version: number
  hits: Map<string, Hit[]>
  hitRows: number
  byWords: Map<string, { caseId: string; score: number }[]>
}
const plans = new WeakMap<DB, Plan>()

/** The planning state of a database: kept a minute, then counted afresh with its hits. */
function planOf(db: DB) {
  let entry = plans.get(db)
  if (!entry || Date.now() - entry.at > COUNTS_TTL_MS || entry.counts.size > 10_000) {
    entry = {
      at: Date.now(),
      cases: 0,
      counts: new Map(),
      version: -1,
      hits: new Map(),
      hitRows: 0,
      byWords: new Map(),
    }
    plans.set(db, entry)
  }
  return entry
}

/**
 * The planning state of a database for an answer read at library version `version`, what was
 * kept at an earlier version dropped; none when a request has seen a later version already.
 */
function planAt(db: DB, version: number): Plan | null {
  const plan = planOf(db)
  if (version > plan.version) {
    plan.version = version
    plan.hits.clear()
    plan.hitRows = 0
    plan.byWords.clear()
  }
  return plan.version === version ? plan : null
}

/** The library's size and the cases holding each word (dialect.ts), kept a minute per database. */
async function countsOf(db: DB, terms: string[]) {
  const entry = planOf(db)
  // (0 until PostgreSQL has statistics: asked again until then)
  if (!entry.cases) entry.cases = await indexedCaseCount(db)
  const counts = new Map(terms.map((t) => [t, entry.counts.get(t)]))
  const missing = terms.filter((t) => counts.get(t) === undefined)
  if (missing.length)
    for (const [t, n] of await caseTokenCounts(db, missing)) {
      counts.set(t, n)
      if (n > 0) entry.counts.set(t, n)
    }
  return { cases: entry.cases, count: (t: string) => counts.get(t) ?? 0 }
}

/**
 * Search hits with the fields filters and facets read, best first: the cases holding every word,
 * then (when fewer than ENOUGH do) those holding some of the rarest words, below them. A word no
 * case holds is left out: it is most often a word cut differently from the texts (a fragment
 * ending mid-word) and would empty the first tier. The second tier asks for the rarest words whose
 * cases fit the ranking budget, since BM25's order comes from them (a word in half the library
 * weighs next to nothing); each tier ranks at most RANK_BUDGET matches. When every word is in
 * more than half the library no tier is ranked: FTS5 floors such a word's idf at 1e-6, so BM25
 * only orders by noise (the old scores all showed as 1.000), and ts_rank by counts of 年 or 月.
 */
async function hitsOf(db: DB, terms: string[], withUse: boolean) {
  const { cases, count } = await countsOf(db, terms)
  const known = terms.filter((t) => count(t) > 0).sort((a, b) => count(a) - count(b))
  if (!known.length) return []
  const rank = !cases || count(known[0]) <= cases / 2
  const tier = (words: string[], mode: 'all' | 'any') =>
    db
      .selectFrom(caseHits(db, words, { mode, limit: CANDIDATES, budget: RANK_BUDGET, rank }).as('c'))
      .select([
        'c.id',
        'c.score',
        'c.kind',
        'c.domain',
        'c.keywords',
        'c.relatedLaws',
        'c.batchId',
        'c.publishedAt',
        'c.createdAt',
        'c.status',
      ])
      .$if(withUse, (qb) =>
        qb.select((eb) =>
          eb
            .exists(eb.selectFrom('caseUse as x').select('x.id').whereRef('x.caseId', '=', 'c.id'))
            .as('used'),
        ),
      )
      .execute()
  const all = await tier(known, 'all')
  let some: typeof all = []
  if (all.length < ENOUGH && known.length > 1) {
    const rare = known.slice(0, 1)
    let sum = count(known[0])
    for (const t of known.slice(1)) {
      if (sum + count(t) > RANK_BUDGET) break
      rare.push(t)
      sum += count(t)
    }
    some = await tier(rare, 'any')
  }
  const seen = new Set(all.map((h) => h.id))
  const top = Math.max(0, ...some.map((h) => Number(h.score))) + 1
  return [
    ...all.map((h) => ({ ...h, score: Number(h.score) + top })),
    ...some.filter((h) => !seen.has(h.id)).map((h) => ({ ...h, score: Number(h.score) })),
  ]
}

/** A search hit with the fields filters and facets read, its JSON lists parsed. */
type Hit = {
  id: string
  score: number
  kind: CaseDto['kind']
  domain: string
  status: string
  keywords: string[]
  laws: string[]
  year: string
  batchId: string | null
  used: boolean
}

// Hits kept per database: at most this many rows over all queries kept, the oldest query dropped first.
const HIT_ROWS = 100_000

/**
 * The hits of a query, best first (score, then id), from hitsOf or as read earlier at the same
 * library version. Paging, a facet clicked and the same words asked again by others read the same
 * hits; any write to the library moves its version on (library.touch), and the hits go with the
 * word counts they were planned with (countsOf), so the answer is the one hitsOf would give now.
 */
async function searchHits(db: DB, terms: string[], withUse: boolean, seen?: Versions): Promise<Hit[]> {
  const version = await library.version(db, seen)
  const key = `${withUse ? 'u' : '-'}${terms.join(' ')}`
  const keptIn = planAt(db, version)
  const kept = keptIn?.hits.get(key)
  if (keptIn && kept) {
    keptIn.hits.delete(key)
    keptIn.hits.set(key, kept)
    return kept
  }
  const hits: Hit[] = (await hitsOf(db, terms, withUse)).map((r) => ({
    id: r.id,
    score: r.score,
    kind: r.kind,
    domain: r.domain,
    status: r.status,
    keywords: JSON.parse(r.keywords) as string[],
    laws: JSON.parse(r.relatedLaws) as string[],
    year: (r.publishedAt ?? r.createdAt).slice(0, 4),
    batchId: r.batchId,
    used: Boolean('used' in r ? r.used : false),
  }))
  hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  // Kept only where no other request has since seen a newer version.
  const plan = planAt(db, version)
  if (plan) {
    plan.hits.set(key, hits)
    plan.hitRows += hits.length
    for (const [k, v] of plan.hits) {
      if (plan.hitRows <= HIT_ROWS) break
      plan.hits.delete(k)
      plan.hitRows -= v.length
    }
  }
  return hits
}

export async function search(db: DB, ctx: Ctx, q: Filters & { q: string; page: number; pageSize: number }) {
  requirePermission(ctx, 'case.read')
  const terms = termsOfQuery(q.q)
  const hits = await searchHits(db, terms, q.used !== undefined, ctx.versions)
  const { matching, facets } = matchingOf(hits, q)
  const shown = matching.slice((q.page - 1) * q.pageSize, q.page * q.pageSize)
  const batchIds = Object.keys(facets.batchId)
  const [page, batches] = await Promise.all([
    shown.length ? pageRows(db, { ids: shown.map((r) => r.id) }) : [],
    batchIds.length ? batchNames(db, { ids: batchIds }) : [],
  ])
  const byId = new Map(page.map((r) => [r.id, r]))
  const snippets = snippetsOf(hits)
  return {
    items: shown.flatMap(({ id, score }) => {
      const r = byId.get(id)
      if (!r) return []
      const text = r.gist || r.facts
      let s = snippets.get(r.id)
      if (!s || s.text !== text) s = keep(snippets, SNIPPETS_KEPT, r.id, { text, ...snippet(text, terms) })
      return hitOf(r, Math.round(score * 1000) / 1000, s)
    }),
    total: matching.length,
    page: q.page,
    pageSize: q.pageSize,
    terms,
    facets,
    batchNames: Object.fromEntries(batches.map((b) => [b.id, b.name])),
  }
}

// The shown page's own fields, use counts and long texts (for its snippets), and its batches' names.
const pageRows = shaped((db: DB, a: { ids: string[] }) =>
  db
    .selectFrom('legalCase as c')
    .select(['c.id', 'c.title', 'c.kind', 'c.domain', 'c.number', 'c.keywords', 'c.gist', 'c.facts'])
    .select((eb) => useCountOf(eb).as('useCount'))
    .where('c.id', 'in', a.ids),
)
const batchNames = shaped((db: DB, a: { ids: string[] }) =>
  db.selectFrom('caseBatch').select(['id', 'name']).where('id', 'in', a.ids),
)

type Facets = Record<'kind' | 'domain' | 'year' | 'keyword' | 'law' | 'batchId', Record<string, number>>
type Filters = {
  kind?: string
  domain?: string
  year?: number
  batchId?: string
  keyword?: string
  law?: string
  used?: boolean
}

/**
 * The hits a search's filters keep, in order, and the facets counted over them. A function of
 * the kept hits and the filters alone, so it is kept beside those hits (they are replaced, never
 * changed, when the library moves on) for the pages and clicks that ask again: counting the
 * facets of a thousand hits costs more than the page's own reads. The facets are shared by those
 * answers and never changed.
 */
function matchingOf(hits: Hit[], q: Filters): { matching: Hit[]; facets: Facets } {
  const key = `${q.kind ?? ''}\u0000${q.domain ?? ''}\u0000${q.year ?? ''}\u0000${q.batchId ?? ''}\u0000${q.keyword ?? ''}\u0000${q.law ?? ''}\u0000${q.used ?? ''}`
  const byFilters = filtersKept(hits)
  const kept = byFilters.get(key)
  if (kept) return kept
  const facets: Facets = { kind: {}, domain: {}, year: {}, keyword: {}, law: {}, batchId: {} }
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1)
  const year = q.year ? String(q.year) : undefined
  // (hits are in order already: the page is a slice of the matching ones)
  const matching = hits.filter((r) => {
    const ok =
      PUBLIC.includes(r.status) &&
      (!q.kind || r.kind === q.kind) &&
      (!q.domain || r.domain === q.domain) &&
      (!year || r.year === year) &&
      (!q.batchId || r.batchId === q.batchId) &&
      (!q.keyword || r.keywords.includes(q.keyword)) &&
      (!q.law || r.laws.includes(q.law)) &&
      (q.used === undefined || r.used === q.used)
    if (ok) {
      bump(facets.kind, r.kind)
      bump(facets.domain, r.domain)
      bump(facets.year, r.year)
      for (const k of r.keywords) bump(facets.keyword, k)
      for (const l of r.laws) bump(facets.law, l)
      if (r.batchId) bump(facets.batchId, r.batchId)
    }
    return ok
  })
  for (const m of Object.values(facets)) Object.freeze(m)
  const answer = { matching, facets: Object.freeze(facets) }
  return keep(byFilters, FILTERS_KEPT, key, answer)
}
const filtersKept = keptWith((_: Hit[]) => new Map<string, { matching: Hit[]; facets: Facets }>())
const FILTERS_KEPT = 50

/**
 * The snippets of a query's hits, by case, kept beside those hits. Making one converts the
 * case's long text to simplified characters, which costs more than reading it; the text is read
 * afresh with each page and compared, so a snippet is used again only for the same text.
 */
const snippetsOf = keptWith(
  (_: Hit[]) => new Map<string, { text: string; snippet: string; highlights: [number, number][] }>(),
)
const SNIPPETS_KEPT = 2000

/** How many of `keys` each other case holds, most first (then by id): the `limit` nearest. */
export async function nearCases(db: DB, id: string, keys: string[], limit = 50) {
  return sharingKeys(db, 'case', keys, { exclude: id, limit })
}

/**
 * The 50 cases the full-text engine ranks best for any of `ws`, as read at the library's current
 * version: cases of one charge share their keywords, and ranking every case holding 纠纷 or 罪
 * takes 50 to 150 ms at 50,000 cases.
 */
async function casesByWords(db: DB, ws: string[], seen?: Versions) {
  const version = await library.version(db, seen)
  const key = ws.join(' ')
  const kept = planAt(db, version)?.byWords.get(key)
  if (kept) return kept
  const hits = await searchCaseTokens(db, ws, 50, 'any')
  const plan = planAt(db, version)
  return plan ? keep(plan.byWords, 1000, key, hits) : hits
}

/**
 * Cases like this one, from the similarity engine: candidates are the published cases that
 * share an LSH band key with it (near-duplicates) or match its keywords in the full-text
 * index; each is scored by the Jaccard overlap of their terms and explained by the terms shared.
 */
export async function related(db: DB, ctx: Ctx, id: string) {
  const { row } = await load(db, ctx, id)
  const own = row.searchTokens.split(' ')
  const ownTerms = new Set(termsOfWords(own))
  const keywords = JSON.parse(row.keywords) as string[]
  const ownKeywords = new Set(keywords)
  const [near, byWords] = await Promise.all([
    nearCases(db, id, keysOfWords(own)),
    casesByWords(db, words(simplify(keywords.length ? keywords.join(' ') : row.title)), ctx.versions),
  ])
  const ids = [...new Set([...near.map((r) => r.objectId), ...byWords.map((h) => h.caseId)])].filter(
    (x) => x !== id,
  )
  if (!ids.length) return []
  const rows = await db
    .selectFrom('legalCase as c')
    .select([
      'c.id',
      'c.title',
      'c.kind',
      'c.domain',
      'c.number',
      'c.keywords',
      'c.gist',
      'c.facts',
      'c.searchTokens',
    ])
    .select((eb) => useCountOf(eb).as('useCount'))
    .where('c.id', 'in', ids)
    .where('c.status', 'in', PUBLIC)
    .execute()
  // The editors' keywords (charge, cause) weigh half where the case has them: two cases of the
  // same charge with different facts are related; two long texts sharing boilerplate less so.
  return rows
    .map((r) => {
      const keywords = JSON.parse(r.keywords) as string[]
      const text = explainTerms(ownTerms, new Set(termsOfWords(r.searchTokens.split(' '))), { limit: 6 })
      const sharedKeywords = keywords.filter((k) => ownKeywords.has(k))
      const kw = ownKeywords.size ? jaccard(ownKeywords, new Set(keywords)) : 0
      const score = ownKeywords.size ? 0.5 * kw + 0.5 * text.score : text.score
      const sharedTerms = [
        ...sharedKeywords.map((term) => ({ term, weight: 1 })),
        ...text.sharedTerms.filter((t) => !ownKeywords.has(t.term)),
      ].slice(0, 6)
      return { r, e: { score: Math.round(score * 1000) / 1000, sharedTerms } }
    })
    .sort((a, b) => b.e.score - a.e.score || (a.r.id < b.r.id ? -1 : 1))
    .slice(0, 5)
    .map(({ r, e }) => ({
      ...hitOf(
        r,
        e.score,
        snippet(
          r.gist || r.facts,
          e.sharedTerms.map((t) => t.term),
        ),
      ),
      sharedTerms: e.sharedTerms,
    }))
}

export async function recordUse(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { kind: 'studied' | 'cited'; matter: string; note: string; usedOn: string },
) {
  const { actor, row } = await load(db, ctx, id)
  if (row.status !== 'published') throw conflict('case_not_published', '只能记录已发布案例的学习运用')
  const useId = uuidv7()
  await db.transaction().execute(async (trx) => {
    await library.touch(trx)
    await trx
      .insertInto('caseUse')
      .values({
        id: useId,
        caseId: id,
        unitId: actor.unitId,
        ...input,
        recordedBy: actor.id,
        createdAt: new Date().toISOString(),
      })
      .execute()
    await audit.record(trx, ctx, {
      action: 'case.use',
      objectType: 'case',
      objectId: id,
      details: { kind: input.kind },
    })
  })
  return (await uses(db, ctx, id)).find((u) => u.id === useId)!
}

export async function uses(db: DB, ctx: Ctx, id: string) {
  await load(db, ctx, id)
  const rows = await db
    .selectFrom('caseUse as x')
    .innerJoin('unit as u', 'u.id', 'x.unitId')
    .leftJoin('appUser as p', 'p.id', 'x.recordedBy')
    .select([
      'x.id',
      'x.caseId',
      'u.name as unitName',
      'x.kind',
      'x.matter',
      'x.note',
      'x.usedOn',
      'p.displayName as recordedByName',
    ])
    .where('x.caseId', '=', id)
    .orderBy('x.usedOn', 'desc')
    .execute()
  return rows.map((r) => ({ ...r, recordedByName: r.recordedByName ?? null }))
}
