import { Select, type TreeSelectProps } from 'antd'
import { lazy, Suspense, useState, type ReactNode } from 'react'

// The tree picker (rc-tree-select and rc-tree, about 18 KB gzipped) loads when someone opens it.
const TreeSelect = lazy(() => import('antd/es/tree-select'))

interface Node {
  value?: unknown
  title?: ReactNode
  children?: Node[]
}

function titleOf(nodes: Node[] | undefined, value: unknown): ReactNode {
  for (const n of nodes ?? []) {
    if (n.value === value) return n.title
    const found = titleOf(n.children, value)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * antd's TreeSelect for a filter: until it is focused or clicked, a Select with the same look,
 * placeholder and chosen entry stands in for it (both draw the same selector).
 */
export function LazyTreeSelect(props: TreeSelectProps<string | undefined> & { 'aria-label'?: string }) {
  const [active, setActive] = useState<'no' | 'focus' | 'click'>('no')
  const [open, setOpen] = useState(false)
  const title = props.value === undefined ? undefined : titleOf(props.treeData as Node[], props.value)
  const standIn = (
    <Select<string | undefined>
      allowClear={props.allowClear}
      aria-label={props['aria-label']}
      placeholder={props.placeholder}
      style={props.style}
      value={props.value}
      options={props.value === undefined ? [] : [{ value: props.value, label: title ?? props.value }]}
      open={false}
      onChange={(v) => props.onChange?.(v, [], {} as never)}
      onFocus={() => setActive((a) => (a === 'no' ? 'focus' : a))}
      onMouseDown={(e) => {
        if ((e.target as Element).closest('.ant-select-clear')) return
        setActive('click')
        setOpen(true)
      }}
    />
  )
  if (active === 'no') return standIn
  return (
    <Suspense fallback={standIn}>
      <TreeSelect {...(props as TreeSelectProps)} autoFocus open={open} onOpenChange={setOpen} />
    </Suspense>
  )
}
