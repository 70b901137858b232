/**
 * Character pairs (bigrams) of a text, for finding a substring through an index: a text that
 * contains the query, case aside, contains every pair of the query's adjacent characters. So
 * the rows holding all of the query's pairs are a superset of those containing it, found by
 * the engine's inverted index (FTS5, or GIN on PostgreSQL); the LIKE test then keeps the ones
 * that do contain it. A query of one character has no pair, and is tested on every row.
 *
 * Each pair is written as a token of hex digits (`g4e00g4e8c` for 一二), so that no tokenizer
 * splits or folds it: the pair is the same token in the index and in the query. A change to the
 * pairs' form needs a migration that indexes every finding again, as 0037 did.
 */

/**
 * The characters of a text, each folded on its own to the first character of the lower case of
 * the upper case of its lower case (ẞ, ß and s alike; İ, ı and i; Σ, ς and σ). That merges at
 * least the letters the engines' case-insensitive tests merge: SQLite's `lower` (ASCII), and
 * PostgreSQL's ILIKE under its usual locales, which lower-cases each character alone. Merging
 * more only widens the candidates.
 */
function folded(text: string): string[] {
  const out: string[] = []
  for (const ch of text)
    out.push(String.fromCodePoint(ch.toLowerCase().toUpperCase().toLowerCase().codePointAt(0)!))
  return out
}

const token = (a: string, b: string) => `g${a.codePointAt(0)!.toString(16)}g${b.codePointAt(0)!.toString(16)}`

function pairsOf(text: string, into: Set<string>) {
  const cs = folded(text)
  for (let i = 0; i + 1 < cs.length; i++) into.add(token(cs[i]!, cs[i + 1]!))
}

/** The distinct pairs of several texts, each text's own (none across two), space-separated. */
export function textGrams(...texts: string[]): string {
  const all = new Set<string>()
  for (const t of texts) pairsOf(t, all)
  return [...all].join(' ')
}

/** At most this many of a query's pairs are looked up: any of them narrow it enough. */
const QUERY_GRAMS = 12

/**
 * The pairs a row must hold to contain `q`, space-separated: empty for a query of one
 * character (or none), which the index cannot narrow.
 */
export function queryGrams(q: string): string {
  const all = new Set<string>()
  pairsOf(q, all)
  return [...all].slice(0, QUERY_GRAMS).join(' ')
}

/**
 * Past this many rows found (the total), a page read through a pair index reads the sort's index
 * in order instead, testing each row until the page is full, rather than reading all the rows
 * that hold the pairs and sorting them: at national scale, 线索 (16,685 of 250,000 findings) took
 * 50 ms a page the second way and under 1 ms the first, a word of 3 findings 0.4 ms the second
 * way and 728 ms the first.
 */
export const WALK_ABOVE = 1000

/**
 * A list's page and total for a filter that may carry a text query's pairs. Without pairs both
 * are read together. With them the total is read first (through the index), to choose how the
 * page is read: past `walkAbove` found, without the pairs (`grams: ''`, walking the sort's index),
 * else through them. Whether there are pairs chooses a statement's shape.
 */
export async function pageAndTotal<F extends { grams?: string }, T>(
  filter: F,
  read: { page: (f: F) => Promise<T[]>; total: (f: F) => Promise<number> },
  walkAbove = WALK_ABOVE,
): Promise<{ items: T[]; total: number }> {
  if (!filter.grams) {
    const [items, total] = await Promise.all([read.page(filter), read.total(filter)])
    return { items, total }
  }
  const total = await read.total(filter)
  return { items: await read.page(total > walkAbove ? { ...filter, grams: '' } : filter), total }
}
