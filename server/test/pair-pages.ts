// Checks a list read through a character-pair index (`pageAndTotal`) against a full scan.
import { expect } from 'vitest'

type At = { limit: number; offset: number }
type Listed = { items: { id: string }[]; total: number }

/** Each way a page is read: through the index and walking the sort, whole and part of it. */
export const EVERY_WAY: { walkAbove: number; at: At }[] = [Infinity, 0].flatMap((walkAbove) =>
  [
    { limit: 200, offset: 0 },
    { limit: 2, offset: 1 },
  ].map((at) => ({ walkAbove, at })),
)

/**
 * The list's total and pages for `q` equal `truth`'s (every matching id, in the list's order),
 * for each of `ways`.
 */
export async function expectPages(
  list: (q: string, at: At, walkAbove: number) => Promise<Listed>,
  q: string,
  truth: string[],
  ways = EVERY_WAY,
) {
  for (const { walkAbove, at } of ways) {
    const got = await list(q, at, walkAbove)
    const how = `${q}, ${walkAbove ? 'from the index' : 'walking the sort'}, ${at.limit} from ${at.offset}`
    expect(got.total, how).toBe(truth.length)
    expect(
      got.items.map((x) => x.id),
      how,
    ).toEqual(truth.slice(at.offset, at.offset + at.limit))
  }
}

/** The first way alone: a whole page through the index. */
export const FROM_THE_INDEX = [EVERY_WAY[0]!]
