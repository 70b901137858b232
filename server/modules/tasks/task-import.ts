// Import of the year's key supervised tasks from the sheet the supervision office keeps:
// a preview naming every bad row and column, then all rows or none.
import { cleanFields, keepOriginals } from '../text/text-original'
import ExcelJS from 'exceljs'
import type { DB } from '../../db/database'
import { badRequest, conflict } from '../../errors'
import type { Ctx } from '../access/context'
import { requireTopLevel } from '../access/policy'
import * as audit from '../audit/audit.service'
import * as repo from './task.repository'
import { TASK_TEXT, taskRow, type NewTask } from './task.service'

export const TASK_COLUMNS = [
  '编号',
  '任务名称',
  '任务内容',
  '分管院领导',
  '牵头部门',
  '配合部门',
  '一季度',
  '二季度',
  '三季度',
  '四季度',
  '完成时限',
  '专项行动',
] as const
const MAX_ROWS = 5000

type RowError = { row: number; column: string; code: string; message: string }

function text(v: ExcelJS.CellValue): string {
  if (v == null) return ''
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim()
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim()
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  return String(v).trim()
}

/** Checks every row against the year, departments and campaigns; returns the tasks or the errors. */
export async function parseTasks(db: DB, buffer: Buffer, year: number) {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer)
  } catch {
    throw badRequest('invalid_workbook', '无法读取该文件，请上传 .xlsx 格式的任务台账')
  }
  const ws = wb.worksheets[0]
  if (!ws) throw badRequest('invalid_workbook', '工作簿中没有工作表')
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).map(text)
  const col = new Map(TASK_COLUMNS.map((h) => [h, header.indexOf(h)]))
  const missing = TASK_COLUMNS.filter(
    (h) => (col.get(h) ?? -1) < 1 && ['编号', '任务名称', '分管院领导', '牵头部门'].includes(h),
  )
  const errors: RowError[] = missing.map((h) => ({
    row: 1,
    column: h,
    code: 'missing_column',
    message: `缺少“${h}”列`,
  }))
  if (errors.length) return { tasks: [], errors, rows: 0 }
  const departments = await db
    .selectFrom('department')
    .innerJoin('unit', 'unit.id', 'department.unitId')
    .select(['department.id', 'department.name'])
    .where('unit.code', '=', '000000')
    .execute()
  const deptByName = new Map(departments.map((d) => [d.name, d.id]))
  const campaigns = new Map(
    (await db.selectFrom('campaign').select(['id', 'name']).execute()).map((c) => [c.name, c.id]),
  )
  const seen = new Set<string>()
  const tasks: NewTask[] = []
  let rows = 0
  for (let n = 2; n <= ws.rowCount; n++) {
    const row = ws.getRow(n)
    const get = (h: (typeof TASK_COLUMNS)[number]) => {
      const i = col.get(h) ?? -1
      return i > 0 ? text(row.getCell(i).value) : ''
    }
    if (TASK_COLUMNS.every((h) => get(h) === '')) continue
    rows++
    if (rows > MAX_ROWS) throw badRequest('too_many_rows', `一次最多导入${MAX_ROWS}行`)
    const err = (column: string, code: string, message: string) =>
      errors.push({ row: n, column, code, message })
    const code = get('编号')
    if (!/^[A-Za-z0-9-]{1,20}$/.test(code)) err('编号', 'invalid_code', '编号须为1至20位字母、数字或连字符')
    else if (seen.has(code)) err('编号', 'duplicate_code', `编号 ${code} 在表中重复`)
    else if (await repo.codeTaken(db, year, code)) err('编号', 'task_code_taken', `${year}年已有编号 ${code}`)
    seen.add(code)
    const title = get('任务名称')
    if (!title) err('任务名称', 'required', '任务名称不能为空')
    else if (title.length > 200) err('任务名称', 'too_long', '任务名称超过200字')
    const leaderName = get('分管院领导')
    if (!leaderName) err('分管院领导', 'required', '分管院领导不能为空')
    const lead = deptByName.get(get('牵头部门'))
    if (!lead) err('牵头部门', 'unknown_department', `牵头部门“${get('牵头部门')}”不存在`)
    const cooperatorIds: string[] = []
    for (const name of get('配合部门')
      .split(/[、,，;；\s]+/)
      .filter(Boolean)) {
      const id = deptByName.get(name)
      if (!id) err('配合部门', 'unknown_department', `配合部门“${name}”不存在`)
      else if (id === lead) err('配合部门', 'lead_is_cooperator', '牵头部门不能同时是配合部门')
      else cooperatorIds.push(id)
    }
    const milestones = []
    let last = 0
    for (const [q, h] of (['一季度', '二季度', '三季度', '四季度'] as const).entries()) {
      const v = get(h).replace(/%$/, '')
      if (!v) continue
      const p = Number(v)
      if (!Number.isInteger(p) || p < 0 || p > 100) err(h, 'invalid_progress', `${h}预期进度应为0至100的整数`)
      else if (p < last) err(h, 'milestones_decrease', '季度预期进度不能下降')
      else {
        milestones.push({ quarter: q + 1, expectedProgress: p, description: '' })
        last = p
      }
    }
    const deadline = get('完成时限') || `${year}-12-31`
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline)) err('完成时限', 'invalid_date', '完成时限应为 YYYY-MM-DD')
    const campaignName = get('专项行动')
    const campaignId = campaignName ? campaigns.get(campaignName) : null
    if (campaignName && !campaignId) err('专项行动', 'unknown_campaign', `专项行动“${campaignName}”不存在`)
    tasks.push({
      year,
      code,
      title,
      description: get('任务内容'),
      leaderName,
      leadDepartmentId: lead ?? '',
      cooperatorIds,
      campaignId: campaignId ?? null,
      deadline,
      milestones,
    })
  }
  return { tasks, errors, rows }
}

export async function importTasks(
  db: DB,
  ctx: Ctx,
  buffer: Buffer,
  year: number,
  mode: 'preview' | 'commit',
) {
  requireTopLevel(ctx, 'task.manage')
  const { tasks, errors, rows } = await parseTasks(db, buffer, year)
  const preview = {
    rows,
    errors: errors.slice(0, 1000),
    errorCount: errors.length,
    sample: tasks.slice(0, 20).map((t) => ({ code: t.code, title: t.title, leaderName: t.leaderName })),
  }
  if (mode === 'preview' || errors.length) {
    if (mode === 'commit') throw conflict('import_invalid', '表中有错误，未导入任何任务', preview)
    return { ...preview, committed: 0 }
  }
  const built: {
    row: Awaited<ReturnType<typeof taskRow>>
    cooperatorIds: string[]
    text: ReturnType<typeof cleanFields<(typeof tasks)[number]>>
  }[] = []
  for (const t of tasks) {
    const text = cleanFields(t, TASK_TEXT)
    built.push({ row: await taskRow(db, text.values), cooperatorIds: [...new Set(t.cooperatorIds)], text })
  }
  await repo.writeTasks(db, async (trx) => {
    for (const b of built) {
      if (await repo.codeTaken(trx, year, b.row.code))
        throw conflict('task_code_taken', `${year}年已有编号 ${b.row.code}`)
      await repo.insert(trx, b.row, b.cooperatorIds)
      await keepOriginals(trx, 'task', b.row.id, b.text)
    }
    await audit.record(trx, ctx, {
      action: 'task.import',
      objectType: 'task',
      details: { year, rows: built.length },
    })
  })
  return { ...preview, committed: built.length }
}

/** The template: the headers and one example row. */
export async function taskTemplate() {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('重点督办任务')
  ws.addRow([...TASK_COLUMNS])
  ws.addRow([
    '2024-01',
    '（示例）深化“检察护企”专项行动',
    '依法平等保护各类经营主体合法权益',
    '副检察长 张某',
    '第四检察厅',
    '第一检察厅、第六检察厅',
    20,
    50,
    75,
    100,
    '2024-12-31',
    '检察护企',
  ])
  ws.getRow(1).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
