import type { ReactNode } from 'react'
import { usePageTitle } from '../lib/usePageTitle'

/**
 * The page's heading, which also sets the browser title. A plain h3 styled as antd's level-3
 * title (styles/shell.css), so that a page without other text styles does not load Typography.
 */
export function PageHeader({ title, extra }: { title: string; extra?: ReactNode }) {
  usePageTitle(title)
  return (
    <div className="duban-page-header">
      <h3 className="duban-page-title">{title}</h3>
      {extra}
    </div>
  )
}
