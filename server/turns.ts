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
  const rows: R[] = []
  for (const item of items) {
    await nextTurn()
    rows.push(...(await read(item)))
  }
  return rows
}
