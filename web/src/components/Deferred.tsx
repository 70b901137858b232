import { Suspense, useState, type ReactNode } from 'react'

/**
 * Renders its children (in Suspense) from the first time `when` is true on: a lazily imported
 * dialog or drawer loads when it is first opened, and keeps its closing animation afterwards.
 */
export function Deferred({ when, children }: { when: boolean; children: ReactNode }) {
  const [seen, setSeen] = useState(when)
  if (when && !seen) setSeen(true)
  return seen || when ? <Suspense fallback={null}>{children}</Suspense> : null
}
