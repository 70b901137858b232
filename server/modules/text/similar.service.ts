// Findings that say the same thing, from the similarity engine (server/text/similarity.ts):
// each text's LSH band keys are stored in text_band in the transaction that writes the text;
// candidates are the texts sharing a key (one indexed query, never all pairs), scored exactly
// by the Jaccard overlap of their terms and explained by the terms they share. Visibility is
// the findings list's own rule, applied in SQL.
//
// A finding's keys are stored under the period of its id ("018f:12.x3k9"). Band keys are hashes,
// so without it a finding's 32 keys went to 32 leaves anywhere in the index, and once the index
// outgrew the page cache each cost a page read and a whole page written to the WAL: the 180,000th
// finding of the scale benchmark took 3.8 ms against 1.1 ms for the 40,000th. Under its period a
// finding's keys go where those of the same seven weeks went, so an insert costs what that part
// of the index costs, however many findings came before. Lookups ask under every period present
// (a few dozen over ten years). Cases keep plain keys: their lookups live in case.service.
import { sql, type ExpressionBuilder } from 'kysely'
import type { DB } from '../../db/database'
import { lockRows } from '../../db/dialect'
import { badRequest } from '../../errors'
import { nextTurn } from '../../turns'
import {
  bandKeys,
  explain,
  jaccard,
  shingles,
  signature,
  termsOfWords,
  UnionFind,
  type SharedTerm,
} from '../../text/similarity'
import type { Ctx } from '../access/context'
import { requirePermission } from '../access/policy'
import * as findingRepo from '../inspections/finding.repository'
import { anyPath, scopesOf } from '../inspections/inspection.policy'

const CHUNK = 400
/** A band key shared by more texts than this is boilerplate, not evidence: skipped. */
const MAX_BUCKET = 50

/** Object types whose keys are stored under their id's period. */
const BY_PERIOD = new Set(['finding'])
/** Length of a stored key's period prefix, "018f:". */
const PERIOD_PREFIX = 5

/**
 * The period of an object id: a UUIDv7's first 16 bits of milliseconds (2^32 ms, about 50
 * days), or "----" for an id of another kind. Migration 0027 computes the same in SQL.
 */
export function periodOf(id: string): string {
  return id.charAt(14) === '7' ? id.slice(0, 4) : '----'
}

/** The periods under which keys of `objectType` are stored. */
async function periods(db: DB, objectType: string): Promise<string[]> {
  const rows = await db
    .selectFrom('textBandPeriod')
    .select('period')
    .where('objectType', '=', objectType)
    .execute()
  return rows.map((r) => r.period)
}

/** The stored forms of `keys` for lookups: as they are, or under every period present. */
async function storedKeys(db: DB, objectType: string, keys: string[]): Promise<string[]> {
  if (!BY_PERIOD.has(objectType)) return keys
  return (await periods(db, objectType)).flatMap((p) => keys.map((k) => `${p}:${k}`))
}

export function findingText(f: { title: string; description: string }) {
  return `${f.title}\n${f.description}`
}

export function keysOf(text: string): string[] {
  const terms = shingles(text)
  return terms.length ? bandKeys(signature(terms)) : []
}

/** Replaces the band keys of the given texts; call inside the transaction that writes them. */
export async function indexTexts(
  trx: DB,
  objectType: string,
  items: { id: string; text: string }[],
  fresh = false,
) {
  await storeKeys(
    trx,
    objectType,
    items.map((c) => ({ id: c.id, keys: keysOf(c.text) })),
    fresh ? 'fresh' : 'replace',
  )
}

/** Band keys of a text already segmented into words (a case's stored search tokens). */
export function keysOfWords(ws: readonly string[]): string[] {
  const terms = [...new Set(termsOfWords(ws))]
  return terms.length ? bandKeys(signature(terms)) : []
}

/**
 * Stores the band keys of the given objects: in place of their keys ('replace'), for objects
 * that have none ('fresh': new ones), or for objects found without keys ('missing': keys another
 * writer gave them meanwhile are kept).
 */
export async function storeKeys(
  trx: DB,
  objectType: string,
  items: { id: string; keys: string[] }[],
  mode: 'replace' | 'fresh' | 'missing' = 'replace',
) {
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK)
    if (mode === 'replace')
      await trx
        .deleteFrom('textBand')
        .where('objectType', '=', objectType)
        .where(
          'objectId',
          'in',
          chunk.map((c) => c.id),
        )
        .execute()
    const byPeriod = BY_PERIOD.has(objectType)
    const rows = chunk.flatMap((c) => {
      const prefix = byPeriod ? `${periodOf(c.id)}:` : ''
      return c.keys.map((k) => ({ objectType, objectId: c.id, bandKey: prefix + k }))
    })
    if (byPeriod && rows.length)
      await trx
        .insertInto('textBandPeriod')
        .values([...new Set(chunk.map((c) => periodOf(c.id)))].map((period) => ({ objectType, period })))
        .onConflict((oc) => oc.columns(['objectType', 'period']).doNothing())
        .execute()
    for (let j = 0; j < rows.length; j += CHUNK)
      await trx
        .insertInto('textBand')
        .values(rows.slice(j, j + CHUNK))
        .$if(mode === 'missing', (q) =>
          q.onConflict((oc) => oc.columns(['objectType', 'bandKey', 'objectId']).doNothing()),
        )
        .execute()
  }
}

/** Whether two reads of a row hold the same values. */
function sameRow(a: object, b: object) {
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  return Object.keys(x).every((k) => x[k] === y[k])
}

/**
 * Gives band keys to the rows of `table` that have none yet (a database from before the
 * index, or rows written by hand), in id order, while the server answers requests. Each read
 * looks at `batch` rows by id, whether they have keys or not: on SQLite a read is synchronous,
 * and one read of every row would hold the requests for as long as it takes (a second at
 * national scale, more from a cold disk). Keys are worked out 200 rows at a time outside any
 * transaction, then written in one of their own, with other work let run between.
 */
async function indexMissing<R extends { id: string }>(
  db: DB,
  table: 'finding' | 'legalCase',
  objectType: string,
  columns: string[],
  keysOfRow: (row: R) => string[],
  batch: number,
): Promise<number> {
  const withoutKeys = (eb: ExpressionBuilder<any, any>) =>
    eb.not(
      eb.exists(
        eb
          .selectFrom('textBand')
          .select('textBand.objectId')
          .where('textBand.objectType', '=', objectType)
          .whereRef('textBand.objectId', '=', `${table}.id` as never),
      ),
    )
  let done = 0
  let after = ''
  for (;;) {
    const next = await db
      .selectFrom(table)
      .select('id')
      .where('id', '>', after)
      .orderBy('id')
      .offset(batch - 1)
      .limit(1)
      .executeTakeFirst()
    const upTo = next?.id
    const rows = (await db
      .selectFrom(table)
      .select(columns as never[])
      .where('id', '>', after)
      .$if(upTo !== undefined, (q) => q.where('id', '<=', upTo!))
      .where(withoutKeys)
      .orderBy('id')
      .execute()) as unknown as R[]
    for (let i = 0; i < rows.length; i += 200) {
      const read = rows.slice(i, i + 200)
      const part = read.map((r) => ({ id: r.id, keys: keysOfRow(r) }))
      const ids = part.map((r) => r.id)
      done += await db.transaction().execute(async (trx) => {
        // The rows held until this commits, then only those still without keys and still
        // holding the text read: an edit since then wrote its own keys, or none.
        await lockRows(trx, table, ids)
        const now = (await trx
          .selectFrom(table)
          .select(columns as never[])
          .where('id', 'in', ids)
          .where(withoutKeys)
          .execute()) as unknown as R[]
        const readOf = new Map(read.map((r) => [r.id, r]))
        const same = new Set(now.filter((r) => sameRow(readOf.get(r.id)!, r)).map((r) => r.id))
        const give = part.filter((r) => same.has(r.id) && r.keys.length > 0)
        await storeKeys(trx, objectType, give, 'missing')
        return give.length
      })
      await nextTurn()
    }
    if (upTo === undefined) return done
    after = upTo
    await nextTurn()
  }
}

/** Indexes the cases that have no band keys yet, from their stored search tokens. */
export function indexMissingCases(db: DB, batch = 2000): Promise<number> {
  return indexMissing<{ id: string; searchTokens: string }>(
    db,
    'legalCase',
    'case',
    ['id', 'searchTokens'],
    (r) => keysOfWords(r.searchTokens.split(' ')),
    batch,
  )
}

/** Indexes the findings that have no band keys yet. */
export function indexMissingFindings(db: DB, batch = 2000): Promise<number> {
  return indexMissing<{ id: string; title: string; description: string }>(
    db,
    'finding',
    'finding',
    ['id', 'title', 'description'],
    (r) => keysOf(findingText(r)),
    batch,
  )
}

function visibleFindings(db: DB, ctx: Ctx) {
  const actor = requirePermission(ctx, 'inspection.read')
  return findingRepo
    .visible(db, scopesOf(actor))
    .select([
      'finding.id',
      'finding.title',
      'finding.description',
      'finding.status',
      'finding.targetId',
      'finding.roundId',
      'round.name as roundName',
      'finding.unitId',
      'fu.name as unitName',
      'cat.name as categoryName',
    ])
}

export type SimilarFinding = {
  id: string
  title: string
  status: string
  targetId: string
  roundId: string
  roundName: string
  unitName: string
  categoryName: string
  score: number
  sharedTerms: SharedTerm[]
}

/**
 * The objects of a type holding the most of `keys` (band keys as stored), most first and then by
 * id, without `exclude`. Each key is looked up in text_band's primary key and counted here: by
 * GROUP BY, SQLite's planner read every object's keys through text_band_object_idx to save the
 * sort (1.4 s a lookup at 40,000 findings, 0.2 s like this; 0.4 s a case at 50,000 cases, 1 ms).
 */
export async function sharingKeys(
  db: DB,
  objectType: string,
  keys: string[],
  opts: { exclude?: string; limit: number },
): Promise<{ objectId: string; n: number }[]> {
  const shared = new Map<string, number>()
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await db
      .selectFrom('textBand')
      .select('objectId')
      .where('objectType', '=', objectType)
      .where('bandKey', 'in', keys.slice(i, i + 1000))
      .execute()
    for (const r of rows)
      if (r.objectId !== opts.exclude) shared.set(r.objectId, (shared.get(r.objectId) ?? 0) + 1)
  }
  return [...shared]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, opts.limit)
    .map(([objectId, n]) => ({ objectId, n }))
}

/**
 * Findings elsewhere (other targets) that say what `text` says, best first. `exclude` names
 * the finding itself and `targetId` the target it belongs to, whose findings are not "elsewhere".
 */
export async function similarFindings(
  db: DB,
  ctx: Ctx,
  input: { text: string; excludeId?: string; targetId?: string; limit?: number; minScore?: number },
): Promise<SimilarFinding[]> {
  const keys = keysOf(input.text)
  if (!keys.length) return []
  const limit = input.limit ?? 10
  const minScore = input.minScore ?? 0.2
  const stored = await storedKeys(db, 'finding', keys)
  const candidates = await sharingKeys(db, 'finding', stored, { exclude: input.excludeId, limit: 200 })
  const ids = candidates.map((c) => c.objectId)
  if (!ids.length) return []
  let q = visibleFindings(db, ctx).where('finding.id', 'in', ids)
  if (input.targetId) q = q.where('finding.targetId', '!=', input.targetId)
  const rows = await q.execute()
  return rows
    .map((r) => {
      const e = explain(input.text, findingText(r), { limit: 6 })
      return {
        id: r.id,
        title: r.title,
        status: r.status,
        targetId: r.targetId,
        roundId: r.roundId,
        roundName: r.roundName,
        unitName: r.unitName,
        categoryName: r.categoryName,
        score: e.score,
        sharedTerms: e.sharedTerms,
      }
    })
    .filter((r) => r.score >= minScore)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
}

export type Suggestion = {
  key: string
  score: number
  keyTerms: string[]
  targetCount: number
  roundCount: number
  commonProblemIds: string[]
  findings: {
    id: string
    title: string
    unitName: string
    roundName: string
    targetId: string
    categoryName: string
    commonProblemId: string | null
  }[]
}

/**
 * Suggested common problems for the inspection office: groups of handed-over findings at
 * different targets that say the same thing, with the terms most of them share, their mean
 * similarity, and whether they already belong to a common problem.
 */
export async function commonProblemSuggestions(
  db: DB,
  ctx: Ctx,
  q: { roundId?: string; minScore: number; limit: number; includeLinked: boolean },
): Promise<{ items: Suggestion[]; examined: number }> {
  const actor = requirePermission(ctx, 'inspection.manage')
  const office = scopesOf(actor).office
  if (office !== 'all' && !office.length) throw badRequest('no_scope', '没有可分析的巡视范围')
  // Findings handed over to their units (only those can form a common problem) in the office's rounds.
  let visible = db
    .selectFrom('finding')
    .innerJoin('round', 'round.id', 'finding.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .select(['finding.id', 'finding.targetId'])
    .where('finding.fedBackAt', 'is not', null)
    .where((eb) => anyPath(eb, 'ou.path', office) ?? eb.lit(false))
  if (q.roundId) visible = visible.where('finding.roundId', '=', q.roundId)
  const pairs = await db
    .with('v', () => visible)
    .with('b', (w) =>
      w
        .selectFrom('textBand as tb')
        .innerJoin('v', 'v.id', 'tb.objectId')
        // the key without its period: findings of different periods that share it are candidates
        .select([
          sql<string>`substr(tb.band_key, ${sql.lit(PERIOD_PREFIX + 1)})`.as('bandKey'),
          'tb.objectId',
          'v.targetId',
        ])
        .where('tb.objectType', '=', 'finding'),
    )
    .with('small', (w) =>
      w
        .selectFrom('b')
        .select('b.bandKey')
        .groupBy('b.bandKey')
        .having((eb) => eb.fn.countAll(), '>=', 2)
        .having((eb) => eb.fn.countAll(), '<=', MAX_BUCKET),
    )
    .selectFrom('b as b1')
    .innerJoin('small', 'small.bandKey', 'b1.bandKey')
    .innerJoin('b as b2', (j) =>
      j
        .onRef('b2.bandKey', '=', 'b1.bandKey')
        .onRef('b1.objectId', '<', 'b2.objectId')
        .onRef('b1.targetId', '!=', 'b2.targetId'),
    )
    .select(['b1.objectId as a', 'b2.objectId as b'])
    .groupBy(['b1.objectId', 'b2.objectId'])
    .execute()
  if (!pairs.length) return { items: [], examined: 0 }

  const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))]
  const rows: {
    id: string
    title: string
    description: string
    targetId: string
    roundId: string
    roundName: string
    unitName: string
    categoryName: string
    commonProblemId: string | null
  }[] = []
  for (let i = 0; i < ids.length; i += CHUNK) {
    rows.push(
      ...(await db
        .selectFrom('finding')
        .innerJoin('round', 'round.id', 'finding.roundId')
        .innerJoin('unit as fu', 'fu.id', 'finding.unitId')
        .innerJoin('findingCategory as cat', 'cat.id', 'finding.categoryId')
        .select((eb) => [
          'finding.id',
          'finding.title',
          'finding.description',
          'finding.targetId',
          'finding.roundId',
          'round.name as roundName',
          'fu.name as unitName',
          'cat.name as categoryName',
          eb
            .selectFrom('commonProblemFinding as cpf')
            .select('cpf.commonProblemId')
            .whereRef('cpf.findingId', '=', 'finding.id')
            .limit(1)
            .as('commonProblemId'),
        ])
        .where('finding.id', 'in', ids.slice(i, i + CHUNK))
        .execute()),
    )
  }
  const byId = new Map(rows.map((r) => [r.id, r]))
  const terms = new Map(rows.map((r) => [r.id, new Set(shingles(findingText(r)))]))
  const uf = new UnionFind(ids.length)
  const at = new Map(ids.map((id, i) => [id, i]))
  const scores: { a: string; b: string; score: number }[] = []
  for (const p of pairs) {
    const s = jaccard(terms.get(p.a)!, terms.get(p.b)!)
    if (s < q.minScore) continue
    uf.union(at.get(p.a)!, at.get(p.b)!)
    scores.push({ a: p.a, b: p.b, score: s })
  }
  // Rarity among the findings examined: a term every group shares (不够, 问题) explains nothing.
  const df = new Map<string, number>()
  for (const set of terms.values()) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1)
  const idf = (t: string) => Math.log((terms.size + 1) / ((df.get(t) ?? 0) + 1))
  const groups = new Map<number, string[]>()
  for (const s of scores)
    for (const id of [s.a, s.b]) {
      const root = uf.find(at.get(id)!)
      const g = groups.get(root) ?? []
      if (!g.includes(id)) g.push(id)
      groups.set(root, g)
    }
  const groupScores = new Map<number, number[]>()
  for (const s of scores) {
    const root = uf.find(at.get(s.a)!)
    groupScores.set(root, [...(groupScores.get(root) ?? []), s.score])
  }
  const items: Suggestion[] = []
  for (const [root, members] of groups) {
    const findings = members.map((id) => byId.get(id)!).sort((a, b) => (a.unitName < b.unitName ? -1 : 1))
    const targets = new Set(findings.map((f) => f.targetId))
    if (targets.size < 2) continue
    const linked = [...new Set(findings.map((f) => f.commonProblemId).filter((x): x is string => !!x))]
    if (!q.includeLinked && findings.every((f) => f.commonProblemId)) continue
    // Key terms: those most members share, longer (more specific) first among equals.
    const counts = new Map<string, number>()
    for (const id of members) for (const t of terms.get(id)!) counts.set(t, (counts.get(t) ?? 0) + 1)
    const need = Math.max(2, Math.ceil(members.length / 2))
    const keyTerms = [...counts]
      .filter(([, n]) => n >= need)
      .sort((a, b) => b[1] - a[1] || idf(b[0]) - idf(a[0]) || (a[0] < b[0] ? -1 : 1))
      .map(([t]) => t)
      .filter((t, _i, all) => !all.some((o) => o.length > t.length && o.includes(t)))
      .slice(0, 8)
    const s = groupScores.get(root)!
    items.push({
      key: members.slice().sort()[0],
      score: Math.round((s.reduce((x, y) => x + y, 0) / s.length) * 1000) / 1000,
      keyTerms,
      targetCount: targets.size,
      roundCount: new Set(findings.map((f) => f.roundId)).size,
      commonProblemIds: linked,
      findings: findings.map((f) => ({
        id: f.id,
        title: f.title,
        unitName: f.unitName,
        roundName: f.roundName,
        targetId: f.targetId,
        categoryName: f.categoryName,
        commonProblemId: f.commonProblemId,
      })),
    })
  }
  items.sort((a, b) => b.targetCount - a.targetCount || b.score - a.score || (a.key < b.key ? -1 : 1))
  return { items: items.slice(0, q.limit), examined: ids.length }
}
