import type { HTMLAttributes, ReactNode } from 'react'
import '../styles/panel.css'

interface PanelProps extends Omit<HTMLAttributes<HTMLDivElement>, 'title'> {
  title?: ReactNode
  extra?: ReactNode
  size?: 'default' | 'small'
}

/**
 * A box with a title, drawn like antd's Card. Card imports Tabs (and Tabs a dropdown menu) for
 * the tabbed cards no page here uses: about 23 KB gzipped that a page with a plain box skips.
 */
export function Panel({ title, extra, size = 'default', className, children, ...rest }: PanelProps) {
  return (
    <div
      className={`duban-panel${size === 'small' ? ' duban-panel-small' : ''}${className ? ` ${className}` : ''}`}
      {...rest}
    >
      {(title || extra) && (
        <div className="duban-panel-head">
          <div className="duban-panel-title">{title}</div>
          {extra && <div className="duban-panel-extra">{extra}</div>}
        </div>
      )}
      <div className="duban-panel-body">{children}</div>
    </div>
  )
}
