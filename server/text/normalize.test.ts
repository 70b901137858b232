import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeText, simplify } from './normalize'

const SEED = fs.readFileSync(
  path.join(import.meta.dirname, '..', 'test', 'fixtures', 'meeting-2024-07-09.txt'),
  'utf8',
)

describe('normalizing imported text', () => {
  const r = normalizeText(SEED)

  it('removes every pinyin annotation of the seed text', () => {
    expect(r.normalized).not.toMatch(/\p{Script=Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/u)
    expect(r.changes.pinyinRemoved).toBe(
      (SEED.match(/\p{Script=Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/gu) ?? []).length,
    )
    expect(r.normalized).toContain('系統內巡視')
    expect(r.normalized).toContain('發現問題')
  })

  it('flags every damaged run and changes nothing else', () => {
    expect(r.flags.map((f) => f.text)).toEqual(['??傮w', '?!睍h', '?!睍h', '?!睍h'])
    for (const f of r.flags) expect(r.normalized.slice(f.start, f.end)).toBe(f.text)
    // removing the annotations from the original gives the normalized text exactly
    expect(r.normalized).toBe(SEED.replace(/(?<=\p{Script=Han})\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/gu, ''))
    expect(r.original).toBe(SEED)
  })

  it('gives a simplified form for search, leaving the stored text traditional', () => {
    expect(r.simplified).toContain('系统内巡视整改进展情况的综合报告')
    expect(r.normalized).toContain('系統內巡視整改進展情況的綜合報告')
    expect(simplify('會議強調')).toBe('会议强调')
  })

  it('folds full-width letters and digits, and keeps Chinese punctuation', () => {
    const x = normalizeText('２０２４年第２輪，ＡＢＣ檢察院（試點）')
    expect(x.normalized).toBe('2024年第2輪，ABC檢察院（試點）')
    expect(x.changes.widthFolded).toBe(8)
  })

  it('keeps parentheses that are not pinyin, and a question mark that ends a Latin sentence', () => {
    expect(normalizeText('檢察院(試行)辦法').normalized).toBe('檢察院(試行)辦法')
    expect(normalizeText('法律(law)條文').normalized).toBe('法律(law)條文')
    expect(normalizeText('Is it? 是的').flags).toEqual([])
  })

  it('changes nothing the second time (idempotent), on any text', () => {
    const once = (s: string) => normalizeText(s).normalized
    expect(once(once(SEED))).toBe(once(SEED))
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'統(tǒng)內(nèi)??傮w（ＡＢ１２）abc 會議。'.split('')) }),
        (s) => once(once(s)) === once(s),
      ),
      { numRuns: 500 },
    )
  })
})
