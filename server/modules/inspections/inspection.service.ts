import { v7 as uuidv7 } from 'uuid'
import type { RoundDto, TargetDto, TeamDto } from '../../../common/inspections'
import { isAdminRole } from '../../../common/roles'
import { ROUND_WORKFLOW, transition, type RoundPhase } from '../../../common/workflows'
import type { DB } from '../../db/database'
import { AppError, badRequest, conflict, forbidden, hidden, notFound } from '../../errors'
import type { Actor, Ctx } from '../access/context'
import { pathInScope, requirePermission, rolePaths } from '../access/policy'
import * as audit from '../audit/audit.service'
import * as units from '../orgs/unit.repository'
import * as users from '../orgs/user.repository'
import { rolesToward, scopesOf } from './inspection.policy'
import * as repo from './inspection.repository'

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
export function chineseOrdinal(n: number): string {
  if (n <= 10) return CN_DIGITS[n]
  if (n < 20) return `十${CN_DIGITS[n - 10]}`
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`
}

/** Adds calendar months to a YYYY-MM-DD date, clamping to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const first = new Date(Date.UTC(y, m - 1 + months, 1))
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate()
  first.setUTCDate(Math.min(d, last))
  return first.toISOString().slice(0, 10)
}

function page(q: { page: number; pageSize: number }) {
  return { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }
}

// ---- rounds
type RoundRow = NonNullable<Awaited<ReturnType<typeof repo.findRound>>>

function presentRound(r: RoundRow, findingCount: number): RoundDto {
  return {
    id: r.id,
    organizerUnitId: r.organizerUnitId,
    organizerUnitName: r.organizerUnitName,
    name: r.name,
    year: r.year,
    ordinal: r.ordinal,
    startDate: r.startDate,
    endDate: r.endDate,
    phase: r.phase as RoundPhase,
    description: r.description,
    teamCount: Number(r.teamCount ?? 0),
    targetCount: Number(r.targetCount ?? 0),
    findingCount,
    createdAt: r.createdAt,
  }
}

async function findingTotals(db: DB, actor: Actor, roundIds: string[]) {
  const rows = await repo.findingTotalsByRound(db, roundIds, scopesOf(actor))
  return new Map(rows.map((r) => [r.roundId, Number(r.n)]))
}

export async function listRounds(
  db: DB,
  ctx: Ctx,
  q: { year?: number; phase?: RoundPhase; q?: string; page: number; pageSize: number },
) {
  const actor = requirePermission(ctx, 'inspection.read')
  const { items, total } = await repo.listRounds(db, scopesOf(actor), q, page(q))
  const totals = await findingTotals(
    db,
    actor,
    items.map((r) => r.id),
  )
  return {
    items: items.map((r) => presentRound(r, totals.get(r.id) ?? 0)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  }
}

function isOffice(actor: Actor, organizerPath: string) {
  return pathInScope(rolePaths(actor, ['inspection_office']), organizerPath)
}

/**
 * A round the actor may see (its organizer's office, top leadership, or anyone who sees one of
 * its targets), without its counts; 404 round_not_found otherwise.
 */
export async function visibleRound(db: DB, ctx: Ctx, id: string) {
  const actor = requirePermission(ctx, 'inspection.read')
  const r = await repo.findRound(db, id)
  if (!r) throw notFound('round')
  if (isOffice(actor, r.organizerPath) || rolePaths(actor, ['leader']) === 'all') return { actor, round: r }
  const some = await repo.listTargets(db, scopesOf(actor), { roundId: id }, { limit: 1, offset: 0 })
  if (some.total === 0) throw hidden('round')
  return { actor, round: r }
}

async function officeRound(db: DB, ctx: Ctx, id: string) {
  const actor = requirePermission(ctx, 'inspection.manage')
  const r = await repo.findRound(db, id)
  if (!r) throw notFound('round')
  if (!isOffice(actor, r.organizerPath)) throw forbidden('该巡视轮次不由您所在单位组织')
  return { actor, round: r }
}

export async function getRound(db: DB, ctx: Ctx, id: string) {
  const { actor, round } = await visibleRound(db, ctx, id)
  const totals = await findingTotals(db, actor, [id])
  return presentRound(round, totals.get(id) ?? 0)
}

export async function createRound(
  db: DB,
  ctx: Ctx,
  input: {
    year: number
    ordinal: number
    name?: string
    startDate?: string | null
    endDate?: string | null
    description?: string
    organizerUnitId?: string
  },
) {
  const actor = requirePermission(ctx, 'inspection.manage')
  const organizerId =
    input.organizerUnitId ??
    actor.grants.find((g) => g.role === 'inspection_office' && g.scopeType === 'unit')?.scopeId
  const organizer = organizerId ? await units.findById(db, organizerId) : undefined
  if (!organizer) throw notFound('unit')
  if (!isOffice(actor, organizer.path)) throw forbidden('只能为本单位及下级单位组织巡视')
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    if (await repo.roundExists(trx, organizer.id, input.year, input.ordinal))
      throw conflict('round_exists', '该年度已有同一轮次')
    const now = new Date().toISOString()
    await repo.insertRound(trx, {
      id,
      organizerUnitId: organizer.id,
      name: input.name ?? `${input.year}年第${chineseOrdinal(input.ordinal)}轮`,
      year: input.year,
      ordinal: input.ordinal,
      startDate: input.startDate ?? null,
      endDate: input.endDate ?? null,
      phase: 'preparation',
      description: input.description ?? '',
      createdAt: now,
      updatedAt: now,
    })
    await audit.record(trx, ctx, {
      action: 'round.create',
      objectType: 'round',
      objectId: id,
      details: { year: input.year, ordinal: input.ordinal },
    })
  })
  return getRound(db, ctx, id)
}

export async function updateRound(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { name?: string; startDate?: string | null; endDate?: string | null; description?: string },
) {
  await officeRound(db, ctx, id)
  await db.transaction().execute(async (trx) => {
    await repo.updateRound(trx, id, { ...input, updatedAt: new Date().toISOString() })
    await audit.record(trx, ctx, {
      action: 'round.update',
      objectType: 'round',
      objectId: id,
      details: { ...input },
    })
  })
  return getRound(db, ctx, id)
}

export async function transitionRound(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { action: 'advance' | 'revert'; reason?: string },
) {
  const { round } = await officeRound(db, ctx, id)
  const from = round.phase as RoundPhase
  const r = transition(ROUND_WORKFLOW, from, input.action, ['inspection_office'])
  if (!r.ok) throw new AppError(r.code === 'forbidden' ? 403 : 409, r.code, r.message)
  if (input.action === 'revert' && !input.reason) throw badRequest('reason_required', '退回阶段需说明原因')
  await db.transaction().execute(async (trx) => {
    await repo.updateRound(trx, id, { phase: r.to, updatedAt: new Date().toISOString() })
    await audit.record(trx, ctx, {
      action: `round.${input.action}`,
      objectType: 'round',
      objectId: id,
      details: { from, to: r.to, reason: input.reason },
    })
  })
  return getRound(db, ctx, id)
}

/** Per-target finding counts by status and category, for the round page. */
export async function roundSummary(db: DB, ctx: Ctx, id: string) {
  const { actor } = await visibleRound(db, ctx, id)
  const rows = await repo.findingCountsByRound(db, [id], scopesOf(actor))
  const byTarget = new Map<
    string,
    { byStatus: Record<string, number>; byCategory: Record<string, number>; total: number }
  >()
  for (const r of rows) {
    const t = byTarget.get(r.targetId) ?? { byStatus: {}, byCategory: {}, total: 0 }
    const n = Number(r.n)
    t.byStatus[r.status] = (t.byStatus[r.status] ?? 0) + n
    t.byCategory[r.categoryId] = (t.byCategory[r.categoryId] ?? 0) + n
    t.total += n
    byTarget.set(r.targetId, t)
  }
  return [...byTarget.entries()].map(([targetId, v]) => ({ targetId, ...v }))
}

// ---- teams
async function presentTeams(db: DB, rows: Awaited<ReturnType<typeof repo.teamsOfRound>>): Promise<TeamDto[]> {
  const members = await repo.membersOf(
    db,
    rows.map((t) => t.id),
  )
  return rows.map((t) => ({
    id: t.id,
    roundId: t.roundId,
    name: t.name,
    targetCount: Number(t.targetCount ?? 0),
    members: members
      .filter((m) => m.teamId === t.id)
      .map((m) => ({
        userId: m.userId,
        username: m.username,
        displayName: m.displayName,
        unitName: m.unitName,
        position: m.position,
      })),
  }))
}

export async function listTeams(db: DB, ctx: Ctx, roundId: string) {
  await visibleRound(db, ctx, roundId)
  return presentTeams(db, await repo.teamsOfRound(db, roundId))
}

/** Checks that every member exists and holds no administrator role (三员分立). */
async function checkMembers(db: DB, ids: string[]) {
  for (const id of ids) {
    const u = await users.findById(db, id)
    if (!u) throw badRequest('user_not_found', '巡视组成员不存在', { userId: id })
    const held = (await users.grantsOf(db, [id])).map((g) => g.role).filter(isAdminRole)
    if (held.length) {
      throw conflict(
        'separation_of_duties',
        '三员分立：系统管理员、安全保密管理员、安全审计员不得兼任巡视组成员',
        {
          conflictingRole: held[0],
          userId: id,
        },
      )
    }
  }
}

function memberList(leaderId: string, memberIds: string[]) {
  return [
    { userId: leaderId, position: 'leader' as const },
    ...[...new Set(memberIds)]
      .filter((m) => m !== leaderId)
      .map((userId) => ({ userId, position: 'member' as const })),
  ]
}

export async function createTeam(
  db: DB,
  ctx: Ctx,
  roundId: string,
  input: { name: string; leaderId: string; memberIds: string[] },
) {
  await officeRound(db, ctx, roundId)
  const members = memberList(input.leaderId, input.memberIds)
  await checkMembers(
    db,
    members.map((m) => m.userId),
  )
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    if (await repo.teamNameTaken(trx, roundId, input.name))
      throw conflict('team_name_taken', '本轮已有同名巡视组')
    const now = new Date().toISOString()
    const count = (await repo.teamsOfRound(trx, roundId)).length
    await repo.insertTeam(trx, {
      id,
      roundId,
      name: input.name,
      sortOrder: count,
      createdAt: now,
      updatedAt: now,
    })
    await repo.replaceMembers(trx, id, members)
    await audit.record(trx, ctx, {
      action: 'team.create',
      objectType: 'team',
      objectId: id,
      details: { name: input.name, members },
    })
  })
  return (await listTeams(db, ctx, roundId)).find((t) => t.id === id)!
}

async function officeTeam(db: DB, ctx: Ctx, id: string) {
  const team = await repo.findTeam(db, id)
  if (!team) throw notFound('team')
  await officeRound(db, ctx, team.roundId)
  return team
}

export async function updateTeam(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { name?: string; leaderId?: string; memberIds?: string[] },
) {
  const team = await officeTeam(db, ctx, id)
  const current = await repo.membersOf(db, [id])
  const leaderId = input.leaderId ?? current.find((m) => m.position === 'leader')?.userId
  if (!leaderId) throw badRequest('leader_required', '请指定组长')
  const memberIds = input.memberIds ?? current.filter((m) => m.position === 'member').map((m) => m.userId)
  const members = memberList(leaderId, memberIds)
  await checkMembers(
    db,
    members.map((m) => m.userId),
  )
  await db.transaction().execute(async (trx) => {
    if (input.name && (await repo.teamNameTaken(trx, team.roundId, input.name, id)))
      throw conflict('team_name_taken', '本轮已有同名巡视组')
    await repo.updateTeam(trx, id, {
      ...(input.name && { name: input.name }),
      updatedAt: new Date().toISOString(),
    })
    await repo.replaceMembers(trx, id, members)
    await audit.record(trx, ctx, {
      action: 'team.update',
      objectType: 'team',
      objectId: id,
      details: { name: input.name, members },
    })
  })
  return (await listTeams(db, ctx, team.roundId)).find((t) => t.id === id)!
}

export async function deleteTeam(db: DB, ctx: Ctx, id: string) {
  const team = await officeTeam(db, ctx, id)
  await db.transaction().execute(async (trx) => {
    const targets = await repo.listTargets(
      trx,
      { office: 'all', teams: [], unit: [], leader: [] },
      { teamId: id },
      { limit: 1, offset: 0 },
    )
    if (targets.total)
      throw conflict('team_not_empty', '该巡视组已有被巡视单位，不能删除', { targets: targets.total })
    await repo.deleteTeam(trx, id)
    await audit.record(trx, ctx, {
      action: 'team.delete',
      objectType: 'team',
      objectId: id,
      details: { name: team.name },
    })
  })
}

// ---- targets
function presentTarget(t: repo.TargetRow, counts: Record<string, number>): TargetDto {
  return {
    id: t.id,
    roundId: t.roundId,
    roundName: t.roundName,
    teamId: t.teamId,
    teamName: t.teamName,
    unitId: t.unitId,
    unitCode: t.unitCode,
    unitName: t.unitName,
    onsiteStart: t.onsiteStart,
    onsiteEnd: t.onsiteEnd,
    feedbackDate: t.feedbackDate,
    rectificationDeadline: t.rectificationDeadline,
    fedBackAt: t.fedBackAt,
    finalReportId: t.finalReportId,
    findingCounts: counts,
  }
}

async function countsFor(db: DB, actor: Actor, ids: string[]) {
  const rows = await repo.statusCounts(db, ids, scopesOf(actor))
  const out = new Map<string, Record<string, number>>()
  for (const r of rows) {
    const c = out.get(r.targetId) ?? {}
    c[r.status] = Number(r.n)
    out.set(r.targetId, c)
  }
  return out
}

export async function listTargets(
  db: DB,
  ctx: Ctx,
  q: { roundId?: string; teamId?: string; unitId?: string; q?: string; page: number; pageSize: number },
) {
  const actor = requirePermission(ctx, 'inspection.read')
  const { items, total } = await repo.listTargets(db, scopesOf(actor), q, page(q))
  const counts = await countsFor(
    db,
    actor,
    items.map((t) => t.id),
  )
  return {
    items: items.map((t) => presentTarget(t, counts.get(t.id) ?? {})),
    total,
    page: q.page,
    pageSize: q.pageSize,
  }
}

/** A target and the roles the actor plays toward it; invisible targets look missing. */
export async function targetFor(db: DB, ctx: Ctx, id: string) {
  const actor = requirePermission(ctx, 'inspection.read')
  const t = await repo.findTarget(db, id)
  if (!t) throw notFound('target')
  const roles = rolesToward(actor, t)
  if (roles.length === 0) throw hidden('target')
  return { actor, target: t, roles }
}

export async function getTarget(db: DB, ctx: Ctx, id: string) {
  const { actor, target } = await targetFor(db, ctx, id)
  return presentTarget(target, (await countsFor(db, actor, [id])).get(id) ?? {})
}

export async function createTarget(
  db: DB,
  ctx: Ctx,
  input: {
    roundId: string
    teamId: string
    unitId: string
    onsiteStart?: string | null
    onsiteEnd?: string | null
    feedbackDate?: string | null
    rectificationDeadline?: string | null
  },
) {
  const { round } = await officeRound(db, ctx, input.roundId)
  const team = await repo.findTeam(db, input.teamId)
  if (!team || team.roundId !== input.roundId) throw badRequest('team_mismatch', '巡视组不属于该轮次')
  const unit = await units.findById(db, input.unitId)
  if (!unit) throw notFound('unit')
  if (unit.id === round.organizerUnitId) throw badRequest('invalid_target', '不能巡视组织巡视的单位本身')
  if (!unit.path.startsWith(round.organizerPath))
    throw badRequest('invalid_target', '只能巡视组织巡视单位的下级单位')
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    if (await repo.targetExists(trx, input.roundId, input.unitId))
      throw conflict('target_exists', '该单位已是本轮被巡视单位')
    const now = new Date().toISOString()
    await repo.insertTarget(trx, {
      id,
      roundId: input.roundId,
      teamId: input.teamId,
      unitId: input.unitId,
      onsiteStart: input.onsiteStart ?? null,
      onsiteEnd: input.onsiteEnd ?? null,
      feedbackDate: input.feedbackDate ?? null,
      // The concentrated phase of rectification: three months from feedback.
      rectificationDeadline:
        input.rectificationDeadline ?? (input.feedbackDate ? addMonths(input.feedbackDate, 3) : null),
      fedBackAt: null,
      fedBackBy: null,
      finalReportId: null,
      createdAt: now,
      updatedAt: now,
    })
    await audit.record(trx, ctx, {
      action: 'target.create',
      objectType: 'target',
      objectId: id,
      details: { unitCode: unit.code, teamId: input.teamId },
    })
  })
  return getTarget(db, ctx, id)
}

export async function updateTarget(
  db: DB,
  ctx: Ctx,
  id: string,
  input: {
    teamId?: string
    onsiteStart?: string | null
    onsiteEnd?: string | null
    feedbackDate?: string | null
    rectificationDeadline?: string | null
  },
) {
  const t = await repo.findTarget(db, id)
  if (!t) throw notFound('target')
  await officeRound(db, ctx, t.roundId)
  if (input.teamId && input.teamId !== t.teamId) {
    const team = await repo.findTeam(db, input.teamId)
    if (!team || team.roundId !== t.roundId) throw badRequest('team_mismatch', '巡视组不属于该轮次')
    if ((await repo.countFindings(db, { targetId: id })) > 0)
      throw conflict('target_has_findings', '已有问题记录，不能更换巡视组')
  }
  await db.transaction().execute(async (trx) => {
    await repo.updateTarget(trx, id, { ...input, updatedAt: new Date().toISOString() })
    await audit.record(trx, ctx, {
      action: 'target.update',
      objectType: 'target',
      objectId: id,
      details: { ...input },
    })
  })
  return getTarget(db, ctx, id)
}

export async function deleteTarget(db: DB, ctx: Ctx, id: string) {
  const t = await repo.findTarget(db, id)
  if (!t) throw notFound('target')
  await officeRound(db, ctx, t.roundId)
  await db.transaction().execute(async (trx) => {
    if ((await repo.countFindings(trx, { targetId: id })) > 0)
      throw conflict('target_has_findings', '已有问题记录，不能删除')
    await repo.deleteTarget(trx, id)
    await audit.record(trx, ctx, {
      action: 'target.delete',
      objectType: 'target',
      objectId: id,
      details: { unitCode: t.unitCode },
    })
  })
}
