/** A turn of the event loop: what waits for the server's thread (other requests, timers) runs first. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * `read` for each item apart, in order, a turn of the event loop before each, and the rows of
 * all. On SQLite every read runs in the server's one thread, and a chain of reads that only
 * awaits promises holds it until the last: read one item at a time this way, and the requests
 * that arrive meanwhile are answered between them. Two of these run together take their turns
 * in the same pass of the event loop, each read right after the other's: to hold the thread
 * for one read at a time, run them one after the other.
 */
export async function oneByOne<T, R>(items: readonly T[], read: (item: T) => Promise<R[]>): Promise<R[]> {
  return (
    await inTurns(
      true,
      items.map((item) => () => read(item)),
    )
  ).flat()
}

/**
 * Runs each read and gives their results in order: when `apart` (the engine answers in the
 * server's thread, `readsInThread`), one after the other with a turn of the event loop before
 * each, so that the thread is held for one read at a time; otherwise all at once, as
 * `Promise.all` does (PostgreSQL answers them over its connections meanwhile).
 */
export async function inTurns<const T extends readonly (() => Promise<unknown>)[]>(
  apart: boolean,
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!apart) return (await Promise.all(reads.map((read) => read()))) as never
  const out: unknown[] = []
  for (const read of reads) {
    await nextTurn()
    out.push(await read())
  }
  return out as never
}
