// antd's Dropdown for the table's selection menu, loaded when a table offers `selections`.
import { lazy, Suspense, type ComponentProps } from 'react'

const Real = lazy(() => import('antd/es/dropdown'))

export default function Dropdown(props: ComponentProps<typeof Real>) {
  return (
    <Suspense fallback={props.children}>
      <Real {...props} />
    </Suspense>
  )
}
