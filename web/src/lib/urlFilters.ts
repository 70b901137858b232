/** The named filters present in the address (?roundId=…&status=…), for a list a drill-down opens filtered. */
export function filtersFromUrl<T>(search: URLSearchParams, keys: readonly (keyof T & string)[]): Partial<T> {
  return Object.fromEntries(keys.flatMap((k) => (search.get(k) ? [[k, search.get(k)]] : []))) as Partial<T>
}
