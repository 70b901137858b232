// antd's Radio for a table with single-choice selection, loaded when such a table renders.
import { lazy, Suspense, type ComponentProps } from 'react'

const Real = lazy(() => import('antd/es/radio'))

export default function Radio(props: ComponentProps<typeof Real>) {
  return (
    <Suspense fallback={null}>
      <Real {...props} />
    </Suspense>
  )
}
