// Reading a meeting text for what it decided (部署): sentences and enumerated items that ask
// for action ("要…", "必须…", "会议强调…"), not those that only assess ("会议认为…", "总体来看…").
// Each directive keeps its span in the text, a short title, a time expression if any, and
// the departments whose profile its words match best, with the words as the reason.
import { normalizeText, simplifyInPlace } from './normalize'
import { words } from './segment'

export type Directive = {
  index: number
  text: string
  title: string
  /** Offsets into the normalized text. */
  start: number
  end: number
  timeExpression: string | null
}

// 要 as a modal verb, not inside 重要 / 主要 / 要求 / 必要 / 需要 / 要点 …
const MODAL = /(?<![重主纲必需首紧提扼概摘只])要(?![求点素件闻害领])|必须|务必|应当|切实/u
const ASSESSMENT_OPENERS = /^(会议认为|总体来看|从.{1,8}看|今年以来|实践证明|事实表明)/u
const ENUMERATION = /[一二三四五六七八九十]是/gu
const TIME =
  /(下半年|上半年|年底前|年内|全年|[一二三四]季度|第[一二三四]季度|\d{1,2}月底?前|近期|当前和今后一个时期|明年)/u

type Piece = { text: string; start: number }

/** Sentences: split at 。！？ (not ；, which separates enumerated items) and at damaged runs, which usually hide a sentence end. */
function sentences(text: string, damaged: { start: number; end: number }[]): Piece[] {
  const out: Piece[] = []
  let start = 0
  const cuts: { at: number; skip: number }[] = []
  for (let i = 0; i < text.length; i++) if ('。！？\n'.includes(text[i])) cuts.push({ at: i, skip: 1 })
  for (const d of damaged) cuts.push({ at: d.start, skip: d.end - d.start })
  cuts.sort((a, b) => a.at - b.at)
  for (const c of cuts) {
    if (c.at < start) continue
    out.push({ text: text.slice(start, c.at), start })
    start = c.at + c.skip
  }
  if (start < text.length) out.push({ text: text.slice(start), start })
  return out
    .map((p) => {
      // trim quotes, spaces and leading punctuation, keeping offsets right
      const lead = /^[\s“”"‘’、，,：:]*/u.exec(p.text)![0].length
      const body = p.text.slice(lead).replace(/[\s“”"‘’]+$/u, '')
      return { text: body, start: p.start + lead }
    })
    .filter((p) => p.text.length >= 4)
}

/** An enumerated sentence ("…：一是…；二是…") as its items, each with the intro's force. */
function items(s: Piece): { piece: Piece; introDirective: boolean }[] {
  const marks = [...s.text.matchAll(ENUMERATION)].map((m) => m.index ?? 0)
  if (marks.length < 2) return [{ piece: s, introDirective: false }]
  const intro = s.text.slice(0, marks[0])
  const introDirective = MODAL.test(intro) || /(要求|强调|部署|提出)/u.test(intro)
  return marks.map((at, i) => ({
    piece: {
      text: s.text.slice(at, marks[i + 1] ?? s.text.length).replace(/[，,；;]+$/u, ''),
      start: s.start + at,
    },
    introDirective,
  }))
}

function titleOf(text: string): string {
  const m = MODAL.exec(text)
  let rest = m ? text.slice((m.index ?? 0) + m[0].length) : text.replace(/^[一二三四五六七八九十]是/u, '')
  rest = rest.replace(/^(要|在|是|把|以|对|坚持|切实|进一步)?/u, (x) =>
    x === '坚持' || x === '进一步' ? x : '',
  )
  const clause = rest.split(/[，,；;]/u)[0]
  return clause.length > 30 ? `${clause.slice(0, 30)}…` : clause
}

/** Directives in a meeting text; offsets refer to the normalized text. */
export function extractDirectives(original: string): { normalized: string; directives: Directive[] } {
  const n = normalizeText(original)
  // Rules read simplified text converted character by character, so offsets carry over.
  const analysed = simplifyInPlace(n.normalized)
  const directives: Directive[] = []
  for (const s of sentences(analysed, n.flags)) {
    for (const { piece, introDirective } of items(s)) {
      const t = piece.text
      const isQuote = analysed[piece.start - 1] === '“' && !/必须/u.test(t)
      const modal = MODAL.test(t)
      const assessing = ASSESSMENT_OPENERS.test(t) && !/[，,]要/u.test(t)
      if (!(modal || introDirective) || assessing || isQuote) continue
      directives.push({
        index: directives.length,
        text: n.normalized.slice(piece.start, piece.start + t.length),
        title: titleOf(t),
        start: piece.start,
        end: piece.start + t.length,
        timeExpression: TIME.exec(t)?.[1] ?? null,
      })
    }
  }
  return { normalized: n.normalized, directives }
}

export type DepartmentProfile = { id: string; name: string; text: string }
export type Suggestion = { departmentId: string; departmentName: string; score: number; reasons: string[] }

/**
 * Up to three departments whose profile (name, description, past task titles) shares the
 * most informative words with the directive; the shared words are the reason.
 */
export function suggestDepartments(text: string, profiles: DepartmentProfile[], top = 3): Suggestion[] {
  const vocab = profiles.map((p) => new Set(words(p.name + ' ' + p.text)))
  const df = new Map<string, number>()
  for (const v of vocab) for (const w of v) df.set(w, (df.get(w) ?? 0) + 1)
  const mine = new Set(words(text))
  return profiles
    .map((p, i) => {
      const shared = [...mine].filter((w) => vocab[i].has(w))
      const score = shared.reduce((a, w) => a + Math.log((profiles.length + 1) / (df.get(w) ?? 1)), 0)
      return {
        departmentId: p.id,
        departmentName: p.name,
        score: Math.round(score * 100) / 100,
        reasons: shared.sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0)).slice(0, 5),
      }
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, top)
}
