// Texts that say the same thing: findings that repeat across units (共性问题), duplicates at
// import, related cases. Explainable and without model weights: a text becomes a set of
// terms (jieba words, or character bigrams as the baseline) on its simplified form; MinHash
// signatures estimate the Jaccard overlap of two sets; LSH banding turns a signature into a
// few keys so that only texts sharing a key are ever compared (never all pairs); candidates
// are then scored exactly and explained by the rare terms they share.
//
// Parameters (LSH_PARAMS): 128 hash functions in 32 bands of 4 rows. Two texts whose term
// sets have Jaccard J share at least one band key with probability 1 - (1 - J^4)^32:
//   J = 0.2 → 5 %, 0.3 → 23 %, 0.4 → 57 %, 0.5 → 87 %, 0.6 → 99 %
// so the threshold (1/32)^(1/4) ≈ 0.42 sits in the middle of the 0.3-0.5 range where a
// rewritten finding still overlaps its original, while texts that merely share the
// vocabulary of the domain (J ≈ 0.1-0.2) rarely collide. 32 keys per text is also a small
// number of `(entity_id, band_key)` rows to store. For looser "related" matching use
// { bands: 64, rows: 2 } (threshold ≈ 0.125) on small collections only: it yields many more
// candidates.
//
// `cluster` has two uses. Near-duplicates (defaults: Jaccard ≥ 0.5, single linkage) for
// findings that say the same thing. Common subjects ({ score: 'cosine', topTerms: 20,
// bands: 64, rows: 2, neighbors: 2, threshold: 0.2 }): texts are hashed by their 20 terms of
// highest TF-IDF, scored by TF-IDF cosine and each linked only to its 2 best matches, which
// keeps single linkage from chaining everything together. `npm run bench:cluster` measures
// both on CJRC passages against their charges, and the time and memory at 20k and 200k texts.
import { normalizeText } from './normalize'
import { words } from './segment'

/** Stored beside persisted band keys: change `version` whenever hashing or features change. */
export const LSH_PARAMS = { numHashes: 128, bands: 32, rows: 4, seed: 0x5eed_d0b4, version: 1 } as const

export type FeatureMode = 'words' | 'bigrams'

/** Function words and boilerplate of official prose, on top of segment.ts's list. */
const STOP_WORDS = new Set(
  (
    '我们 他们 你们 它们 自己 这个 那个 这些 那些 这样 那样 这种 那种 一个 一些 一种 其中 其他 其它 ' +
    '以及 以下 以上 对于 关于 由于 因此 因为 所以 但是 而且 并且 或者 如果 虽然 然而 如何 什么 怎么 ' +
    '已经 曾经 正在 可以 能够 应当 应该 需要 通过 根据 按照 依照 对此 为了 为此 之后 之前 以后 以前 ' +
    '当时 其间 期间 同时 此外 另外 等等 方面 有关 相关 进行 予以 给予 加以 作为 成为 具有 存在 ' +
    '没有 不是 就是 还是 只是 也是 都是 均为 即为 之一 一是 二是 三是 四是 五是 一方面 另一方面'
  ).split(' '),
)

const HAN = /\p{Script=Han}/u
const HAN_RUN = /\p{Script=Han}+/gu

/**
 * Terms of a text, in order and with repeats: the text is normalized (pinyin annotations
 * removed, full-width folded) and simplified first, so 監(jiān)督 and 监督 give the same terms.
 * 'words': jieba search-mode words of two or more characters minus stop words;
 * 'bigrams': overlapping character pairs inside runs of Chinese characters (the baseline).
 */
export function features(text: string, mode: FeatureMode = 'words'): string[] {
  const simplified = normalizeText(text).simplified
  if (mode === 'bigrams') {
    const out: string[] = []
    for (const m of simplified.matchAll(HAN_RUN)) {
      const run = [...m[0]]
      if (run.length === 1) out.push(run[0])
      for (let i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1])
    }
    return out
  }
  return termsOfWords(words(simplified))
}

/**
 * The 'words' terms from words already segmented (jieba on the simplified text, e.g. a
 * case's stored search tokens), so a caller holding them need not segment again.
 */
export function termsOfWords(ws: readonly string[]): string[] {
  // Single characters are dropped whole: in this prose they are function words, surnames of
  // anonymized parties or parts of a compound jieba also reports in full.
  return ws
    .map((w) => w.toLowerCase())
    .filter((w) => w.length >= 2 && !STOP_WORDS.has(w) && (HAN.test(w) || /^[a-z]{2,}$/.test(w)))
}

/** The distinct terms of a text: the set that MinHash and Jaccard work on. */
export function shingles(text: string, mode: FeatureMode = 'words'): string[] {
  return [...new Set(features(text, mode))].sort()
}

// ---------------------------------------------------------------------------------------
// Hashing: FNV-1a over UTF-16 units, finished with murmur3's fmix32 for avalanche; the i-th
// MinHash function is fmix32(h ^ seed_i), a distinct permutation of the 32-bit space.

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** 32-bit hash of a string (FNV-1a + fmix32). */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return fmix32(h)
}

const seedCache = new Map<string, Uint32Array>()
function seedsFor(numHashes: number, seed: number): Uint32Array {
  const key = `${numHashes}:${seed}`
  let seeds = seedCache.get(key)
  if (!seeds) {
    // splitmix32: a fixed sequence per seed, so signatures are stable across processes.
    seeds = new Uint32Array(numHashes)
    let s = seed >>> 0
    for (let i = 0; i < numHashes; i++) {
      s = (s + 0x9e3779b9) >>> 0
      seeds[i] = fmix32(s)
    }
    seedCache.set(key, seeds)
  }
  return seeds
}

const EMPTY = 0xffffffff

function minhashInto(hashes: ArrayLike<number>, seeds: Uint32Array, out: Uint32Array, offset = 0) {
  const k = seeds.length
  out.fill(EMPTY, offset, offset + k)
  for (let j = 0; j < hashes.length; j++) {
    const x = hashes[j]
    for (let i = 0; i < k; i++) {
      const h = fmix32(x ^ seeds[i])
      if (h < out[offset + i]) out[offset + i] = h
    }
  }
}

export type SignatureOptions = { numHashes?: number; seed?: number }

/** MinHash signature of a set of terms (duplicates are harmless). */
export function signature(terms: Iterable<string>, opts: SignatureOptions = {}): Uint32Array {
  const seeds = seedsFor(opts.numHashes ?? LSH_PARAMS.numHashes, opts.seed ?? LSH_PARAMS.seed)
  const hashes = Array.from(terms, hashString)
  const sig = new Uint32Array(seeds.length)
  minhashInto(hashes, seeds, sig)
  return sig
}

/** Share of equal positions: an unbiased estimate of the Jaccard index of the two sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new Error('signatures of different lengths')
  let same = 0
  for (let i = 0; i < a.length; i++) if (a[i] === b[i] && a[i] !== EMPTY) same++
  return a.length ? same / a.length : 0
}

/** Exact Jaccard index |A ∩ B| / |A ∪ B| of two term collections (as sets). */
export function jaccard(a: Iterable<string>, b: Iterable<string>): number {
  const A = a instanceof Set ? (a as Set<string>) : new Set(a)
  const B = b instanceof Set ? (b as Set<string>) : new Set(b)
  if (A.size === 0 && B.size === 0) return 0
  let inter = 0
  for (const t of A) if (B.has(t)) inter++
  return inter / (A.size + B.size - inter)
}

export type BandOptions = { bands?: number; rows?: number; seed?: number }

function bandHash(sig: ArrayLike<number>, offset: number, rows: number, band: number, seed: number) {
  let h = (seed ^ Math.imul(band + 1, 0x9e3779b1)) >>> 0
  for (let j = 0; j < rows; j++) {
    h = Math.imul(h ^ sig[offset + j], 0x5bd1e995)
    h ^= h >>> 15
  }
  return fmix32(h)
}

/**
 * LSH band keys of a signature, e.g. "7.1k3f9qz": band number and the band's hash in base 36.
 * Store one `(entity_id, band_key)` row per key with an index on band_key; candidates for a
 * text are `SELECT DISTINCT entity_id FROM t WHERE band_key IN (…its keys…)`. Texts with no
 * terms get no keys.
 */
export function bandKeys(sig: Uint32Array, opts: BandOptions = {}): string[] {
  const bands = opts.bands ?? LSH_PARAMS.bands
  const rows = opts.rows ?? LSH_PARAMS.rows
  if (bands * rows > sig.length) throw new Error(`${bands}×${rows} bands need ${bands * rows} hashes`)
  if (sig.every((v) => v === EMPTY)) return []
  const seed = opts.seed ?? LSH_PARAMS.seed
  const keys: string[] = []
  for (let b = 0; b < bands; b++) keys.push(`${b}.${bandHash(sig, b * rows, rows, b, seed).toString(36)}`)
  return keys
}

// ---------------------------------------------------------------------------------------
// Explanation

export type SharedTerm = { term: string; weight: number }

/** Shared terms by weight, without the parts of a longer shared term (法律 inside 法律监督). */
function topShared(shared: string[], weight: (t: string) => number, limit: number): SharedTerm[] {
  const ranked = shared
    .map((term) => ({ term, weight: weight(term) }))
    .sort((a, b) => b.weight - a.weight || b.term.length - a.term.length || (a.term < b.term ? -1 : 1))
  const out: SharedTerm[] = []
  for (const t of ranked) {
    if (shared.some((s) => s.length > t.term.length && s.includes(t.term))) continue
    out.push({ term: t.term, weight: round(t.weight) })
    if (out.length >= limit) break
  }
  return out
}

function round(x: number) {
  return Math.round(x * 1000) / 1000
}

/**
 * Why two texts match: their exact Jaccard score and the shared terms that weigh most.
 * Pass `idf` (e.g. `index.idf`) to weigh by rarity in a collection; without it longer terms
 * weigh more, a rough stand-in for specificity.
 */
export function explain(
  a: string,
  b: string,
  opts: { mode?: FeatureMode; idf?: (term: string) => number; limit?: number } = {},
): { score: number; sharedTerms: SharedTerm[] } {
  const A = new Set(features(a, opts.mode))
  const B = new Set(features(b, opts.mode))
  const shared = [...A].filter((t) => B.has(t))
  return {
    score: round(jaccard(A, B)),
    sharedTerms: topShared(shared, opts.idf ?? ((t) => t.length), opts.limit ?? 8),
  }
}

/** The same explanation from two term sets already computed. */
export function explainTerms(
  A: ReadonlySet<string>,
  B: ReadonlySet<string>,
  opts: { idf?: (term: string) => number; limit?: number } = {},
): { score: number; sharedTerms: SharedTerm[] } {
  const shared = [...A].filter((t) => B.has(t))
  return {
    score: round(jaccard(A as Set<string>, B as Set<string>)),
    sharedTerms: topShared(shared, opts.idf ?? ((t) => t.length), opts.limit ?? 8),
  }
}

// ---------------------------------------------------------------------------------------
// In-memory index

export type Match = { id: string; score: number; sharedTerms: SharedTerm[]; meta?: unknown }

type Doc = { terms: Set<string>; keys: string[]; meta?: unknown }

export type IndexOptions = BandOptions & {
  mode?: FeatureMode
  numHashes?: number
  /** Members of a band bucket looked at per query; the rest of a bigger bucket is skipped. */
  maxBucket?: number
}

/**
 * Texts by id with their LSH buckets. `query` looks only at texts that share a band key,
 * scores them by exact Jaccard and explains each by the shared terms of highest IDF.
 */
export class SimilarityIndex {
  private docs = new Map<string, Doc>()
  private buckets = new Map<string, Set<string>>()
  private df = new Map<string, number>()
  private opts: Required<Omit<IndexOptions, 'seed'>> & { seed: number }

  constructor(opts: IndexOptions = {}) {
    this.opts = {
      mode: opts.mode ?? 'words',
      numHashes: opts.numHashes ?? LSH_PARAMS.numHashes,
      bands: opts.bands ?? LSH_PARAMS.bands,
      rows: opts.rows ?? LSH_PARAMS.rows,
      seed: opts.seed ?? LSH_PARAMS.seed,
      maxBucket: opts.maxBucket ?? 500,
    }
  }

  get size() {
    return this.docs.size
  }

  private analyse(text: string) {
    const terms = new Set(features(text, this.opts.mode))
    const sig = signature(terms, this.opts)
    return { terms, keys: bandKeys(sig, this.opts) }
  }

  /** Adds or replaces a text. */
  add(id: string, text: string, meta?: unknown): void {
    this.remove(id)
    const doc: Doc = { ...this.analyse(text), meta }
    this.docs.set(id, doc)
    for (const k of doc.keys) {
      let b = this.buckets.get(k)
      if (!b) this.buckets.set(k, (b = new Set()))
      b.add(id)
    }
    for (const t of doc.terms) this.df.set(t, (this.df.get(t) ?? 0) + 1)
  }

  remove(id: string): boolean {
    const doc = this.docs.get(id)
    if (!doc) return false
    for (const k of doc.keys) {
      const b = this.buckets.get(k)
      b?.delete(id)
      if (b?.size === 0) this.buckets.delete(k)
    }
    for (const t of doc.terms) {
      const n = (this.df.get(t) ?? 1) - 1
      if (n > 0) this.df.set(t, n)
      else this.df.delete(t)
    }
    this.docs.delete(id)
    return true
  }

  /** Inverse document frequency of a term in the indexed texts (smoothed, > 0). */
  idf = (term: string): number => Math.log((this.docs.size + 1) / ((this.df.get(term) ?? 0) + 0.5))

  /** Texts like a given text, or like an indexed one (itself excluded), best first. */
  query(
    q: { text: string } | { id: string },
    opts: { limit?: number; minScore?: number; terms?: number } = {},
  ): Match[] {
    let self: string | undefined
    let probe: { terms: Set<string>; keys: string[] }
    if ('id' in q) {
      const doc = this.docs.get(q.id)
      if (!doc) return []
      self = q.id
      probe = doc
    } else probe = this.analyse(q.text)

    const candidates = new Set<string>()
    for (const k of probe.keys) {
      let seen = 0
      for (const id of this.buckets.get(k) ?? []) {
        if (++seen > this.opts.maxBucket) break
        if (id !== self) candidates.add(id)
      }
    }
    const minScore = opts.minScore ?? 0
    const out: Match[] = []
    for (const id of candidates) {
      const doc = this.docs.get(id)!
      const score = jaccard(probe.terms, doc.terms)
      if (score < minScore) continue
      const shared = [...probe.terms].filter((t) => doc.terms.has(t))
      out.push({
        id,
        score: round(score),
        sharedTerms: topShared(shared, this.idf, opts.terms ?? 5),
        meta: doc.meta,
      })
    }
    out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    return out.slice(0, opts.limit ?? 10)
  }
}

// ---------------------------------------------------------------------------------------
// Clustering

export type ClusterOptions = BandOptions & {
  mode?: FeatureMode
  numHashes?: number
  /** Score (exact Jaccard, or cosine) at or above which two texts are linked (default 0.5). */
  threshold?: number
  /** Buckets larger than this are not compared all-pairs but along a window (default 64). */
  maxBucket?: number
  /** In a bucket over maxBucket, each member is compared with the next `window` (default 8). */
  window?: number
  /** 'jaccard' (default): exact Jaccard of the term sets; 'cosine': TF-IDF cosine in this collection. */
  score?: 'jaccard' | 'cosine'
  /**
   * Agglomerate by key terms: hash each text by only its `topTerms` terms of highest TF-IDF
   * in this collection, so texts on the same subject meet in a bucket even when their
   * wording differs; they are still scored on all their terms. Use with a lower threshold.
   */
  topTerms?: number
  /** Link each text only to its `neighbors` best candidates above threshold (limits chaining). */
  neighbors?: number
  /** Smallest group returned (default 2; 1 returns every text, singletons included). */
  minSize?: number
}

export type Group = {
  ids: string[]
  /** Terms present in at least half of the members, by IDF in the collection. */
  keyTerms: string[]
  /** Mean score of member pairs (all pairs up to 40 members, else 1,000 sampled pairs). */
  meanSimilarity: number
}

export type ClusterResult = {
  groups: Group[]
  stats: {
    items: number
    vocabulary: number
    /** Pairs scored exactly (the work that would be n²/2 without LSH). */
    comparisons: number
    /** Buckets over maxBucket, compared along a window instead of all pairs. */
    capped: number
    ms: { features: number; signatures: number; lsh: number; link: number; describe: number }
  }
}

/** Disjoint sets over 0…n-1 with path halving; the smaller index is the root. */
export class UnionFind {
  parent: Int32Array
  constructor(n: number) {
    this.parent = new Int32Array(n)
    for (let i = 0; i < n; i++) this.parent[i] = i
  }
  find(x: number): number {
    const p = this.parent
    while (p[x] !== x) {
      p[x] = p[p[x]]
      x = p[x]
    }
    return x
  }
  union(a: number, b: number) {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb)
  }
}

/** |A ∩ B| / |A ∪ B| of two ascending arrays of term numbers. */
function jaccardSorted(a: Int32Array, b: Int32Array): number {
  let i = 0
  let j = 0
  let inter = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inter++
      i++
      j++
    } else if (a[i] < b[j]) i++
    else j++
  }
  const union = a.length + b.length - inter
  return union ? inter / union : 0
}

/** Dot product of two unit vectors given as ascending term numbers and their weights. */
function cosineSorted(a: Int32Array, wa: Float32Array, b: Int32Array, wb: Float32Array): number {
  let i = 0
  let j = 0
  let dot = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) dot += wa[i++] * wb[j++]
    else if (a[i] < b[j]) i++
    else j++
  }
  return dot
}

function mulberry32(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Groups of texts that say the same thing. Never all pairs: each text is compared only with
 * texts sharing an LSH band (buckets over `maxBucket` along a window, so the comparisons are
 * at most n × bands × maxBucket), and pairs at or above `threshold` are joined with union-find
 * (single linkage, or each text's `neighbors` best). The result does not depend on the order
 * of `items` (ids must be unique). Up to 2,097,152 items per call.
 */
export function cluster(items: { id: string; text: string }[], opts: ClusterOptions = {}): ClusterResult {
  const n = items.length
  if (n > 2 ** 21) throw new Error('cluster: at most 2^21 items per call')
  const mode = opts.mode ?? 'words'
  const bands = opts.bands ?? LSH_PARAMS.bands
  const rows = opts.rows ?? LSH_PARAMS.rows
  const seed = opts.seed ?? LSH_PARAMS.seed
  const numHashes = opts.numHashes ?? LSH_PARAMS.numHashes
  const threshold = opts.threshold ?? 0.5
  const maxBucket = opts.maxBucket ?? 64
  const window = opts.window ?? 8
  if (bands * rows > numHashes) throw new Error(`${bands}×${rows} bands need ${bands * rows} hashes`)
  const ms = { features: 0, signatures: 0, lsh: 0, link: 0, describe: 0 }
  let t0 = performance.now()
  const lap = (k: keyof typeof ms) => {
    const t = performance.now()
    ms[k] = Math.round(t - t0)
    t0 = t
  }

  // Terms as numbers; sets as ascending Int32Arrays.
  const vocab = new Map<string, number>()
  const termText: string[] = []
  const sets: Int32Array[] = new Array(n)
  const tfs: Map<number, number>[] = []
  const keepTf = opts.score === 'cosine' || !!opts.topTerms
  for (let d = 0; d < n; d++) {
    const tf = new Map<number, number>()
    for (const w of features(items[d].text, mode)) {
      let t = vocab.get(w)
      if (t === undefined) {
        t = termText.length
        vocab.set(w, t)
        termText.push(w)
      }
      tf.set(t, (tf.get(t) ?? 0) + 1)
    }
    sets[d] = Int32Array.from(tf.keys()).sort()
    if (keepTf) tfs[d] = tf
  }
  const df = new Int32Array(termText.length)
  for (const s of sets) for (let i = 0; i < s.length; i++) df[s[i]]++
  const idf = (t: number) => Math.log(n / df[t])
  const tfidf = (f: number, t: number) => (1 + Math.log(f)) * idf(t)
  // Unit TF-IDF vectors aligned with `sets`, for the cosine score.
  const weights: Float32Array[] = []
  if (opts.score === 'cosine') {
    for (let d = 0; d < n; d++) {
      const w = Float32Array.from(sets[d], (t) => tfidf(tfs[d].get(t)!, t))
      let sq = 0
      for (let i = 0; i < w.length; i++) sq += w[i] * w[i]
      const norm = Math.sqrt(sq) || 1
      for (let i = 0; i < w.length; i++) w[i] /= norm
      weights[d] = w
    }
  }
  let hashed = sets
  if (opts.topTerms) {
    const k = opts.topTerms
    hashed = sets.map((s, d) => {
      const ranked = Array.from(s, (t) => ({ t, w: tfidf(tfs[d].get(t)!, t) }))
      ranked.sort((a, b) => b.w - a.w || (termText[a.t] < termText[b.t] ? -1 : 1))
      return Int32Array.from(ranked.slice(0, k), (r) => r.t).sort()
    })
  }
  tfs.length = 0
  const sim =
    opts.score === 'cosine'
      ? (a: number, b: number) => cosineSorted(sets[a], weights[a], sets[b], weights[b])
      : (a: number, b: number) => jaccardSorted(sets[a], sets[b])
  lap('features')

  // Band hashes only: the full signature of one text lives just long enough to be banded.
  const termHash = new Uint32Array(termText.length)
  for (let t = 0; t < termText.length; t++) termHash[t] = hashString(termText[t])
  const seeds = seedsFor(numHashes, seed)
  const sig = new Uint32Array(numHashes)
  const bandOf = new Uint32Array(n * bands)
  const empty = new Uint8Array(n)
  const hashes = new Uint32Array(termText.length)
  for (let d = 0; d < n; d++) {
    const s = hashed[d]
    if (s.length === 0) {
      empty[d] = 1
      continue
    }
    for (let i = 0; i < s.length; i++) hashes[i] = termHash[s[i]]
    minhashInto(hashes.subarray(0, s.length), seeds, sig)
    for (let b = 0; b < bands; b++) bandOf[b * n + d] = bandHash(sig, b * rows, rows, b, seed)
  }
  lap('signatures')

  // Rank by id, so buckets list their members in an order that ignores the input order.
  const byId = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    items[a].id < items[b].id ? -1 : items[a].id > items[b].id ? 1 : 0,
  )
  const rank = new Int32Array(n)
  byId.forEach((d, r) => (rank[d] = r))
  const SHIFT = 2 ** 21
  const keys = new Float64Array(n)
  const runs: Int32Array[] = []
  for (let b = 0; b < bands; b++) {
    let m = 0
    for (let d = 0; d < n; d++) if (!empty[d]) keys[m++] = bandOf[b * n + d] * SHIFT + rank[d]
    const sorted = keys.subarray(0, m).sort()
    let start = 0
    for (let i = 1; i <= m; i++) {
      if (i < m && Math.floor(sorted[i] / SHIFT) === Math.floor(sorted[start] / SHIFT)) continue
      if (i - start >= 2) runs.push(Int32Array.from(sorted.subarray(start, i), (v) => byId[v % SHIFT]))
      start = i
    }
  }
  lap('lsh')

  const uf = new UnionFind(n)
  let comparisons = 0
  let capped = 0
  const k = opts.neighbors ?? 0
  // Single linkage needs no pair twice once joined; with `neighbors` every candidate pair is
  // scored once and each text keeps only its k best.
  const seen = new Set<number>()
  const best: { d: number; s: number }[][] = k ? Array.from({ length: n }, () => []) : []
  const keep = (list: { d: number; s: number }[], d: number, s: number) => {
    if (list.length === k && list[k - 1].s >= s) return
    list.push({ d, s })
    list.sort((x, y) => y.s - x.s || rank[x.d] - rank[y.d])
    if (list.length > k) list.pop()
  }
  const link = (a: number, b: number) => {
    if (!k) {
      if (uf.find(a) === uf.find(b)) return
      comparisons++
      if (sim(a, b) >= threshold) uf.union(a, b)
      return
    }
    const key = a < b ? a * n + b : b * n + a
    if (seen.has(key)) return
    seen.add(key)
    comparisons++
    const s = sim(a, b)
    if (s < threshold) return
    keep(best[a], b, s)
    keep(best[b], a, s)
  }
  for (const run of runs) {
    if (run.length <= maxBucket) {
      for (let i = 0; i < run.length; i++) for (let j = i + 1; j < run.length; j++) link(run[i], run[j])
    } else {
      capped++
      for (let i = 0; i < run.length; i++)
        for (let j = i + 1; j <= i + window && j < run.length; j++) link(run[i], run[j])
    }
  }
  for (let d = 0; d < best.length; d++) for (const x of best[d]) uf.union(d, x.d)
  lap('link')

  const members = new Map<number, number[]>()
  for (const d of byId) {
    const r = uf.find(d)
    let g = members.get(r)
    if (!g) members.set(r, (g = []))
    g.push(d)
  }
  const minSize = opts.minSize ?? 2
  const groups: Group[] = []
  for (const g of members.values()) {
    if (g.length < minSize) continue
    groups.push({
      ids: g.map((d) => items[d].id),
      keyTerms: groupTerms(g, sets, idf, termText),
      meanSimilarity: round(meanPairwise(g, sim)),
    })
  }
  groups.sort((a, b) => b.ids.length - a.ids.length || (a.ids[0] < b.ids[0] ? -1 : 1))
  lap('describe')
  return { groups, stats: { items: n, vocabulary: termText.length, comparisons, capped, ms } }
}

function groupTerms(g: number[], sets: Int32Array[], idf: (t: number) => number, termText: string[]) {
  const count = new Map<number, number>()
  for (const d of g) for (const t of sets[d]) count.set(t, (count.get(t) ?? 0) + 1)
  const need = Math.max(1, Math.ceil(g.length / 2))
  const common = [...count].filter(([, c]) => c >= need)
  const weight = new Map(common.map(([t, c]) => [termText[t], (c / g.length) * idf(t)]))
  return topShared([...weight.keys()], (t) => weight.get(t)!, 6).map((s) => s.term)
}

function meanPairwise(g: number[], sim: (a: number, b: number) => number): number {
  if (g.length < 2) return 1
  let sum = 0
  let pairs = 0
  if (g.length <= 40) {
    for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++, pairs++) sum += sim(g[i], g[j])
  } else {
    const rnd = mulberry32(g.length)
    for (; pairs < 1000; pairs++) {
      const i = Math.floor(rnd() * g.length)
      let j = Math.floor(rnd() * (g.length - 1))
      if (j >= i) j++
      sum += sim(g[i], g[j])
    }
  }
  return sum / pairs
}

// ---------------------------------------------------------------------------------------
// Agreement of a clustering with reference labels (for benchmarks).

/**
 * Purity (share of items in their cluster's majority label) and adjusted Rand index
 * (Hubert & Arabie: pair agreement corrected for chance, 0 for random, 1 for identical)
 * of a predicted clustering against reference labels, both given per item.
 */
export function agreement(predicted: ArrayLike<string | number>, truth: ArrayLike<string | number>) {
  const n = predicted.length
  if (truth.length !== n) throw new Error('agreement: lengths differ')
  const cells = new Map<string, number>()
  const rowsum = new Map<string | number, number>()
  const colsum = new Map<string | number, number>()
  for (let i = 0; i < n; i++) {
    const key = `${predicted[i]}\u0000${truth[i]}`
    cells.set(key, (cells.get(key) ?? 0) + 1)
    rowsum.set(predicted[i], (rowsum.get(predicted[i]) ?? 0) + 1)
    colsum.set(truth[i], (colsum.get(truth[i]) ?? 0) + 1)
  }
  const majority = new Map<string, number>()
  for (const [key, c] of cells) {
    const p = key.slice(0, key.indexOf('\u0000'))
    majority.set(p, Math.max(majority.get(p) ?? 0, c))
  }
  let pure = 0
  for (const c of majority.values()) pure += c
  const c2 = (x: number) => (x * (x - 1)) / 2
  let index = 0
  for (const c of cells.values()) index += c2(c)
  let a = 0
  for (const c of rowsum.values()) a += c2(c)
  let b = 0
  for (const c of colsum.values()) b += c2(c)
  const expected = n > 1 ? (a * b) / c2(n) : 0
  const max = (a + b) / 2
  return {
    purity: n ? pure / n : 1,
    ari: max === expected ? 1 : (index - expected) / (max - expected),
  }
}
