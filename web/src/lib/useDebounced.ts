import { useEffect, useState } from 'react'

/** The value once it has stayed the same for `ms` (what a picker searches as the user types). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value)
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms)
    return () => clearTimeout(h)
  }, [value, ms])
  return v
}
