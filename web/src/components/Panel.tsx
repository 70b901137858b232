import type { HTMLAttributes, ReactNode } from 'react'
import { Loading } from './Loading'
import '../styles/panel.css'

interface PanelProps extends Omit<HTMLAttributes<HTMLDivElement>, 'title'> {
  title?: ReactNode
  extra?: ReactNode
  size?: 'default' | 'small'
  /** Shows a spinner in place of the body (Card's loading skeleton would bring Skeleton along). */
  loading?: boolean
}

/**
 * A box with a title, drawn like antd's Card. Card imports Tabs (and Tabs a dropdown menu) for
 * the tabbed cards no page here uses: about 23 KB gzipped that a page with a plain box skips.
 */
export function Panel({ title, extra, size = 'default', loading, className, children, ...rest }: PanelProps) {
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
      <div className="duban-panel-body">{loading ? <Loading /> : children}</div>
    </div>
  )
}

interface PanelGridProps extends HTMLAttributes<HTMLDivElement> {
  hoverable?: boolean
}

/** A cell of a Panel's grid, drawn like antd's Card.Grid; one with onClick is a button for the keyboard too. */
export function PanelGrid({ hoverable, className, onClick, onKeyDown, ...rest }: PanelGridProps) {
  return (
    <div
      className={`duban-panel-grid${hoverable ? ' duban-panel-grid-hoverable' : ''}${className ? ` ${className}` : ''}`}
      onClick={onClick}
      tabIndex={onClick ? 0 : undefined}
      onKeyDown={(e) => {
        onKeyDown?.(e)
        if (onClick && !e.defaultPrevented && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault()
          e.currentTarget.click()
        }
      }}
      {...rest}
    />
  )
}
