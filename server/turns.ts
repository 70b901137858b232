/** A turn of the event loop: what waits for the server's thread (other requests, timers) runs first. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * `read` for each item apart, in order, a turn of the event loop before each, and the rows of
 * all. On SQLite every read runs in the server's one thread, and a chain of reads that only
 * awaits promises holds it until the last: read one item at a time this way, a long count is
 * held for one item's read at a time, and the requests that arrive meanwhile are answered
 * between them.
 */
export async function oneByOne<T, R>(items: readonly T[], read: (item: T) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = []
  for (const item of items) {
    await nextTurn()
    rows.push(...(await read(item)))
  }
  return rows
}
