import { diffLines } from 'diff'
import { v7 as uuidv7 } from 'uuid'
import type { ReportRevisionDto } from '../../../common/inspections'
import { nextValue } from '../../db/counter'
import type { DB } from '../../db/database'
import { conflict, forbidden, hidden, notFound } from '../../errors'
import type { Ctx } from '../access/context'
import * as audit from '../audit/audit.service'
import { targetFor } from './inspection.service'
import * as findings from './finding.repository'
import * as inspections from './inspection.repository'
import * as repo from './report.repository'

const AUTHORS = ['inspection_office', 'team_member'] as const

/** The office and the team see every revision; the inspected unit only the final one after feedback. */
async function readable(db: DB, ctx: Ctx, targetId: string) {
  const t = await targetFor(db, ctx, targetId)
  const full = t.roles.some((r) => (AUTHORS as readonly string[]).includes(r))
  return { ...t, full }
}

function present(
  r: {
    id: string
    targetId: string
    version: number
    title: string
    note: string
    createdAt: string
    createdByName: string | null
  },
  finalId: string | null,
  body?: string,
): ReportRevisionDto {
  return {
    id: r.id,
    targetId: r.targetId,
    version: r.version,
    title: r.title,
    note: r.note,
    createdByName: r.createdByName ?? null,
    createdAt: r.createdAt,
    isFinal: r.id === finalId,
    ...(body !== undefined && { body }),
  }
}

export async function list(db: DB, ctx: Ctx, targetId: string) {
  const { target, full } = await readable(db, ctx, targetId)
  const rows = await repo.revisions(db, targetId)
  return rows
    .filter((r) => full || r.id === target.finalReportId)
    .map((r) => present(r, target.finalReportId))
}

export async function get(db: DB, ctx: Ctx, targetId: string, version: number) {
  const { target, full } = await readable(db, ctx, targetId)
  const r = await repo.byVersion(db, targetId, version)
  if (!r) throw notFound('report')
  if (!full && r.id !== target.finalReportId) throw hidden('report')
  return present(r, target.finalReportId, r.body)
}

const SEVERITY_CN: Record<string, string> = { minor: '一般', major: '较重', severe: '严重' }
const HEADINGS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** A first draft from the target's confirmed findings, grouped by top-level category. */
export async function compose(db: DB, ctx: Ctx, targetId: string) {
  const { target, roles } = await readable(db, ctx, targetId)
  if (!roles.some((r) => (AUTHORS as readonly string[]).includes(r))) throw forbidden()
  const rows = await inspections.findingsOfTarget(db, targetId, [
    'confirmed',
    'fed_back',
    'rectifying',
    'awaiting_verification',
    'closed',
  ])
  const cats = new Map((await findings.categories(db)).map((c) => [c.id, c]))
  const groups = new Map<string, typeof rows>()
  for (const f of rows) {
    const c = cats.get(f.categoryId)
    const top = c?.parentId ? cats.get(c.parentId) : c
    const key = top?.id ?? 'other'
    groups.set(key, [...(groups.get(key) ?? []), f])
  }
  const lines = [
    `根据${target.roundName}巡视工作安排，${target.teamName}对${target.unitName}党组进行了巡视。现将巡视发现的主要问题报告如下。`,
    '',
  ]
  let i = 0
  for (const [key, fs] of groups) {
    const cat = cats.get(key)
    lines.push(`${HEADINGS[i++] ?? i}、${cat?.name ?? '其他问题'}`)
    fs.forEach((f, j) => {
      lines.push(`（${j + 1}）${f.title}。${f.description}`)
      if (f.personsMatters) lines.push(`具体人和事：${f.personsMatters}`)
      lines.push(`（严重程度：${SEVERITY_CN[f.severity] ?? f.severity}）`)
    })
    lines.push('')
  }
  if (rows.length === 0) lines.push('（尚无已确认的问题）')
  return { title: `关于对${target.unitName}党组的巡视情况报告`, body: lines.join('\n').trim() + '\n' }
}

export async function createRevision(
  db: DB,
  ctx: Ctx,
  targetId: string,
  input: { title: string; body: string; note?: string },
) {
  const { target, roles } = await readable(db, ctx, targetId)
  if (!roles.some((r) => (AUTHORS as readonly string[]).includes(r)))
    throw forbidden('只有巡视组和巡视办可以修改巡视报告')
  if (target.fedBackAt) throw conflict('already_fed_back', '已反馈的巡视报告不能再修改')
  const id = uuidv7()
  const version = await db.transaction().execute(async (trx) => {
    const version = await nextValue(trx, `report_version:${targetId}`)
    await repo.insert(trx, {
      id,
      targetId,
      version,
      title: input.title,
      body: input.body,
      note: input.note ?? '',
      createdBy: ctx.actor!.id,
      createdAt: new Date().toISOString(),
    })
    await audit.record(trx, ctx, {
      action: 'report.revise',
      objectType: 'inspection_report',
      objectId: id,
      details: { targetId, version },
    })
    return version
  })
  return get(db, ctx, targetId, version)
}

export async function markFinal(db: DB, ctx: Ctx, targetId: string, version: number) {
  const { target, roles } = await readable(db, ctx, targetId)
  if (!roles.includes('inspection_office')) throw forbidden('定稿由巡视办确定')
  if (target.fedBackAt) throw conflict('already_fed_back', '已反馈，定稿不能更改')
  const r = await repo.byVersion(db, targetId, version)
  if (!r) throw notFound('report')
  await db.transaction().execute(async (trx) => {
    await inspections.updateTarget(trx, targetId, {
      finalReportId: r.id,
      updatedAt: new Date().toISOString(),
    })
    await audit.record(trx, ctx, {
      action: 'report.finalize',
      objectType: 'inspection_report',
      objectId: r.id,
      details: { targetId, version },
    })
  })
  return get(db, ctx, targetId, version)
}

/** Two revisions side by side: line-level parts, same / added / removed from a to b. */
export async function compare(db: DB, ctx: Ctx, targetId: string, a: number, b: number) {
  const [ra, rb] = [await get(db, ctx, targetId, a), await get(db, ctx, targetId, b)]
  const parts = diffLines(ra.body ?? '', rb.body ?? '').map((p) => ({
    kind: p.added ? ('added' as const) : p.removed ? ('removed' as const) : ('same' as const),
    text: p.value,
  }))
  return { a: { ...ra, body: undefined }, b: { ...rb, body: undefined }, parts }
}
