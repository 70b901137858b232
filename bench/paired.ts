// Paired measurement for bench/load.ts: the server and its bare reference taken in turns.
export type Result = { rps: number; p50: number; p99: number; errors: number }

export function median(xs: readonly number[]) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * Duban and bare measured in alternating rounds, each round's pair back to back, so a burst of
 * other work on the machine lands on both sides of one pair rather than on one side of the
 * whole comparison. `first` goes first in the first round, the other in the next, and so on
 * (a caller alternates it by endpoint, so that neither always starts on a colder cache). The
 * ratio is the median of the rounds' ratios; the other figures are medians of each side's
 * rounds, taken apart, so their quotient can differ from it; the errors are summed.
 */
export async function paired(
  rounds: number,
  run: (which: 'duban' | 'bare', round: number) => Promise<Result>,
  first: 'duban' | 'bare' = 'duban',
) {
  const got = { duban: [] as Result[], bare: [] as Result[] }
  const order = first === 'duban' ? (['duban', 'bare'] as const) : (['bare', 'duban'] as const)
  for (let i = 0; i < rounds; i++)
    for (const which of i % 2 === 0 ? order : [order[1], order[0]]) got[which].push(await run(which, i))
  const summary = (rs: Result[]): Result => ({
    rps: median(rs.map((r) => r.rps)),
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    errors: rs.reduce((n, r) => n + r.errors, 0),
  })
  const ratios = got.duban.map((d, i) => d.rps / got.bare[i].rps)
  return {
    duban: summary(got.duban),
    bare: summary(got.bare),
    ratio: median(ratios),
    low: Math.min(...ratios),
    high: Math.max(...ratios),
  }
}
