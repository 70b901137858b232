/**
 * Puts `value` under `key` in a map of answers worked out before, which holds at most `limit`:
 * when it is full, the entry put first goes to make room. A hit costs one `get` and nothing
 * else (no reordering, as a least-recently-used cache does on every hit), which is what the
 * per-request caches want; the answers they hold are cheap to work out again.
 */
export function keep<K, V>(map: Map<K, V>, limit: number, key: K, value: V): V {
  if (map.size >= limit && !map.has(key)) map.delete(map.keys().next().value as K)
  map.set(key, value)
  return value
}

/**
 * `f` with its answer for each object kept beside the object, for as long as the object lives
 * (a WeakMap): what is worked out from a shared, unchanging object once, such as a session's
 * frozen grants, a calendar or a query's kept hits.
 */
export function keptWith<O extends object, V>(f: (o: O) => V): (o: O) => V {
  const kept = new WeakMap<O, V>()
  return (o) => {
    let value = kept.get(o)
    if (value === undefined) kept.set(o, (value = f(o)))
    return value
  }
}

/** `f` with its answers for the last `limit` new arguments kept (`keep`). */
export function remembered<A, V>(limit: number, f: (arg: A) => V): (arg: A) => V {
  const known = new Map<A, V>()
  return (arg) => {
    const hit = known.get(arg)
    return hit !== undefined ? hit : keep(known, limit, arg, f(arg))
  }
}
