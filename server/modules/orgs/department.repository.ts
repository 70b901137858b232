import type { DB } from '../../db/database'
import { containsText, startsWith } from '../../db/dialect'
import type { DepartmentTable } from '../../db/schema'
import type { UnitScope } from '../access/policy'

export async function findById(db: DB, id: string) {
  return db
    .selectFrom('department')
    .innerJoin('unit', 'unit.id', 'department.unitId')
    .selectAll('department')
    .select(['unit.path as unitPath', 'unit.name as unitName'])
    .where('department.id', '=', id)
    .executeTakeFirst()
}

export async function findByName(db: DB, unitId: string, name: string) {
  return db
    .selectFrom('department')
    .selectAll()
    .where('unitId', '=', unitId)
    .where('name', '=', name)
    .executeTakeFirst()
}

export async function insert(db: DB, row: DepartmentTable) {
  await db.insertInto('department').values(row).execute()
}

export async function update(
  db: DB,
  id: string,
  patch: Partial<Pick<DepartmentTable, 'name' | 'description' | 'updatedAt'>>,
) {
  await db.updateTable('department').set(patch).where('id', '=', id).execute()
}

export async function remove(db: DB, id: string) {
  await db.deleteFrom('department').where('id', '=', id).execute()
}

export async function userCount(db: DB, id: string) {
  const r = await db
    .selectFrom('appUser')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('departmentId', '=', id)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function list(
  db: DB,
  f: { scope: UnitScope; unitId?: string; q?: string },
  page: { limit: number; offset: number },
) {
  let q = db.selectFrom('department').innerJoin('unit', 'unit.id', 'department.unitId')
  const scope = f.scope
  if (scope !== 'all') {
    q = q.where((eb) =>
      scope.length ? eb.or(scope.map((p) => startsWith(eb.ref('unit.path'), p))) : eb.lit(false),
    )
  }
  if (f.unitId) q = q.where('department.unitId', '=', f.unitId)
  if (f.q) {
    const text = f.q
    q = q.where((eb) => containsText(db, eb.ref('department.name'), text))
  }
  const [items, count] = await Promise.all([
    q
      .selectAll('department')
      .select('unit.name as unitName')
      .select((eb) =>
        eb
          .selectFrom('appUser')
          .select((e2) => e2.fn.countAll<number>().as('n'))
          .whereRef('appUser.departmentId', '=', 'department.id')
          .as('userCount'),
      )
      .orderBy('unit.path')
      .orderBy('department.sortOrder')
      .orderBy('department.name')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}
