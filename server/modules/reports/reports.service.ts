// The four meeting reports: who may generate which, their numbers, and the Word file.
// Each report is a pair: a data function (numbers, scoped in SQL by the actor's visibility)
// and a document function (those numbers, laid out in GB/T 9704).
import {
  REPORT_ROLES,
  REPORT_TITLES,
  type ReportData,
  type ReportName,
  type ReportQuery,
} from '../../../common/reports'
import type { DB } from '../../db/database'
import { AppError } from '../../errors'
import type { Ctx } from '../access/context'
import { requireActor } from '../access/policy'
import * as audit from '../audit/audit.service'
import { caseIssuingData, caseIssuingDocument } from './case-issuing.report'
import { inspectionRoundData, inspectionRoundDocument } from './inspection-round.report'
import { noProgress, type Progress } from './report-kit'
import { rectificationProgressData, rectificationProgressDocument } from './rectification-progress.report'
import { taskQuarterData, taskQuarterDocument } from './task-quarter.report'

type Definition<N extends ReportName> = {
  data(db: DB, ctx: Ctx, q: ReportQuery<N>): Promise<ReportData[N]>
  document(d: ReportData[N], progress: Progress): Promise<Buffer>
  fileName(d: ReportData[N]): string
}

const REPORTS: { [N in ReportName]: Definition<N> } = {
  'rectification-progress': {
    data: rectificationProgressData,
    document: rectificationProgressDocument,
    fileName: (d) => `${d.round.name}巡视整改进展情况综合报告（截至${d.asOf}）.docx`,
  },
  'inspection-round': {
    data: inspectionRoundData,
    document: inspectionRoundDocument,
    fileName: (d) => `${d.round.name}巡视情况综合报告.docx`,
  },
  'case-issuing': {
    data: caseIssuingData,
    document: caseIssuingDocument,
    fileName: (d) => `${d.year}年指导性案例、典型案例制发情况的报告.docx`,
  },
  'task-quarter': {
    data: taskQuarterData,
    document: taskQuarterDocument,
    fileName: (d) => `${d.year}年重点督办任务第${d.quarter}季度落实情况的报告.docx`,
  },
}

/** Which reports the actor may generate at all (their scope then limits the content). */
export function reportsFor(ctx: Ctx): ReportName[] {
  const roles = new Set(ctx.actor?.grants.map((g) => g.role) ?? [])
  return (Object.keys(REPORT_ROLES) as ReportName[]).filter((n) => REPORT_ROLES[n].some((r) => roles.has(r)))
}

/** 403 report_forbidden (audited by the error handler) unless a role in REPORT_ROLES is held. */
export function requireReport(ctx: Ctx, name: ReportName) {
  requireActor(ctx)
  if (!reportsFor(ctx).includes(name))
    throw new AppError(403, 'report_forbidden', `您没有生成“${REPORT_TITLES[name]}”的权限`)
}

/** The numbers a report is built from, as the data endpoint returns them. */
export async function reportData<N extends ReportName>(db: DB, ctx: Ctx, name: N, q: ReportQuery<N>) {
  requireReport(ctx, name)
  return (REPORTS[name] as Definition<N>).data(db, ctx, q)
}

/** Lays out numbers already read as the Word file and records its generation in the audit chain. */
export async function buildDocument<N extends ReportName>(
  db: DB,
  ctx: Ctx,
  name: N,
  q: ReportQuery<N>,
  data: ReportData[N],
  progress: Progress = noProgress,
) {
  const def = REPORTS[name] as Definition<N>
  const started = Date.now()
  const buffer = await def.document(data, progress)
  const fileName = def.fileName(data)
  await audit.recordAlone(db, ctx, {
    action: 'report.generate',
    objectType: 'report',
    objectId: name,
    details: { ...q, fileName, bytes: buffer.length, documentMs: Date.now() - started },
  })
  progress('pack', 100, '完成')
  return { buffer, fileName }
}

/** Reads the numbers and builds the Word file. */
export async function generateReport<N extends ReportName>(
  db: DB,
  ctx: Ctx,
  name: N,
  q: ReportQuery<N>,
  progress: Progress = noProgress,
) {
  progress('data', 5, '读取数据')
  const data = await reportData(db, ctx, name, q)
  progress('data', 30, '数据已读取')
  return { ...(await buildDocument(db, ctx, name, q, data, progress)), data }
}
