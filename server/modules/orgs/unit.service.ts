import { v7 as uuidv7 } from 'uuid'
import type { UnitDto, UnitLevel } from '../../../common/schemas'
import type { DB } from '../../db/database'
import type { UnitTable } from '../../db/schema'
import { badRequest, conflict, notFound } from '../../errors'
import type { Ctx } from '../access/context'
import { requireActor, requireUnitScope, unitPathsFor, type UnitScope } from '../access/policy'
import * as audit from '../audit/audit.service'
import * as repo from './unit.repository'

const CHILD_LEVEL: Record<UnitLevel, UnitLevel | null> = {
  supreme: 'provincial',
  provincial: 'municipal',
  municipal: 'county',
  county: null,
}

function present(u: UnitTable & { childCount?: number | string | null }): UnitDto {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    shortName: u.shortName,
    level: u.level,
    parentId: u.parentId,
    regionCode: u.regionCode,
    childCount: Number(u.childCount ?? 0),
  }
}

/**
 * Units are visible to every signed-in person (pickers need them); administrators see
 * the subtrees they manage, everyone else their own unit's subtree.
 */
function readScope(ctx: Ctx): UnitScope {
  const actor = requireActor(ctx)
  const managed = unitPathsFor(actor, 'unit.manage')
  if (managed === 'all') return 'all'
  const granted = unitPathsFor(actor, 'user.read')
  if (granted === 'all') return 'all'
  const paths = new Set([...managed, ...granted, actor.unitPath])
  // Business roles at the top unit read the whole tree.
  if (actor.unitPath.split('/').filter(Boolean).length === 1) return 'all'
  return [...paths]
}

export async function list(
  db: DB,
  ctx: Ctx,
  query: {
    parentId?: string
    level?: UnitLevel
    q?: string
    sort: 'code' | 'name'
    page: number
    pageSize: number
  },
) {
  const scope = readScope(ctx)
  const topsOnly = !query.parentId && !query.q && !query.level
  const { items, total } = await repo.list(
    db,
    { scope, parentId: query.parentId, level: query.level, q: query.q, topsOnly, sort: query.sort },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  )
  return { items: items.map(present), total, page: query.page, pageSize: query.pageSize }
}

export async function get(db: DB, ctx: Ctx, id: string) {
  const scope = readScope(ctx)
  const u = await repo.findById(db, id)
  if (!u || (scope !== 'all' && !scope.some((p) => u.path.startsWith(p)))) throw notFound('unit')
  const deps = await repo.dependents(db, id)
  return present({ ...u, childCount: deps.units })
}

export async function create(
  db: DB,
  ctx: Ctx,
  input: { code: string; name: string; shortName?: string; parentId: string; regionCode?: string },
) {
  const parent = await repo.findById(db, input.parentId)
  if (!parent) throw notFound('unit')
  requireUnitScope(ctx, 'unit.manage', parent.path)
  const level = CHILD_LEVEL[parent.level]
  if (!level) throw badRequest('unit_level_exceeded', '基层院之下不能再设下级单位')
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    if (await repo.findByCode(trx, input.code)) throw conflict('unit_code_taken', '单位代码已存在')
    const now = new Date().toISOString()
    await repo.insert(trx, {
      id,
      code: input.code,
      name: input.name,
      shortName: input.shortName ?? null,
      level,
      parentId: parent.id,
      regionCode: input.regionCode ?? input.code.slice(0, 6),
      path: `${parent.path}${input.code}/`,
      depth: parent.depth + 1,
      createdAt: now,
      updatedAt: now,
    })
    await audit.record(trx, ctx, {
      action: 'unit.create',
      objectType: 'unit',
      objectId: id,
      details: { code: input.code, name: input.name },
    })
  })
  return get(db, ctx, id)
}

export async function update(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { name?: string; shortName?: string | null },
) {
  const u = await repo.findById(db, id)
  if (!u) throw notFound('unit')
  requireUnitScope(ctx, 'unit.manage', u.path)
  await db.transaction().execute(async (trx) => {
    await repo.update(trx, id, { ...input, updatedAt: new Date().toISOString() })
    await audit.record(trx, ctx, {
      action: 'unit.update',
      objectType: 'unit',
      objectId: id,
      details: { ...input },
    })
  })
  return get(db, ctx, id)
}

export async function remove(db: DB, ctx: Ctx, id: string) {
  const u = await repo.findById(db, id)
  if (!u) throw notFound('unit')
  requireUnitScope(ctx, 'unit.manage', u.path)
  if (!u.parentId) throw conflict('unit_not_empty', '最高人民检察院不能删除')
  await db.transaction().execute(async (trx) => {
    const deps = await repo.dependents(trx, id)
    if (deps.units || deps.departments || deps.users) {
      throw conflict('unit_not_empty', '该单位下仍有下级单位、部门或用户，不能删除', deps)
    }
    await repo.remove(trx, id)
    await audit.record(trx, ctx, {
      action: 'unit.delete',
      objectType: 'unit',
      objectId: id,
      details: { code: u.code, name: u.name },
    })
  })
}
