// The review checklist (评审标准): a table the top unit's case reviewers keep. A review is
// scored on the active criteria and stores them, so rounds scored on an older list stay readable.
import type { DB } from '../../db/database'
import { badRequest, forbidden } from '../../errors'
import type { Ctx } from '../access/context'
import { requirePermission, rolePaths } from '../access/policy'
import * as audit from '../audit/audit.service'

export type ScoredCriterion = { key: string; name: string; max: number }
export type CriterionInput = {
  key: string
  name: string
  max: number
  description: string
  active: boolean
}

/** The active criteria in their order, as a review stores them. */
export async function activeCriteria(db: DB): Promise<ScoredCriterion[]> {
  const rows = await db
    .selectFrom('caseReviewCriterion')
    .select(['key', 'name', 'maxScore'])
    .where('active', '=', 1)
    .orderBy('sortOrder')
    .orderBy('key')
    .execute()
  return rows.map((r) => ({ key: r.key, name: r.name, max: Number(r.maxScore) }))
}

async function listAll(db: DB) {
  const rows = await db
    .selectFrom('caseReviewCriterion')
    .selectAll()
    .orderBy('sortOrder')
    .orderBy('key')
    .execute()
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    max: Number(r.maxScore),
    description: r.description,
    sortOrder: Number(r.sortOrder),
    active: Number(r.active) === 1,
  }))
}

/** A case reviewer held at the top unit keeps the checklist: it binds every review in the system. */
function mayEdit(ctx: Ctx) {
  return ctx.actor ? rolePaths(ctx.actor, ['case_reviewer']) === 'all' : false
}

export async function criteria(db: DB, ctx: Ctx) {
  requirePermission(ctx, 'case.review')
  return { items: await listAll(db), canEdit: mayEdit(ctx) }
}

/** Replaces the checklist with `input` in that order; criteria left out are removed. */
export async function putCriteria(db: DB, ctx: Ctx, input: CriterionInput[]) {
  requirePermission(ctx, 'case.review')
  if (!mayEdit(ctx)) throw forbidden('评审标准由最高检案例审核人员维护')
  const keys = input.map((c) => c.key)
  const dup = keys.filter((k, i) => keys.indexOf(k) !== i)
  if (dup.length) throw badRequest('criterion_duplicate', `评分项标识重复：${dup.join('、')}`, { keys: dup })
  if (!input.some((c) => c.active)) throw badRequest('criteria_none_active', '至少保留一个启用的评分项')
  await db.transaction().execute(async (trx) => {
    const before = await listAll(trx)
    const now = new Date().toISOString()
    const removed = before.filter((b) => !keys.includes(b.key)).map((b) => b.key)
    if (removed.length) await trx.deleteFrom('caseReviewCriterion').where('key', 'in', removed).execute()
    for (const [i, c] of input.entries()) {
      const values = {
        name: c.name,
        maxScore: c.max,
        description: c.description,
        sortOrder: i + 1,
        active: c.active ? 1 : 0,
        updatedAt: now,
      }
      if (before.some((b) => b.key === c.key))
        await trx.updateTable('caseReviewCriterion').set(values).where('key', '=', c.key).execute()
      else
        await trx
          .insertInto('caseReviewCriterion')
          .values({ key: c.key, ...values })
          .execute()
    }
    await audit.record(trx, ctx, {
      action: 'case.criteria_update',
      objectType: 'case_review_criteria',
      details: {
        before: before.map(({ key, name, max, active }) => ({ key, name, max, active })),
        after: input.map(({ key, name, max, active }) => ({ key, name, max, active })),
        removed,
      },
    })
  })
  return criteria(db, ctx)
}
