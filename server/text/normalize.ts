// Imported text, normalized before it is stored or indexed: pinyin annotations after
// characters removed (統(tǒng) → 統), full-width letters and digits folded, damaged runs
// (mis-decoded bytes such as ??傮w) flagged for a person rather than kept silently, and a
// simplified form for search. The original is always kept beside the result.
import { Converter } from 'opencc-js/t2cn'

const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ'
// A parenthesized pinyin syllable with a tone mark, straight after a Han character.
const PINYIN = new RegExp(`(?<=\\p{Script=Han})[(（]([a-zü${TONED}]{1,6})[)）]`, 'gu')
const HAS_TONE = new RegExp(`[${TONED}]`, 'u')
// Question marks that replaced undecodable bytes, with the stray characters that follow them.
const DAMAGED = /\?+[!"]?(?:\p{Script=Han}[A-Za-z])?/gu

export type TextFlag = { kind: 'damaged'; start: number; end: number; text: string }
export type Normalized = {
  original: string
  /** The text to store and show: annotations removed, full-width ASCII folded. */
  normalized: string
  /** The normalized text in simplified characters, for search and similarity. */
  simplified: string
  /** Offsets into `normalized` of runs a person should look at. */
  flags: TextFlag[]
  changes: { pinyinRemoved: number; widthFolded: number }
}

const toSimplified = Converter({ from: 't', to: 'cn' })

/** Full-width letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) to ASCII; Chinese punctuation is kept. */
function foldWidth(text: string): { text: string; count: number } {
  let count = 0
  const out = text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => {
    count++
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0)
  })
  return { text: out, count }
}

export function normalizeText(original: string): Normalized {
  let pinyinRemoved = 0
  const withoutPinyin = original.replace(PINYIN, (match, syllable: string) => {
    if (!HAS_TONE.test(syllable)) return match
    pinyinRemoved++
    return ''
  })
  const folded = foldWidth(withoutPinyin)
  const normalized = folded.text
  const flags: TextFlag[] = []
  for (const m of normalized.matchAll(DAMAGED)) {
    const start = m.index ?? 0
    // A lone question mark after Latin text is punctuation, not damage.
    if (m[0] === '?' && !/\p{Script=Han}/u.test(normalized[start - 1] ?? '')) continue
    flags.push({ kind: 'damaged', start, end: start + m[0].length, text: m[0] })
  }
  return {
    original,
    normalized,
    simplified: toSimplified(normalized),
    flags,
    changes: { pinyinRemoved, widthFolded: folded.count },
  }
}

/**
 * Simplified character by character, so every offset stays where it was: for rules that
 * report spans in the original text. (Phrase-level conversion can change lengths.)
 */
export function simplifyInPlace(text: string): string {
  let out = ''
  for (const ch of text) {
    const s = /\p{Script=Han}/u.test(ch) ? toSimplified(ch) : ch
    out += s.length === ch.length ? s : ch
  }
  return out
}

/** Simplified form of any text, for search keys and similarity. */
export function simplify(text: string): string {
  return toSimplified(text)
}
