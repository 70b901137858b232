import type { DB } from '../../db/database'
import { containsText, startsWith } from '../../db/dialect'
import type { UnitTable } from '../../db/schema'
import type { UnitScope } from '../access/policy'

export async function findById(db: DB, id: string) {
  return db.selectFrom('unit').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findByCode(db: DB, code: string) {
  return db.selectFrom('unit').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function insert(db: DB, row: UnitTable) {
  await db.insertInto('unit').values(row).execute()
}

export async function update(
  db: DB,
  id: string,
  patch: Partial<Pick<UnitTable, 'name' | 'shortName' | 'updatedAt'>>,
) {
  await db.updateTable('unit').set(patch).where('id', '=', id).execute()
}

export async function remove(db: DB, id: string) {
  await db.deleteFrom('unit').where('id', '=', id).execute()
}

/** Counts what hangs off a unit: subordinate units, departments and users. */
export async function dependents(db: DB, id: string) {
  const [u, d, a] = await Promise.all([
    db
      .selectFrom('unit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parentId', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('department')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unitId', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('appUser')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unitId', '=', id)
      .executeTakeFirstOrThrow(),
  ])
  return { units: Number(u.n), departments: Number(d.n), users: Number(a.n) }
}

export type UnitListFilter = {
  scope: UnitScope
  parentId?: string
  level?: UnitTable['level']
  q?: string
  /** Without parent or text: only the tops of the visible subtrees. */
  topsOnly: boolean
  sort: 'code' | 'name'
}

export async function list(db: DB, f: UnitListFilter, page: { limit: number; offset: number }) {
  let q = db.selectFrom('unit')
  const scope = f.scope
  if (scope !== 'all') {
    q = q.where((eb) =>
      scope.length ? eb.or(scope.map((p) => startsWith(eb.ref('unit.path'), p))) : eb.lit(false),
    )
    if (f.topsOnly) q = q.where('unit.path', 'in', scope.length ? scope : ['-'])
  } else if (f.topsOnly) {
    q = q.where('unit.parentId', 'is', null)
  }
  if (f.parentId) q = q.where('unit.parentId', '=', f.parentId)
  if (f.level) q = q.where('unit.level', '=', f.level)
  if (f.q) {
    const text = f.q
    q = q.where((eb) =>
      eb.or([containsText(db, eb.ref('unit.name'), text), startsWith(eb.ref('unit.code'), text)]),
    )
  }
  const [items, count] = await Promise.all([
    q
      .selectAll('unit')
      .select((eb) =>
        eb
          .selectFrom('unit as c')
          .select((e2) => e2.fn.countAll<number>().as('n'))
          .whereRef('c.parentId', '=', 'unit.id')
          .as('childCount'),
      )
      .orderBy(f.sort === 'name' ? 'unit.name' : 'unit.code')
      .orderBy('unit.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}
