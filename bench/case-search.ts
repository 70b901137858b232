// Relevance of case search over the CJRC corpus: jieba (with the procuratorate dictionary)
// against the plain Intl.Segmenter baseline, both ranked by the same BM25.
// Queries: each charge or cause name (a hit is a passage of that charge), and one sentence
// held aside from each passage (a hit is that passage or another of the same charge).
//   npx tsx bench/case-search.ts
import { simplify } from '../server/text/normalize'
import { words } from '../server/text/segment'
import { passages } from '../server/seed/demo-cases'

type Tokenizer = (text: string) => string[]
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' })
const baseline: Tokenizer = (t) => [...segmenter.segment(t)].filter((s) => s.isWordLike).map((s) => s.segment)
const jieba: Tokenizer = (t) => words(simplify(t))

class Bm25 {
  private docs: Map<string, number>[] = []
  private lengths: number[] = []
  private df = new Map<string, number>()
  constructor(
    texts: string[],
    private tokenize: Tokenizer,
  ) {
    for (const text of texts) {
      const tf = new Map<string, number>()
      const toks = tokenize(text)
      for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1)
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1)
      this.docs.push(tf)
      this.lengths.push(toks.length)
    }
  }
  search(query: string, k = 10): number[] {
    const q = [...new Set(this.tokenize(query))]
    const n = this.docs.length
    const avg = this.lengths.reduce((a, b) => a + b, 0) / n
    const scores: [number, number][] = []
    this.docs.forEach((tf, i) => {
      let s = 0
      for (const t of q) {
        const f = tf.get(t)
        if (!f) continue
        const idf = Math.log(1 + (n - (this.df.get(t) ?? 0) + 0.5) / ((this.df.get(t) ?? 0) + 0.5))
        s += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * this.lengths[i]) / avg))
      }
      if (s > 0) scores.push([i, s])
    })
    return scores
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([i]) => i)
  }
}

function heldAside(text: string) {
  const sentences = text.split(/(?<=[。；])/u).filter((s) => s.length >= 12)
  if (sentences.length < 2) return null
  const pick = sentences.reduce((a, b) => (b.length > a.length ? b : a))
  return { query: pick, rest: text.replace(pick, '') }
}

const all = passages()
const docs = all.map((p) => heldAside(p.text)?.rest ?? p.text)
const charges = [...new Set(all.map((p) => p.casename))]
for (const [name, tokenize] of [
  ['jieba', jieba],
  ['Intl.Segmenter', baseline],
] as const) {
  const t0 = performance.now()
  const index = new Bm25(docs, tokenize)
  const built = performance.now() - t0
  let p10 = 0
  let mrr = 0
  for (const c of charges) {
    const top = index.search(c)
    p10 += top.filter((i) => all[i].casename === c).length / 10
    const first = top.findIndex((i) => all[i].casename === c)
    mrr += first >= 0 ? 1 / (first + 1) : 0
  }
  let sp10 = 0
  let smrr = 0
  let n = 0
  all.forEach((p, i) => {
    const h = heldAside(p.text)
    if (!h) return
    n++
    const top = index.search(h.query)
    sp10 += top.filter((j) => j === i || all[j].casename === p.casename).length / 10
    const first = top.findIndex((j) => j === i || all[j].casename === p.casename)
    smrr += first >= 0 ? 1 / (first + 1) : 0
  })
  console.log(
    `${name.padEnd(15)} charge queries (${charges.length}): P@10 ${(p10 / charges.length).toFixed(3)}  MRR ${(mrr / charges.length).toFixed(3)}   ` +
      `held-aside sentences (${n}): P@10 ${(sp10 / n).toFixed(3)}  MRR ${(smrr / n).toFixed(3)}   index ${built.toFixed(0)} ms`,
  )
}
