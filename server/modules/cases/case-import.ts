// Import of a case written in Word: the headings the case office's template uses (标题, 关键词,
// 要旨, 基本案情, 检察机关履职过程, 指导意义, 相关规定; optionally 领域 and 类别) split the text
// into fields. Every field is normalized as imported text is (pinyin annotations removed,
// full-width folded) and its damaged runs come back with the draft for the editor to fix.
import { guardZip } from '../../plugins/zip-guard'
import type { TextOriginal } from '../text/text-original'
import mammoth from 'mammoth'
import { CASE_IMPORT_MAX_BYTES, CaseFields as CaseFieldsSchema } from '../../../common/cases'
import type { DB } from '../../db/database'
import { badRequest } from '../../errors'
import { normalizeText } from '../../text/normalize'
import type { Ctx } from '../access/context'
import { requirePermission } from '../access/policy'
import { get, insertDraft, type CaseFields } from './case.service'

type Section =
  | 'title'
  | 'keywords'
  | 'gist'
  | 'facts'
  | 'procuratorialWork'
  | 'significance'
  | 'relatedLaws'
  | 'domain'
  | 'kind'

/** Heading names as they appear in case documents; the first is the one errors name. */
const HEADINGS: { section: Section; names: string[]; required: boolean }[] = [
  { section: 'title', names: ['标题', '案例名称'], required: true },
  { section: 'keywords', names: ['关键词', '关键字'], required: true },
  { section: 'gist', names: ['要旨'], required: true },
  { section: 'facts', names: ['基本案情'], required: true },
  {
    section: 'procuratorialWork',
    names: ['检察机关履职过程', '检察履职情况', '检察机关履职情况', '检察履职过程'],
    required: true,
  },
  { section: 'significance', names: ['指导意义', '典型意义'], required: true },
  { section: 'relatedLaws', names: ['相关规定', '相关法律规定'], required: true },
  { section: 'domain', names: ['领域', '案例领域'], required: false },
  { section: 'kind', names: ['类别', '案例类别'], required: false },
]
const BY_NAME = new Map(HEADINGS.flatMap((h) => h.names.map((n) => [n, h.section] as const)))
const HEADING_NAME = Object.fromEntries(HEADINGS.map((h) => [h.section, h.names[0]])) as Record<
  Section,
  string
>

const DOMAINS: [RegExp, CaseFields['domain']][] = [
  [/公益/, 'public_interest'],
  [/刑事/, 'criminal'],
  [/民事/, 'civil'],
  [/行政/, 'administrative'],
]
const KINDS: [RegExp, CaseFields['kind']][] = [
  [/指导/, 'guiding'],
  [/典型/, 'typical'],
]

// "一、" "（一）" "1." before a heading; 【】〔〕[] around it; a colon after it.
const NUMBERING = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*/u
const BRACKETED = /^[【〔[]\s*([^】〕\]]{1,16}?)\s*[】〕\]]\s*[:：]?\s*(.*)$/u
const COLON = /^([^:：]{1,16}?)\s*[:：]\s*(.*)$/u
const GUIDING_NUMBER = /^[（(]?\s*检例第.{1,8}号\s*[)）]?$/u

function headingOf(line: string): { section: Section; rest: string } | null {
  const l = line.replace(NUMBERING, '')
  const key = (s: string) => s.replace(/\s+/gu, '')
  for (const re of [BRACKETED, COLON]) {
    const m = re.exec(l)
    if (m && BY_NAME.has(key(m[1]))) return { section: BY_NAME.get(key(m[1]))!, rest: m[2].trim() }
  }
  const whole = BY_NAME.get(key(l))
  return whole ? { section: whole, rest: '' } : null
}

/** The text of each heading's section; the title falls back to the first paragraph. */
export function splitSections(text: string) {
  const lines = text
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter(Boolean)
  const sections = new Map<Section, string[]>()
  const heading = new Map<Section, string>()
  let current: Section | null = null
  const preamble: string[] = []
  for (const line of lines) {
    const h = headingOf(line)
    if (h) {
      current = h.section
      if (!sections.has(current)) sections.set(current, [])
      heading.set(current, line)
      if (h.rest) sections.get(current)!.push(h.rest)
    } else if (current) sections.get(current)!.push(line)
    else preamble.push(line)
  }
  if (!sections.get('title')?.length) {
    const title = preamble.find((l) => !GUIDING_NUMBER.test(l))
    if (title) sections.set('title', [title])
  }
  const missing = HEADINGS.filter((h) => h.required && !sections.get(h.section)?.length).map(
    (h) => HEADING_NAME[h.section],
  )
  return { sections, heading, missing }
}

export type ImportFlag = { field: string; start: number; end: number; text: string; context: string }

/** Fields of a case from its document text; throws naming the headings it lacks. */
export function parseCaseText(text: string, defaults: { kind?: string; domain?: string } = {}) {
  const { sections, heading, missing } = splitSections(text)
  if (missing.length)
    throw badRequest('docx_heading_missing', `文档缺少以下标题：${missing.join('、')}`, { missing })
  const flags: ImportFlag[] = []
  const changes = { pinyinRemoved: 0, widthFolded: 0 }
  const notes: string[] = []
  const originals: TextOriginal[] = []
  const norm = (field: string, s: string) => {
    const n = normalizeText(s)
    if (n.normalized !== s || n.flags.length) originals.push({ field, original: s, flags: n.flags })
    changes.pinyinRemoved += n.changes.pinyinRemoved
    changes.widthFolded += n.changes.widthFolded
    for (const f of n.flags)
      flags.push({
        field,
        start: f.start,
        end: f.end,
        text: f.text,
        context: n.normalized.slice(Math.max(0, f.start - 12), f.end + 12),
      })
    return n.normalized.trim()
  }
  const body = (s: Section) => (sections.get(s) ?? []).join('\n')
  const list = (s: Section, split: RegExp) =>
    (sections.get(s) ?? [])
      .flatMap((l) => l.split(split))
      .map((x) => x.replace(/^(?:\d+[.．、]|[（(]\d+[)）])\s*/u, '').trim())
      .filter(Boolean)

  const pick = <T extends string>(
    s: Section,
    table: [RegExp, T][],
    fallback: string | undefined,
    infer: () => { value: T; note: string },
  ): T => {
    const raw = body(s)
    if (raw) {
      const hit = table.find(([re]) => re.test(raw))
      if (!hit)
        throw badRequest('docx_field_invalid', `“${HEADING_NAME[s]}”的内容无法识别：${raw.slice(0, 20)}`, {
          field: s,
        })
      return hit[1]
    }
    if (fallback) return fallback as T
    const guess = infer()
    notes.push(guess.note)
    return guess.value
  }
  const kind = pick('kind', KINDS, defaults.kind, () =>
    /典型意义/.test(heading.get('significance') ?? '')
      ? { value: 'typical', note: '文档未注明类别，按“典型意义”标题认定为典型案例，请核对' }
      : { value: 'guiding', note: '文档未注明类别，按“指导意义”标题认定为指导性案例，请核对' },
  )
  const domain = pick('domain', DOMAINS, defaults.domain, () => ({
    value: 'criminal',
    note: '文档未注明领域，暂按刑事案例导入，请核对',
  }))

  const fields = {
    kind,
    domain,
    title: norm('title', body('title').replace(/\n/gu, '')),
    keywords: list('keywords', /[\s;；,，、]+/u).map((k, i) => norm(`keywords[${i}]`, k)),
    gist: norm('gist', body('gist')),
    facts: norm('facts', body('facts')),
    procuratorialWork: norm('procuratorialWork', body('procuratorialWork')),
    significance: norm('significance', body('significance')),
    relatedLaws: list('relatedLaws', /\n/u).map((l, i) => norm(`relatedLaws[${i}]`, l)),
  }
  const parsed = CaseFieldsSchema.safeParse(fields)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const section = String(i.path[0]) as Section
      return { field: i.path.join('.'), heading: HEADING_NAME[section] ?? section, message: i.message }
    })
    throw badRequest(
      'docx_field_invalid',
      `以下内容不符合要求：${[...new Set(problems.map((p) => p.heading))].join('、')}（长度或数量超出限制）`,
      problems,
    )
  }
  return {
    fields: parsed.data as CaseFields,
    flags,
    changes,
    notes,
    text: { originals, touched: originals.map((o) => o.field) },
  }
}

const ZIP_MAGIC = 0x04034b50

/** The plain text of a .docx, paragraph by paragraph. */
export async function docxText(fileName: string, content: Buffer) {
  if (!/\.docx$/iu.test(fileName) || content.length < 4 || content.readUInt32LE(0) !== ZIP_MAGIC)
    throw badRequest('file_type_not_allowed', '请上传 .docx 格式的 Word 文档（.doc 请先另存为 .docx）')
  if (content.length > CASE_IMPORT_MAX_BYTES)
    throw badRequest('file_too_large', `文件超过大小限制（${CASE_IMPORT_MAX_BYTES / 1_048_576} MB）`)
  await guardZip(content)
  try {
    return (await mammoth.extractRawText({ buffer: content })).value
  } catch {
    throw badRequest('docx_unreadable', '无法读取该 Word 文档，请确认文件未损坏')
  }
}

/** Reads a case from a .docx into a new draft; nothing is written unless all of it reads. */
export async function importCase(
  db: DB,
  ctx: Ctx,
  input: { fileName: string; content: Buffer; kind?: string; domain?: string },
) {
  requirePermission(ctx, 'case.write')
  const text = await docxText(input.fileName, input.content)
  const parsed = parseCaseText(text, { kind: input.kind, domain: input.domain })
  const id = await insertDraft(
    db,
    ctx,
    parsed.fields,
    {
      action: 'case.import',
      details: { fileName: input.fileName.slice(0, 200), flags: parsed.flags.length },
    },
    parsed.text,
  )
  return {
    case: await get(db, ctx, id),
    flags: parsed.flags,
    changes: parsed.changes,
    notes: parsed.notes,
  }
}
