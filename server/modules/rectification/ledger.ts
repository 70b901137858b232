import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import type { DB } from '../../db/database'
import type { Ctx } from '../access/context'
import { departmentsOf, requirePermission } from '../access/policy'
import * as audit from '../audit/audit.service'
import { loadCalendar } from '../calendar/calendar.service'
import { overdueWorkingDays } from '../calendar/working-days'
import { scopesOf } from '../inspections/inspection.policy'
import * as repo from './rectification.repository'

const STATUS_CN: Record<string, string> = {
  fed_back: '已反馈',
  rectifying: '整改中',
  awaiting_verification: '待核查',
  closed: '已销号',
}
const KIND_CN: Record<string, string> = {
  immediate: '立行立改',
  concentrated: '集中整改期内',
  long_term: '长期坚持',
}
const SEVERITY_CN: Record<string, string> = { minor: '一般', major: '较重', severe: '严重' }

/**
 * The rectification ledger (整改台账) as .xlsx: one row per measure the actor may see,
 * written row by row from keyset pages, so memory stays flat for any number of measures.
 */
export async function rectificationLedger(
  db: DB,
  ctx: Ctx,
  filter: { roundId?: string; targetId?: string; status?: 'open' | 'done' },
) {
  const actor = requirePermission(ctx, 'inspection.read')
  const s = {
    ...scopesOf(actor),
    departments: departmentsOf(actor),
  }
  const cal = await loadCalendar(db, ctx.versions)
  const today = new Date().toISOString().slice(0, 10)
  await audit.recordAlone(db, ctx, {
    action: 'ledger.export',
    objectType: 'rectification_ledger',
    details: filter,
  })
  const out = new PassThrough()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true })
  const ws = wb.addWorksheet('整改台账', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = [
    { header: '巡视轮次', key: 'round', width: 16 },
    { header: '被巡视单位', key: 'unit', width: 22 },
    { header: '问题序号', key: 'seq', width: 8 },
    { header: '问题', key: 'finding', width: 40 },
    { header: '问题状态', key: 'findingStatus', width: 10 },
    { header: '整改措施', key: 'content', width: 50 },
    { header: '类型', key: 'kind', width: 12 },
    { header: '责任领导', key: 'leader', width: 12 },
    { header: '责任部门', key: 'department', width: 16 },
    { header: '完成时限', key: 'deadline', width: 12 },
    { header: '措施状态', key: 'status', width: 10 },
    { header: '进度(%)', key: 'progress', width: 8 },
    { header: '逾期工作日', key: 'overdue', width: 10 },
  ]
  ws.getRow(1).font = { bold: true }
  ws.autoFilter = { from: 'A1', to: 'M1' }
  ws.getRow(1).commit()
  void (async () => {
    try {
      let after: string | null = null
      for (;;) {
        const page = await repo.measuresAfter(db, s, filter, after, 1000)
        for (const m of page) {
          ws.addRow({
            round: m.roundName,
            unit: m.unitName,
            seq: m.findingSeq,
            finding: `${m.findingTitle}（${m.categoryName}，${SEVERITY_CN[m.severity] ?? m.severity}）`,
            findingStatus: STATUS_CN[m.findingStatus] ?? m.findingStatus,
            content: m.content,
            kind: KIND_CN[m.kind] ?? m.kind,
            leader: m.responsibleLeader,
            department: m.departmentName ?? '',
            deadline: m.deadline,
            status: m.status === 'done' ? '已完成' : '推进中',
            progress: m.progress,
            overdue: m.status === 'open' ? overdueWorkingDays(m.deadline, today, cal) : 0,
          }).commit()
        }
        if (page.length < 1000) break
        after = page[page.length - 1].id
      }
      ws.commit()
      await wb.commit()
    } catch (err) {
      out.destroy(err as Error)
    }
  })()
  return out
}
