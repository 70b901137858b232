import { v7 as uuidv7 } from 'uuid'
import type { DepartmentDto } from '../../../common/schemas'
import type { DB } from '../../db/database'
import { conflict, notFound } from '../../errors'
import type { Ctx } from '../access/context'
import { requireActor, requireUnitScope, unitPathsFor, type UnitScope } from '../access/policy'
import * as audit from '../audit/audit.service'
import * as repo from './department.repository'
import * as units from './unit.repository'

function readScope(ctx: Ctx): UnitScope {
  const actor = requireActor(ctx)
  const managed = unitPathsFor(actor, 'department.manage')
  const granted = unitPathsFor(actor, 'user.read')
  if (managed === 'all' || granted === 'all') return 'all'
  if (actor.unitPath.split('/').filter(Boolean).length === 1) return 'all'
  return [...new Set([...managed, ...granted, actor.unitPath])]
}

export async function list(
  db: DB,
  ctx: Ctx,
  query: { unitId?: string; q?: string; page: number; pageSize: number },
) {
  const scope = readScope(ctx)
  const { items, total } = await repo.list(
    db,
    { scope, unitId: query.unitId, q: query.q },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  )
  return {
    items: items.map((d): DepartmentDto => ({
      id: d.id,
      unitId: d.unitId,
      unitName: d.unitName,
      name: d.name,
      description: d.description,
      userCount: Number(d.userCount ?? 0),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  }
}

async function getDto(db: DB, id: string): Promise<DepartmentDto> {
  const d = await repo.findById(db, id)
  if (!d) throw notFound('department')
  return {
    id: d.id,
    unitId: d.unitId,
    unitName: d.unitName,
    name: d.name,
    description: d.description,
    userCount: await repo.userCount(db, id),
  }
}

export async function create(db: DB, ctx: Ctx, input: { unitId: string; name: string; description: string }) {
  const unit = await units.findById(db, input.unitId)
  if (!unit) throw notFound('unit')
  if (ctx.actor) requireUnitScope(ctx, 'department.manage', unit.path)
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    if (await repo.findByName(trx, unit.id, input.name))
      throw conflict('department_name_taken', '该单位已有同名部门')
    const now = new Date().toISOString()
    await repo.insert(trx, {
      id,
      unitId: unit.id,
      name: input.name,
      description: input.description,
      sortOrder: 0,
      createdAt: now,
      updatedAt: now,
    })
    await audit.record(trx, ctx, {
      action: 'department.create',
      objectType: 'department',
      objectId: id,
      details: { unitCode: unit.code, name: input.name },
    })
  })
  return getDto(db, id)
}

export async function update(db: DB, ctx: Ctx, id: string, input: { name?: string; description?: string }) {
  const d = await repo.findById(db, id)
  if (!d) throw notFound('department')
  requireUnitScope(ctx, 'department.manage', d.unitPath)
  await db.transaction().execute(async (trx) => {
    if (input.name && input.name !== d.name && (await repo.findByName(trx, d.unitId, input.name))) {
      throw conflict('department_name_taken', '该单位已有同名部门')
    }
    await repo.update(trx, id, { ...input, updatedAt: new Date().toISOString() })
    await audit.record(trx, ctx, {
      action: 'department.update',
      objectType: 'department',
      objectId: id,
      details: { ...input },
    })
  })
  return getDto(db, id)
}

export async function remove(db: DB, ctx: Ctx, id: string) {
  const d = await repo.findById(db, id)
  if (!d) throw notFound('department')
  requireUnitScope(ctx, 'department.manage', d.unitPath)
  await db.transaction().execute(async (trx) => {
    const users = await repo.userCount(trx, id)
    if (users) throw conflict('department_not_empty', '该部门仍有用户，不能删除', { users })
    await repo.remove(trx, id)
    await audit.record(trx, ctx, {
      action: 'department.delete',
      objectType: 'department',
      objectId: id,
      details: { name: d.name },
    })
  })
}
