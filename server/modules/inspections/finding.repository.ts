import type { DB } from '../../db/database'
import { containsText } from '../../db/dialect'
import type { FindingCategoryTable, FindingHistoryTable, FindingTable } from '../../db/schema'
import { visibleWhere, type Scopes } from './inspection.policy'

function base(db: DB) {
  return db
    .selectFrom('finding')
    .innerJoin('round', 'round.id', 'finding.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .innerJoin('team', 'team.id', 'finding.teamId')
    .innerJoin('unit as fu', 'fu.id', 'finding.unitId')
    .innerJoin('findingCategory as cat', 'cat.id', 'finding.categoryId')
    .leftJoin('findingCategory as pcat', 'pcat.id', 'cat.parentId')
    .leftJoin('appUser as creator', 'creator.id', 'finding.createdBy')
}

const columns = [
  'finding.id',
  'finding.targetId',
  'finding.roundId',
  'round.name as roundName',
  'finding.teamId',
  'team.name as teamName',
  'finding.unitId',
  'fu.name as unitName',
  'fu.path as unitPath',
  'ou.path as organizerPath',
  'finding.seq',
  'finding.title',
  'finding.description',
  'finding.personsMatters',
  'finding.categoryId',
  'cat.name as categoryName',
  'pcat.name as parentCategoryName',
  'finding.severity',
  'finding.source',
  'finding.status',
  'finding.createdBy',
  'creator.displayName as createdByName',
  'finding.confirmedAt',
  'finding.fedBackAt',
  'finding.recurrenceOfId',
  'finding.createdAt',
  'finding.updatedAt',
] as const

export type FindingRow = NonNullable<Awaited<ReturnType<typeof findById>>>

export async function findById(db: DB, id: string) {
  return base(db).select(columns).where('finding.id', '=', id).executeTakeFirst()
}

export type FindingFilter = {
  roundId?: string
  targetId?: string
  teamId?: string
  unitId?: string
  categoryId?: string
  severity?: string
  status?: string
  q?: string
  sort: 'seq' | 'createdAt' | 'updatedAt' | 'severity' | 'status' | 'title'
  order: 'asc' | 'desc'
}

const SORT = {
  seq: 'finding.seq',
  createdAt: 'finding.createdAt',
  updatedAt: 'finding.updatedAt',
  severity: 'finding.severity',
  status: 'finding.status',
  title: 'finding.title',
} as const

/** The findings the scopes may see, with the joins the list's columns need. */
export function visible(db: DB, s: Scopes) {
  return base(db).where((eb) =>
    visibleWhere(eb, s, {
      organizerPath: 'ou.path',
      teamId: 'finding.teamId',
      unitPath: 'fu.path',
      fedBackAt: 'finding.fedBackAt',
      status: 'finding.status',
    }),
  )
}

export async function list(db: DB, s: Scopes, f: FindingFilter, page: { limit: number; offset: number }) {
  let q = visible(db, s)
  if (f.roundId) q = q.where('finding.roundId', '=', f.roundId)
  if (f.targetId) q = q.where('finding.targetId', '=', f.targetId)
  if (f.teamId) q = q.where('finding.teamId', '=', f.teamId)
  if (f.unitId) q = q.where('finding.unitId', '=', f.unitId)
  if (f.categoryId) {
    const id = f.categoryId
    q = q.where((eb) => eb.or([eb('finding.categoryId', '=', id), eb('cat.parentId', '=', id)]))
  }
  if (f.severity) q = q.where('finding.severity', '=', f.severity)
  if (f.status) q = q.where('finding.status', '=', f.status)
  if (f.q) {
    const text = f.q
    q = q.where((eb) =>
      eb.or([
        containsText(db, eb.ref('finding.title'), text),
        containsText(db, eb.ref('finding.description'), text),
        containsText(db, eb.ref('finding.personsMatters'), text),
      ]),
    )
  }
  const [items, count] = await Promise.all([
    q
      .select(columns)
      .orderBy(SORT[f.sort], f.order)
      .orderBy('finding.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}

export async function insert(db: DB, row: FindingTable) {
  await db.insertInto('finding').values(row).execute()
}

export async function insertMany(db: DB, rows: FindingTable[]) {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('finding')
      .values(rows.slice(i, i + 200))
      .execute()
}

export async function update(db: DB, id: string, patch: Partial<FindingTable>) {
  await db.updateTable('finding').set(patch).where('id', '=', id).execute()
}

export async function addHistory(db: DB, row: FindingHistoryTable) {
  await db.insertInto('findingHistory').values(row).execute()
}

export async function history(db: DB, findingId: string) {
  return db
    .selectFrom('findingHistory')
    .leftJoin('appUser', 'appUser.id', 'findingHistory.actorId')
    .selectAll('findingHistory')
    .select('appUser.displayName as actorName')
    .where('findingId', '=', findingId)
    .orderBy('findingHistory.createdAt')
    .orderBy('findingHistory.id')
    .execute()
}

// ---- taxonomy
export async function categories(db: DB) {
  return db.selectFrom('findingCategory').selectAll().orderBy('sortOrder').orderBy('code').execute()
}

export async function findCategory(db: DB, id: string) {
  return db.selectFrom('findingCategory').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findCategoryByCode(db: DB, code: string) {
  return db.selectFrom('findingCategory').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function insertCategory(db: DB, row: FindingCategoryTable) {
  await db.insertInto('findingCategory').values(row).execute()
}

export async function updateCategory(db: DB, id: string, patch: Partial<FindingCategoryTable>) {
  await db.updateTable('findingCategory').set(patch).where('id', '=', id).execute()
}
