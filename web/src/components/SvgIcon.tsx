// Draws one @ant-design/icons-svg definition without the @ant-design/icons runtime, for the
// sign-in page and other screens that load before antd.
import type { IconDefinition, AbstractNode } from '@ant-design/icons-svg/es/types'

function draw(node: AbstractNode, key?: number): React.ReactElement {
  const { tag, attrs, children } = node
  const Tag = tag as 'svg'
  return (
    <Tag key={key} {...attrs}>
      {children?.map((c, i) => draw(c, i))}
    </Tag>
  )
}

export function SvgIcon({ icon }: { icon: IconDefinition }) {
  const root = typeof icon.icon === 'function' ? icon.icon('currentColor', '#e6e6e6') : icon.icon
  return (
    <span className="duban-icon" aria-hidden="true">
      {draw({ ...root, attrs: { ...root.attrs, width: '1em', height: '1em', fill: 'currentColor' } })}
    </span>
  )
}
