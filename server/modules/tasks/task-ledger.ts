import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import type { DB } from '../../db/database'
import type { Ctx } from '../access/context'
import * as audit from '../audit/audit.service'
import { list } from './task.service'

const LIGHT_CN = { done: '已完成', green: '绿灯', yellow: '黄灯', red: '红灯' } as const

/** The task ledger (督办台账) as .xlsx, one row per task the actor may see, with its light and why. */
export async function taskLedger(
  db: DB,
  ctx: Ctx,
  filter: { year?: number; campaignId?: string; departmentId?: string },
) {
  const { items } = await list(db, ctx, {
    ...filter,
    sort: 'code',
    order: 'asc',
    page: 1,
    pageSize: 1_000_000,
  })
  await audit.recordAlone(db, ctx, { action: 'ledger.export', objectType: 'task_ledger', details: filter })
  const out = new PassThrough()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true })
  const ws = wb.addWorksheet('督办台账', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = [
    { header: '编号', key: 'code', width: 10 },
    { header: '任务名称', key: 'title', width: 40 },
    { header: '分管院领导', key: 'leader', width: 14 },
    { header: '牵头部门', key: 'lead', width: 16 },
    { header: '配合部门', key: 'coop', width: 24 },
    { header: '专项行动', key: 'campaign', width: 12 },
    { header: '完成时限', key: 'deadline', width: 12 },
    { header: '实际进度(%)', key: 'progress', width: 10 },
    { header: '序时进度(%)', key: 'expected', width: 10 },
    { header: '状态灯', key: 'light', width: 8 },
    { header: '说明', key: 'reasons', width: 40 },
  ]
  ws.getRow(1).font = { bold: true }
  ws.autoFilter = { from: 'A1', to: 'K1' }
  ws.getRow(1).commit()
  for (const t of items) {
    ws.addRow({
      code: t.code,
      title: t.title,
      leader: t.leaderName,
      lead: t.leadDepartmentName,
      coop: t.cooperators.map((c) => c.name).join('、'),
      campaign: t.campaignName ?? '',
      deadline: t.deadline,
      progress: t.progress,
      expected: t.expectedProgress,
      light: LIGHT_CN[t.light],
      reasons: t.lightReasons.join('；'),
    }).commit()
  }
  ws.commit()
  void wb.commit()
  return out
}
