import type { ResultProps } from 'antd'
import { lazy, Suspense } from 'react'

// Result carries its 403, 404 and 500 illustrations (about 10 KB gzipped); pages show it only on a failure.
const AntResult = lazy(() => import('antd/es/result'))

/** antd's Result, loaded when a page first has a failure or a missing record to show. */
export function Result(props: ResultProps) {
  return (
    <Suspense fallback={null}>
      <AntResult {...props} />
    </Suspense>
  )
}
