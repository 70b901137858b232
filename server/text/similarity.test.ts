import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  agreement,
  bandKeys,
  cluster,
  estimateJaccard,
  explain,
  features,
  jaccard,
  LSH_PARAMS,
  shingles,
  signature,
  SimilarityIndex,
} from './similarity'

// Findings as inspection teams write them: two pairs of rewordings and unrelated texts.
const RECTIFY =
  '部分检察院落实巡视整改责任不到位，整改台账未按期销号，立行立改事项推进缓慢，存在整改不彻底、不到位的问题。'
const RECTIFY_2 =
  '一些检察院巡视整改责任落实不到位，整改台账没有按期销号，立行立改事项推进缓慢，整改不彻底、不到位问题仍然存在。'
const RECTIFY_TRAD =
  '部分檢察院落實巡視整改責任不到位，整改臺賬未按期銷號，立行立改事項推進緩慢，存在整改不徹底、不到位的問題。'
const CASES = '案件管理系统数据录入不规范，法律文书送达超期，认罪认罚从宽制度适用率偏低。'
const CASES_2 = '案件管理系统中数据录入不够规范，部分法律文书送达超过期限，认罪认罚从宽制度适用率仍然偏低。'
const FUNDS = '机关食堂经费管理混乱，公务用车使用登记不全，存在违规报销差旅费用的情况。'
const PARTY = '党组理论学习中心组学习流于形式，党纪学习教育开展不扎实，意识形态工作责任制落实不到位。'
const PUBLIC = '公益诉讼案件线索发现渠道单一，诉前检察建议质量不高，跟进监督不够有力。'

const ITEMS = [
  { id: 'f1', text: RECTIFY },
  { id: 'f2', text: CASES },
  { id: 'f3', text: RECTIFY_2 },
  { id: 'f4', text: FUNDS },
  { id: 'f5', text: CASES_2 },
  { id: 'f6', text: PARTY },
  { id: 'f7', text: PUBLIC },
  { id: 'f8', text: RECTIFY_TRAD },
]

describe('features', () => {
  it('gives jieba words without stop words, punctuation or single characters', () => {
    const f = features(RECTIFY)
    expect(f).toContain('整改台账')
    expect(f).toContain('立行立改')
    for (const w of f) {
      expect(w.length).toBeGreaterThanOrEqual(2)
      expect(w).not.toMatch(/[，。、]/)
    }
    expect(f).not.toContain('存在')
  })

  it('gives character bigrams inside runs of Chinese characters', () => {
    expect(features('整改台账，销号', 'bigrams')).toEqual(['整改', '改台', '台账', '销号'])
  })

  it('works on the simplified form, so traditional text matches simplified', () => {
    expect(features(RECTIFY_TRAD)).toEqual(features(RECTIFY))
    expect(explain(RECTIFY_TRAD, RECTIFY).score).toBe(1)
    expect(explain(RECTIFY_TRAD, RECTIFY, { mode: 'bigrams' }).score).toBe(1)
  })

  it('ignores pinyin annotations: 監(jiān)督 matches 监督', () => {
    expect(features('加强法律監(jiān)督工作')).toEqual(features('加强法律监督工作'))
    expect(shingles('法律監(jiān)督', 'bigrams')).toEqual(shingles('法律监督', 'bigrams'))
  })
})

describe('MinHash and LSH', () => {
  it('gives the same signature for the same text and seed, another for another seed', () => {
    const a = signature(shingles(RECTIFY))
    expect(signature(shingles(RECTIFY))).toEqual(a)
    expect(a).toHaveLength(LSH_PARAMS.numHashes)
    expect(signature(shingles(RECTIFY), { seed: 7 })).not.toEqual(a)
  })

  it('keeps band keys stable across releases (they are stored in the database)', () => {
    const keys = bandKeys(signature(shingles('加强法律监督工作，提升检察履职质效')))
    expect(keys).toHaveLength(LSH_PARAMS.bands)
    expect(new Set(keys).size).toBe(LSH_PARAMS.bands)
    for (const k of keys) expect(k).toMatch(/^\d{1,2}\.[0-9a-z]{1,7}$/)
    // If this changes, bump LSH_PARAMS.version: persisted keys must be rebuilt.
    expect(keys.slice(0, 4)).toEqual(['0.1gdad71', '1.4sx34o', '2.175s46k', '3.gc0bjs'])
  })

  it('gives no keys to a text without terms', () => {
    expect(bandKeys(signature([]))).toEqual([])
    expect(bandKeys(signature(shingles('。，、 123')))).toEqual([])
  })

  it('shares band keys between rewordings, not between unrelated findings', () => {
    const keys = (t: string) => new Set(bandKeys(signature(shingles(t))))
    const shared = (a: string, b: string) => [...keys(a)].filter((k) => keys(b).has(k)).length
    expect(shared(RECTIFY, RECTIFY_2)).toBeGreaterThan(0)
    expect(shared(RECTIFY, FUNDS)).toBe(0)
    expect(shared(CASES, PUBLIC)).toBe(0)
  })

  it('estimates the Jaccard index of random sets within tolerance (property)', () => {
    const term = fc.string({ minLength: 1, maxLength: 6 })
    fc.assert(
      fc.property(
        fc.uniqueArray(term, { minLength: 1, maxLength: 60 }),
        fc.uniqueArray(term, { minLength: 1, maxLength: 60 }),
        fc.uniqueArray(term, { minLength: 0, maxLength: 60 }),
        (onlyA, onlyB, both) => {
          const A = [...onlyA, ...both]
          const B = [...onlyB, ...both]
          const exact = jaccard(A, B)
          // sd of the estimate is sqrt(J(1-J)/128) ≤ 0.045: 0.2 is over four sd
          expect(Math.abs(estimateJaccard(signature(A), signature(B)) - exact)).toBeLessThan(0.2)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('is unbiased on average', () => {
    let err = 0
    const runs = 200
    for (let r = 0; r < runs; r++) {
      const A = Array.from({ length: 50 }, (_, i) => `a${r}-${i}`)
      const B = [...A.slice(0, 25 + (r % 25)), ...Array.from({ length: 20 }, (_, i) => `b${r}-${i}`)]
      err += estimateJaccard(signature(A), signature(B)) - jaccard(A, B)
    }
    expect(Math.abs(err / runs)).toBeLessThan(0.01)
  })
})

describe('SimilarityIndex', () => {
  const index = new SimilarityIndex()
  for (const it of ITEMS) index.add(it.id, it.text, { unit: it.id })

  it('finds a rewording of a text and explains it by the shared rare terms', () => {
    const [top, ...rest] = index.query({ text: RECTIFY }, { minScore: 0.3 })
    expect(top.id).toBe('f1')
    expect(top.score).toBe(1)
    expect(rest.map((m) => m.id).sort()).toEqual(['f3', 'f8'])
    const terms = rest[0].sharedTerms.map((t) => t.term)
    expect(terms).toContain('整改台账')
    // parts of a longer shared term are not repeated
    expect(terms).not.toContain('台账')
  })

  it('queries by id, leaving the text itself out', () => {
    const m = index.query({ id: 'f5' })
    expect(m.map((x) => x.id)).toEqual(['f2'])
    expect(m[0].meta).toEqual({ unit: 'f2' })
    expect(index.query({ id: 'nope' })).toEqual([])
  })

  it('returns nothing for an unrelated text', () => {
    expect(index.query({ text: '办公楼电梯维修保养合同到期未续签，消防器材过期未更换。' })).toEqual([])
  })

  it('replaces and removes texts', () => {
    const ix = new SimilarityIndex()
    ix.add('a', CASES)
    ix.add('b', CASES_2)
    ix.add('a', FUNDS)
    expect(ix.size).toBe(2)
    expect(ix.query({ id: 'b' })).toEqual([])
    expect(ix.remove('a')).toBe(true)
    expect(ix.query({ text: FUNDS })).toEqual([])
    expect(ix.idf('经费')).toBeGreaterThan(ix.idf('案件'))
  })
})

describe('cluster', () => {
  it('groups rewordings and leaves unrelated findings alone', () => {
    const { groups } = cluster(ITEMS)
    expect(groups.map((g) => g.ids)).toEqual([
      ['f1', 'f3', 'f8'],
      ['f2', 'f5'],
    ])
    expect(groups[0].keyTerms).toContain('整改台账')
    expect(groups[0].meanSimilarity).toBeGreaterThan(0.8)
    expect(cluster(ITEMS, { minSize: 1 }).groups).toHaveLength(5)
  })

  it('groups the same way on character bigrams', () => {
    expect(cluster(ITEMS, { mode: 'bigrams' }).groups.map((g) => g.ids)).toEqual([
      ['f1', 'f3', 'f8'],
      ['f2', 'f5'],
    ])
  })

  it('does not depend on the order of the input (property)', () => {
    const expected = cluster(ITEMS, { minSize: 1 }).groups
    fc.assert(
      fc.property(fc.shuffledSubarray(ITEMS, { minLength: ITEMS.length }), (shuffled) => {
        expect(cluster(shuffled, { minSize: 1 }).groups).toEqual(expected)
      }),
      { numRuns: 25 },
    )
  })

  it('collapses a huge bucket without comparing all pairs', () => {
    const items = Array.from({ length: 400 }, (_, i) => ({
      id: `d${String(i).padStart(3, '0')}`,
      text: RECTIFY,
    }))
    const { groups, stats } = cluster(items)
    expect(groups).toHaveLength(1)
    expect(groups[0].ids).toHaveLength(400)
    expect(stats.capped).toBeGreaterThan(0)
    expect(stats.comparisons).toBeLessThan((400 * 399) / 2 / 10)
  })

  it('scores by TF-IDF cosine and agglomerates by key terms when asked', () => {
    const { groups } = cluster(ITEMS, { score: 'cosine', topTerms: 8, bands: 64, rows: 2, threshold: 0.3 })
    expect(groups.map((g) => g.ids)).toEqual([
      ['f1', 'f3', 'f8'],
      ['f2', 'f5'],
    ])
  })
})

describe('agreement', () => {
  it('computes purity and the adjusted Rand index', () => {
    const known = agreement([0, 0, 1, 1], [0, 0, 1, 2])
    expect(known.purity).toBe(0.75)
    expect(known.ari).toBeCloseTo(4 / 7, 12) // sklearn's adjusted_rand_score gives 0.5714…
    expect(agreement(['a', 'a', 'b'], ['x', 'x', 'y'])).toEqual({ purity: 1, ari: 1 })
    // all singletons: pure but no agreement
    const r = agreement([1, 2, 3, 4], ['x', 'x', 'y', 'y'])
    expect(r.purity).toBe(1)
    expect(r.ari).toBeCloseTo(0)
  })
})
