// Import of findings from the ledger sheet the teams already keep: a preview that names
// every bad row and column, then a commit of all rows or none. Both passes stream the
// sheet, so memory stays flat however many rows it has.
import { guardZipFile } from '../../plugins/zip-guard'
import { findingText, indexTexts } from '../text/similar.service'
import { once } from 'node:events'
import fs from 'node:fs'
import { finished } from 'node:stream/promises'
import readline from 'node:readline'
import path from 'node:path'
import type { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { v7 as uuidv7 } from 'uuid'
import {
  FINDING_SOURCES,
  SEVERITIES,
  type FindingSource,
  type ImportJobDto,
  type Severity,
} from '../../../common/inspections'
import { nextValue } from '../../db/counter'
import type { DB } from '../../db/database'
import { outsideTransaction } from '../../db/dialect'
import type { FindingTable } from '../../db/schema'
import { badRequest, conflict, forbidden, notFound } from '../../errors'
import type { Ctx } from '../access/context'
import { requireActor } from '../access/policy'
import * as audit from '../audit/audit.service'
import type { FileStore } from '../files/file-store'
import { FINDING_TEXT, buildRow, recordableTarget } from './finding.service'
import { cleanFields, insertOriginals, type TextOriginal } from '../text/text-original'
import * as repo from './finding.repository'

export const COLUMNS = [
  { key: 'title', header: '问题标题', required: true, max: 200 },
  { key: 'description', header: '问题描述', required: true, max: 20_000 },
  { key: 'personsMatters', header: '具体人和事', required: false, max: 20_000 },
  { key: 'category', header: '问题类别', required: true, max: 100 },
  { key: 'severity', header: '严重程度', required: true, max: 10 },
  { key: 'source', header: '问题来源', required: true, max: 10 },
] as const
type Key = (typeof COLUMNS)[number]['key']

const SEVERITY_NAMES: Record<string, Severity> = { 一般: 'minor', 较重: 'major', 严重: 'severe' }
const SOURCE_NAMES: Record<string, FindingSource> = {
  个别谈话: 'talk',
  查阅资料: 'document_review',
  信访举报: 'petition',
  抽查核实: 'spot_check',
  其他: 'other',
}
export const SEVERITY_LABELS = Object.keys(SEVERITY_NAMES)
export const SOURCE_LABELS = Object.keys(SOURCE_NAMES)

const MAX_ERRORS = 1000
const SAMPLE = 20
const PROGRESS_EVERY = 500
const STALE_MS = 10 * 60_000

export type RowError = { row: number; column: string; code: string; message: string }
type Parsed = {
  row: number
  title: string
  description: string
  personsMatters: string
  categoryId: string
  severity: Severity
  source: FindingSource
  categoryLabel: string
}

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('')
    if ('text' in v && typeof v.text === 'string') return v.text
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue)
  }
  return String(v)
}

function columnLetter(n: number) {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}

type Categories = Map<string, { id: string; label: string }>

async function categoryIndex(db: DB): Promise<Categories> {
  const index: Categories = new Map()
  for (const c of await repo.categories(db)) {
    if (!c.active) continue
    index.set(c.code.toLowerCase(), { id: c.id, label: c.name })
    index.set(c.name, { id: c.id, label: c.name })
  }
  return index
}

/** Streams the first sheet: the header row decides the columns, then each data row is checked. */
export async function* parseSheet(
  file: string,
  categories: Categories,
): AsyncGenerator<{ row: number; parsed?: Parsed; errors: RowError[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  })
  for await (const sheet of reader) {
    let positions: Map<Key, number> | null = null
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as ExcelJS.CellValue[]
      if (!positions) {
        positions = new Map()
        values.forEach((v, i) => {
          const h = cellText(v).trim()
          const col = COLUMNS.find((c) => c.header === h)
          if (col) positions!.set(col.key, i)
        })
        const missing = COLUMNS.filter((c) => !positions!.has(c.key))
        if (missing.length) {
          yield {
            row: row.number,
            errors: missing.map((c) => ({
              row: row.number,
              column: c.header,
              code: 'missing_column',
              message: `缺少“${c.header}”列`,
            })),
          }
          return
        }
        continue
      }
      const text = (k: Key) => cellText(values[positions!.get(k)!]).trim()
      if (COLUMNS.every((c) => text(c.key) === '')) continue
      const errors: RowError[] = []
      const err = (k: Key, code: string, message: string) => {
        const col = COLUMNS.find((c) => c.key === k)!
        errors.push({
          row: row.number,
          column: `${columnLetter(positions!.get(k)!)}（${col.header}）`,
          code,
          message,
        })
      }
      for (const c of COLUMNS) {
        const v = text(c.key)
        if (c.required && !v) err(c.key, 'required', `${c.header}不能为空`)
        else if (v.length > c.max) err(c.key, 'too_long', `${c.header}超过${c.max}字`)
      }
      const catText = text('category')
      const cat = categories.get(catText.toLowerCase()) ?? categories.get(catText)
      if (catText && !cat) err('category', 'unknown_category', `问题类别“${catText}”不存在或已停用`)
      const sevText = text('severity')
      const severity = SEVERITY_NAMES[sevText] ?? (SEVERITIES as readonly string[]).find((s) => s === sevText)
      if (sevText && !severity)
        err('severity', 'invalid_severity', `严重程度应为 ${SEVERITY_LABELS.join('、')}`)
      const srcText = text('source')
      const source =
        SOURCE_NAMES[srcText] ?? (FINDING_SOURCES as readonly string[]).find((s) => s === srcText)
      if (srcText && !source) err('source', 'invalid_source', `问题来源应为 ${SOURCE_LABELS.join('、')}`)
      if (errors.length) {
        yield { row: row.number, errors }
        continue
      }
      yield {
        row: row.number,
        errors,
        parsed: {
          row: row.number,
          title: text('title'),
          description: text('description'),
          personsMatters: text('personsMatters'),
          categoryId: cat!.id,
          categoryLabel: cat!.label,
          severity: severity as Severity,
          source: source as FindingSource,
        },
      }
    }
    if (!positions)
      yield { row: 1, errors: [{ row: 1, column: '-', code: 'empty_sheet', message: '工作表为空' }] }
    return
  }
}

function present(j: Awaited<ReturnType<typeof findJob>> & {}): ImportJobDto {
  const stale =
    (j.status === 'validating' || j.status === 'committing') &&
    Date.now() - Date.parse(j.updatedAt) > STALE_MS
  return {
    id: j.id,
    targetId: j.contextId,
    status: stale ? 'failed' : (j.status as ImportJobDto['status']),
    rowCount: j.rowCount,
    processed: j.processed,
    errorCount: j.errorCount,
    errors: JSON.parse(j.errors) as RowError[],
    sample: JSON.parse(j.sample) as {
      row: number
      title: string
      category: string
      severity: string
      source: string
    }[],
    committedCount: j.committedCount,
    message: stale ? '处理中断，请重新导入' : j.message,
  }
}

async function findJob(db: DB, id: string) {
  return db
    .selectFrom('importJob')
    .selectAll()
    .where('id', '=', id)
    .where('kind', '=', 'findings')
    .executeTakeFirst()
}

async function touch(db: DB, id: string, patch: Record<string, unknown>) {
  await db
    .updateTable('importJob')
    .set({ ...patch, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .execute()
}

/** Validation pass: counts rows, keeps the first errors and a sample, never writes a finding. */
export async function validateJob(db: DB, id: string) {
  const job = (await findJob(db, id))!
  const categories = await categoryIndex(db)
  const errors: RowError[] = []
  const sample: object[] = []
  let processed = 0
  let errorCount = 0
  const staged = fs.createWriteStream(`${job.filePath}.ndjson`)
  try {
    for await (const r of parseSheet(job.filePath, categories)) {
      if (r.parsed && errorCount === 0 && !staged.write(JSON.stringify(r.parsed) + '\n'))
        await once(staged, 'drain')
      processed += r.parsed
        ? 1
        : r.errors[0]?.code === 'missing_column' || r.errors[0]?.code === 'empty_sheet'
          ? 0
          : 1
      errorCount += r.errors.length
      for (const e of r.errors) if (errors.length < MAX_ERRORS) errors.push(e)
      if (r.parsed && sample.length < SAMPLE)
        sample.push({
          row: r.row,
          title: r.parsed.title,
          category: r.parsed.categoryLabel,
          severity: r.parsed.severity,
          source: r.parsed.source,
        })
      if (processed % PROGRESS_EVERY === 0) await touch(db, id, { processed })
    }
    staged.end()
    await finished(staged)
    const status = errorCount === 0 && processed > 0 ? 'valid' : 'invalid'
    await touch(db, id, {
      status,
      processed,
      rowCount: processed,
      errorCount,
      errors: JSON.stringify(errors),
      sample: JSON.stringify(sample),
      message: processed === 0 && errorCount === 0 ? '没有可导入的行' : null,
    })
  } catch (e) {
    staged.destroy()
    await touch(db, id, {
      status: 'failed',
      message: `无法读取该文件：${(e as Error).message}`.slice(0, 500),
    })
  }
}

export async function start(
  db: DB,
  store: FileStore,
  importDir: string,
  ctx: Ctx,
  input: { targetId: string; fileName: string; stream: Readable; truncated: () => boolean },
) {
  const actor = requireActor(ctx)
  await recordableTarget(db, ctx, input.targetId)
  if (!input.fileName.toLowerCase().endsWith('.xlsx')) {
    input.stream.resume()
    throw badRequest('file_type_not_allowed', '请上传 .xlsx 格式的问题台账')
  }
  const received = await store.receive(input.stream)
  if (input.truncated()) {
    await store.discard(received.tmp)
    throw badRequest('file_too_large', '文件超过大小限制')
  }
  try {
    await guardZipFile(received.tmp)
  } catch (err) {
    await store.discard(received.tmp)
    throw err
  }
  const id = uuidv7()
  await fs.promises.mkdir(importDir, { recursive: true })
  const filePath = path.join(importDir, `${id}.xlsx`)
  await fs.promises.rename(received.tmp, filePath)
  const now = new Date().toISOString()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('importJob')
      .values({
        id,
        kind: 'findings',
        contextId: input.targetId,
        filePath,
        status: 'validating',
        rowCount: null,
        processed: 0,
        errorCount: 0,
        errors: '[]',
        sample: '[]',
        committedCount: 0,
        message: null,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    await audit.record(trx, ctx, {
      action: 'finding.import_preview',
      objectType: 'target',
      objectId: input.targetId,
      details: { jobId: id, fileName: input.fileName, size: received.size },
    })
  })
  return { id, run: () => validateJob(db, id) }
}

export async function get(db: DB, ctx: Ctx, id: string) {
  const actor = requireActor(ctx)
  const job = await findJob(db, id)
  if (!job) throw notFound('import')
  if (job.createdBy !== actor.id) throw forbidden('只能查看自己发起的导入')
  return present(job)
}

/** Rows checked in the validation pass, one JSON object a line. */
async function* stagedRows(file: string): AsyncGenerator<Parsed> {
  const lines = readline.createInterface({
    input: fs.createReadStream(`${file}.ndjson`),
    crlfDelay: Infinity,
  })
  for await (const line of lines) if (line) yield JSON.parse(line) as Parsed
}

/**
 * Commit pass: the rows staged by validation, inserted in one transaction with their
 * history and one audit event; any failure and nothing is written.
 */
export async function commitJob(db: DB, ctx: Ctx, id: string) {
  const job = (await findJob(db, id))!
  let processed = 0
  // On PostgreSQL the progress is written through another pooled connection, in order, and not
  // awaited inside the transaction: were every other connection taken (by requests waiting on
  // this transaction's row locks, or by other imports), waiting for one would wait for ever.
  // It is awaited once the transaction has ended.
  let progressed: Promise<void> = Promise.resolve()
  try {
    const count = await db.transaction().execute(async (trx) => {
      const progress = outsideTransaction(db, trx)
      const report = async (n: number) => {
        if (progress === trx) await touch(trx, id, { processed: n })
        else progressed = progressed.then(() => touch(progress, id, { processed: n }).catch(() => {}))
      }
      const target = await recordableTarget(trx, ctx, job.contextId)
      const first =
        (await nextValue(trx, `finding_seq:${target.id}`, job.rowCount ?? 0)) - (job.rowCount ?? 0) + 1
      let batch: FindingTable[] = []
      let originals: { objectId: string; originals: TextOriginal[] }[] = []
      const flush = async () => {
        await repo.insertMany(trx, batch)
        await insertOriginals(trx, 'finding', originals)
        await indexTexts(
          trx,
          'finding',
          batch.map((f) => ({ id: f.id, text: findingText(f) })),
          true,
        )
        originals = []
        const now = new Date().toISOString()
        const history = batch.map((f) => ({
          id: uuidv7(),
          findingId: f.id,
          action: 'import',
          fromStatus: null,
          toStatus: 'draft',
          actorId: ctx.actor!.id,
          reason: null,
          createdAt: now,
        }))
        for (let i = 0; i < history.length; i += 200)
          await trx
            .insertInto('findingHistory')
            .values(history.slice(i, i + 200))
            .execute()
        batch = []
        await report(processed)
      }
      for await (const r of stagedRows(job.filePath)) {
        const { row: _row, categoryLabel: _label, ...input } = r
        const text = cleanFields(input, FINDING_TEXT)
        const row = buildRow(ctx, target, text.values, first + processed)
        batch.push(row)
        if (text.originals.length) originals.push({ objectId: row.id, originals: text.originals })
        processed++
        if (batch.length >= PROGRESS_EVERY) await flush()
      }
      if (batch.length) await flush()
      if (processed !== job.rowCount) throw conflict('import_changed', '导入文件与校验时不一致')
      await audit.record(trx, ctx, {
        action: 'finding.import',
        objectType: 'target',
        objectId: job.contextId,
        details: { jobId: id, rows: processed, firstSeq: first },
      })
      return processed
    })
    await progressed
    await touch(db, id, { status: 'committed', committedCount: count, processed: count })
    await Promise.all([
      fs.promises.rm(job.filePath, { force: true }),
      fs.promises.rm(`${job.filePath}.ndjson`, { force: true }),
    ])
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    await progressed
    await touch(db, id, {
      status: 'failed',
      committedCount: 0,
      message: `未导入任何问题：${message}`.slice(0, 500),
    })
  }
}

export async function commit(db: DB, ctx: Ctx, id: string) {
  const job = await get(db, ctx, id)
  if (job.status !== 'valid')
    throw conflict('import_not_valid', '只有校验通过的导入可以提交', { status: job.status })
  // Only one commit may start: the status moves from valid to committing once.
  const started = await db
    .updateTable('importJob')
    .set({ status: 'committing', processed: 0, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'valid')
    .executeTakeFirst()
  if (Number(started.numUpdatedRows) !== 1) throw conflict('import_not_valid', '该导入已在提交或已提交')
  return { job: { ...job, status: 'committing' as const, processed: 0 }, run: () => commitJob(db, ctx, id) }
}

/** The sheet to fill in: the headers, one example row, and drop-down lists for the fixed columns. */
export async function template(db: DB): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('问题台账')
  ws.columns = [
    { header: '序号', width: 6 },
    ...COLUMNS.map((c) => ({
      header: c.header,
      width: c.key === 'description' || c.key === 'personsMatters' ? 50 : 20,
    })),
  ]
  const sub = (await repo.categories(db)).find((c) => c.parentId && c.active)
  ws.addRow([
    1,
    '（示例）立案监督不够有力',
    '对应当立案而不立案的情形监督不够……',
    '2023年某案……',
    sub?.code ?? 'T2.2',
    '较重',
    '个别谈话',
  ])
  ws.getRow(1).font = { bold: true }
  for (let r = 2; r <= 2000; r++) {
    ws.getCell(r, 6).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${SEVERITY_LABELS.join(',')}"`],
    }
    ws.getCell(r, 7).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${SOURCE_LABELS.join(',')}"`],
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
