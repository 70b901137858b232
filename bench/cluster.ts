// The similarity engine (server/text/similarity.ts) on real and generated text.
// (1) Quality: the 1,997 CJRC judgment passages clustered with jieba words and with the
//     character-bigram baseline, scored by purity and adjusted Rand index against their
//     charge or cause. (2) Scale: 20,000 and 200,000 generated findings with planted
//     near-duplicate groups, each size in its own process so peak memory is its own.
//   npm run bench:cluster
import { fork } from 'node:child_process'
import { Converter } from 'opencc-js/cn2t'
import { passages } from '../server/seed/demo-cases'
import { normalizeText } from '../server/text/normalize'
import { words } from '../server/text/segment'
import { agreement, cluster, type ClusterOptions, type FeatureMode } from '../server/text/similarity'

const MB = (bytes: number) => Math.round(bytes / 2 ** 20)

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

// ---------------------------------------------------------------------------------------
// (1) Quality on CJRC

type Row = { setting: string; mode: FeatureMode; threshold: number } & Record<string, number | string>

function quality() {
  const ps = passages()
  const items = ps.map((p) => ({ id: p.id, text: p.text }))
  const truth = ps.map((p) => p.casename)
  const labels = new Set(truth).size
  console.log(`\n(1) Quality: ${items.length} CJRC passages, ${labels} charge/cause labels`)
  console.log(
    '    Passages of one charge are different cases, so near-duplicate linking leaves most of them\n' +
      '    alone: purity is then trivially high and ARI is the measure that counts (0 = chance).\n' +
      '    Both feature modes run on the same grid of settings and thresholds.',
  )
  const settings: { name: string; opts: ClusterOptions; thresholds: number[] }[] = [
    { name: 'near-duplicate (Jaccard, 32×4)', opts: {}, thresholds: [0.5, 0.3, 0.2] },
    {
      name: 'key terms (cosine, top 20, 64×2, 2-NN)',
      opts: { score: 'cosine', topTerms: 20, bands: 64, rows: 2, neighbors: 2 },
      thresholds: [0.3, 0.25, 0.2, 0.15, 0.1],
    },
  ]
  const rows: Row[] = []
  for (const s of settings)
    for (const threshold of s.thresholds)
      for (const mode of ['words', 'bigrams'] as const) {
        const t = performance.now()
        const r = cluster(items, { ...s.opts, mode, threshold, minSize: 1 })
        const ms = Math.round(performance.now() - t)
        const group = new Map<string, number>()
        r.groups.forEach((g, i) => g.ids.forEach((id) => group.set(id, i)))
        const a = agreement(
          items.map((it) => group.get(it.id)!),
          truth,
        )
        const singles = r.groups.filter((g) => g.ids.length === 1).length
        rows.push({
          setting: s.name,
          mode,
          threshold,
          clusters: r.groups.length,
          singletons: `${Math.round((100 * singles) / items.length)} %`,
          largest: r.groups[0].ids.length,
          purity: a.purity.toFixed(3),
          ari: a.ari.toFixed(3),
          comparisons: r.stats.comparisons,
          ms,
        })
      }
  console.table(rows)
  const all = agreement(
    items.map((_, i) => i),
    truth,
  )
  console.log(
    `    reference: every passage alone → purity ${all.purity.toFixed(3)}, ARI ${all.ari.toFixed(3)}; ` +
      `all-pairs would be ${((items.length * (items.length - 1)) / 2).toLocaleString('en')} comparisons`,
  )
  for (const mode of ['words', 'bigrams'] as const) {
    const best = rows.filter((r) => r.mode === mode).sort((a, b) => Number(b.ari) - Number(a.ari))[0]
    console.log(
      `    best ARI with ${mode.padEnd(7)}: ${best.ari} (${best.setting}, threshold ${best.threshold}; ` +
        `${best.clusters} clusters, ${best.singletons} singletons, purity ${best.purity})`,
    )
  }
}

// ---------------------------------------------------------------------------------------
// (2) Scale on generated findings

const OPENERS = ['巡视发现，', '经查，', '检查中发现，', '审计发现，', '', '']
const FILLERS = ['整改工作仍需加强', '相关责任人未被追责', '问题整改不到位', '制度执行不严格', '监督管理缺位']
const TONED = ['jiān', 'dū', 'zhěng', 'gǎi', 'chá', 'yuàn']

type Finding = { id: string; text: string; group: number }

/** Findings built from CJRC clauses; `groupShare` of them are near-duplicate groups of 3-5. */
function generate(n: number, seed = 42, groupShare = 0.05): { pool: number; findings: Finding[] } {
  const rnd = mulberry32(seed)
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]
  const clauses = [
    ...new Set(
      passages()
        .flatMap((p) => p.text.split(/[,，。;；:：、“”"]/u))
        .map((c) => c.trim())
        .filter((c) => c.length >= 6 && c.length <= 30),
    ),
  ]
  const toTrad = Converter({ from: 'cn', to: 'tw' })
  const base = () => Array.from({ length: 4 + Math.floor(rnd() * 5) }, () => pick(clauses))
  const render = (parts: string[]) => pick(OPENERS) + parts.join('，') + '。'
  const vary = (parts: string[]) => {
    const p = [...parts]
    if (rnd() < 0.5 && p.length > 4) p.splice(Math.floor(rnd() * p.length), 1)
    if (rnd() < 0.5) {
      const i = Math.floor(rnd() * (p.length - 1))
      ;[p[i], p[i + 1]] = [p[i + 1], p[i]]
    }
    if (rnd() < 0.5) p.splice(Math.floor(rnd() * p.length), 0, pick(FILLERS))
    let text = render(p)
    if (rnd() < 0.25) text = toTrad(text)
    if (rnd() < 0.25) {
      const at = text.search(/\p{Script=Han}/u)
      if (at >= 0) text = text.slice(0, at + 1) + `(${pick(TONED)})` + text.slice(at + 1)
    }
    return text
  }
  const out: Omit<Finding, 'id'>[] = []
  let groups = 0
  while (out.length < n) {
    if (rnd() < groupShare / 4) {
      const parts = base()
      const size = Math.min(3 + Math.floor(rnd() * 3), n - out.length)
      groups++
      for (let i = 0; i < size; i++) out.push({ text: vary(parts), group: groups })
    } else out.push({ text: render(base()), group: 0 })
  }
  // Shuffle so the members of a group are not neighbours in the input.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return {
    pool: clauses.length,
    findings: out.map((f, i) => ({ ...f, id: `f${String(i).padStart(7, '0')}` })),
  }
}

type ScaleResult = {
  n: number
  pool: number
  planted: { groups: number; texts: number }
  chars: number
  tokens: number
  baseline: { heapMB: number; rssMB: number }
  split: { normalizeMs: number; jiebaMs: number }
  ms: Record<string, number>
  totalMs: number
  peakRssMB: number
  heapAfterMB: number
  comparisons: number
  capped: number
  groups: number
  recall: { groupsWhole: number; pairs: number }
  pairPrecision: number
}

function scale(n: number): ScaleResult {
  const gc = (globalThis as { gc?: () => void }).gc
  const { pool, findings } = generate(n)
  gc?.()
  const baseline = { heapMB: MB(process.memoryUsage().heapUsed), rssMB: MB(process.memoryUsage().rss) }

  // Where the features time goes: text normalization (opencc) versus jieba, measured apart.
  words('加载词典') // jieba loads its dictionary on first use: keep that out of the timing
  let t = performance.now()
  const simplified = findings.map((f) => normalizeText(f.text).simplified)
  const normalizeMs = Math.round(performance.now() - t)
  t = performance.now()
  let count = 0
  for (const s of simplified) count += words(s).length
  const jiebaMs = Math.round(performance.now() - t)
  simplified.length = 0
  gc?.()

  t = performance.now()
  const r = cluster(findings)
  const totalMs = Math.round(performance.now() - t)
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024)
  const heapAfterMB = MB(process.memoryUsage().heapUsed)

  // Planted groups against the result.
  const where = new Map<string, number>()
  r.groups.forEach((g, i) => g.ids.forEach((id) => where.set(id, i)))
  const members = new Map<number, Finding[]>()
  for (const f of findings) if (f.group) members.set(f.group, [...(members.get(f.group) ?? []), f])
  let whole = 0
  let planted = 0
  let found = 0
  for (const g of members.values()) {
    const at = g.map((f) => where.get(f.id) ?? -1)
    if (at[0] >= 0 && at.every((x) => x === at[0])) whole++
    for (let i = 0; i < g.length; i++)
      for (let j = i + 1; j < g.length; j++, planted++) if (at[i] >= 0 && at[i] === at[j]) found++
  }
  const groupOf = new Map(findings.map((f) => [f.id, f.group]))
  let linked = 0
  let correct = 0
  for (const g of r.groups) {
    linked += (g.ids.length * (g.ids.length - 1)) / 2
    const byGroup = new Map<number, number>()
    for (const id of g.ids) {
      const p = groupOf.get(id)!
      if (p) byGroup.set(p, (byGroup.get(p) ?? 0) + 1)
    }
    for (const c of byGroup.values()) correct += (c * (c - 1)) / 2
  }
  return {
    n,
    pool,
    planted: { groups: members.size, texts: [...members.values()].reduce((a, g) => a + g.length, 0) },
    chars: findings.reduce((a, f) => a + f.text.length, 0),
    tokens: count,
    baseline,
    split: { normalizeMs, jiebaMs },
    ms: r.stats.ms,
    totalMs,
    peakRssMB,
    heapAfterMB,
    comparisons: r.stats.comparisons,
    capped: r.stats.capped,
    groups: r.groups.length,
    recall: { groupsWhole: whole / members.size, pairs: found / planted },
    pairPrecision: linked ? correct / linked : 1,
  }
}

function inChild(n: number): Promise<ScaleResult> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, ['--scale', String(n)], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    })
    let out = ''
    child.stdout!.on('data', (d) => (out += d))
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`scale ${n} exited ${code}`))
      resolve(JSON.parse(out.trim().split('\n').pop()!) as ScaleResult)
    })
  })
}

async function scaleReport() {
  console.log('\n(2) Scale: generated findings (4-8 CJRC clauses each; ~5 % in planted groups of 3-5')
  console.log('    rewordings: clause dropped/swapped/added, 1 in 4 traditional, 1 in 4 with pinyin),')
  console.log('    default settings: jieba words, Jaccard ≥ 0.5, 32 bands × 4 rows; one process per size.')
  const results: ScaleResult[] = []
  for (const n of [20_000, 200_000]) {
    const r = await inChild(n)
    results.push(r)
  }
  const table = Object.fromEntries(
    results.map((r) => [
      r.n.toLocaleString('en'),
      {
        'planted groups / texts': `${r.planted.groups} / ${r.planted.texts}`,
        'chars (M)': (r.chars / 1e6).toFixed(1),
        'jieba words (M)': (r.tokens / 1e6).toFixed(1),
        'normalize ms (apart)': r.split.normalizeMs,
        'jieba ms (apart)': r.split.jiebaMs,
        'features ms': r.ms.features,
        'signatures ms': r.ms.signatures,
        'LSH index ms': r.ms.lsh,
        'link ms': r.ms.link,
        'describe ms': r.ms.describe,
        'cluster total ms': r.totalMs,
        comparisons: r.comparisons,
        'comparisons / text': (r.comparisons / r.n).toFixed(1),
        'capped buckets': r.capped,
        'groups ≥2': r.groups,
        'recall: groups whole': r.recall.groupsWhole.toFixed(3),
        'recall: pairs': r.recall.pairs.toFixed(3),
        'pair precision': r.pairPrecision.toFixed(3),
        'heap before MB': r.baseline.heapMB,
        'rss before MB': r.baseline.rssMB,
        'peak rss MB': r.peakRssMB,
        'heap after MB': r.heapAfterMB,
      },
    ]),
  )
  console.table(table)
  const [a, b] = results
  const ratio = (x: number, y: number) => (y / x).toFixed(1) + '×'
  console.log(
    `    200k / 20k: cluster time ${ratio(a.totalMs, b.totalMs)}, features ${ratio(a.ms.features, b.ms.features)}, ` +
      `signatures ${ratio(a.ms.signatures, b.ms.signatures)}, LSH ${ratio(a.ms.lsh, b.ms.lsh)}, ` +
      `link ${ratio(a.ms.link, b.ms.link)}, comparisons ${ratio(a.comparisons, b.comparisons)}, ` +
      `heap retained by the result and text ${ratio(a.heapAfterMB - a.baseline.heapMB, b.heapAfterMB - b.baseline.heapMB)}, ` +
      `peak rss ${ratio(a.peakRssMB, b.peakRssMB)} (quadratic would be 100×)`,
  )
  console.log(
    `    Comparisons grow faster than n because the generator reuses one pool of ${b.pool.toLocaleString('en')} ` +
      'clauses: the number of\n    truly overlapping pairs grows with n², and LSH finds them (bucket caps bound ' +
      'the work at n × bands × maxBucket).\n    Every link is an exact Jaccard ≥ 0.5, so pairs outside the planted ' +
      'groups are texts the generator happened to\n    build from mostly the same clauses, joined by single linkage.',
  )
  const share = (r: ScaleResult) => Math.round((100 * r.split.jiebaMs) / r.totalMs)
  console.log(
    `    jieba alone (timed apart, on the same texts) takes ${share(a)} % / ${share(b)} % of the cluster time (20k / 200k), ` +
      `normalization ${Math.round((100 * b.split.normalizeMs) / b.totalMs)} % at 200k.`,
  )
}

const at = process.argv.indexOf('--scale')
if (at >= 0) {
  console.log(JSON.stringify(scale(Number(process.argv[at + 1]))))
} else {
  const t = performance.now()
  quality()
  await scaleReport()
  console.log(`\ntotal bench time ${Math.round((performance.now() - t) / 1000)} s`)
}
