// antd's table/hooks/useFilter/FilterDropdown, loaded when a column with filters first renders.
import { lazy, Suspense, type ComponentProps } from 'react'

const Real = lazy(() => import('antd/es/table/hooks/useFilter/FilterDropdown'))

interface FilterItem {
  value: unknown
  children?: FilterItem[]
}

/** The same as antd's (useFilter imports it from the dropdown's module). */
export function flattenKeys(filters?: FilterItem[]): unknown[] {
  let keys: unknown[] = []
  for (const { value, children } of filters ?? []) {
    keys.push(value)
    if (children) keys = [...keys, ...flattenKeys(children)]
  }
  return keys
}

type Props = ComponentProps<typeof Real>

export default function FilterDropdown(props: Props) {
  // Until the dropdown arrives, the column shows its title alone.
  return (
    <Suspense fallback={props.children}>
      <Real {...props} />
    </Suspense>
  )
}
