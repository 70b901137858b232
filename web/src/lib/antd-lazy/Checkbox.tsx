// antd's Checkbox for a table with multiple-choice selection, loaded when such a table renders.
import { lazy, Suspense, type ComponentProps } from 'react'

const Real = lazy(() => import('antd/es/checkbox'))

export default function Checkbox(props: ComponentProps<typeof Real>) {
  return (
    <Suspense fallback={null}>
      <Real {...props} />
    </Suspense>
  )
}
