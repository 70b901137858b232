import { Empty } from 'antd'
import type { CSSProperties, HTMLAttributes, Key, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import '../styles/simple-table.css'

export interface SimpleColumn<T> {
  title: ReactNode
  key?: Key
  dataIndex?: keyof T & string
  width?: number
  /** One line, cut with an ellipsis (the full text in the cell's title when it is a string). */
  ellipsis?: boolean
  /** Stays in view when the table scrolls sideways. */
  fixed?: 'left'
  render?: (value: never, record: T, index: number) => ReactNode
}

interface SimpleTableProps<T> {
  columns: SimpleColumn<T>[]
  dataSource: readonly T[]
  rowKey: (keyof T & string) | ((record: T) => Key)
  size?: 'small' | 'middle'
  bordered?: boolean
  loading?: boolean
  title?: () => ReactNode
  locale?: { emptyText?: ReactNode }
  onRow?: (record: T, index: number) => HTMLAttributes<HTMLElement>
  /** Sideways scrolling: the table is at least this wide (true: as wide as its content). */
  scroll?: { x?: number | true }
  style?: CSSProperties
  'data-testid'?: string
}

/**
 * A read-only table drawn like antd's Table, for the short lists on detail pages: no sorting,
 * filters, selection or pagination. antd's Table (with Pagination and Spin, about 40 KB gzipped)
 * stays with the list pages that need those.
 */
export function SimpleTable<T>(props: SimpleTableProps<T>) {
  const { t } = useTranslation()
  const { columns, dataSource, rowKey, size = 'middle', bordered, loading, scroll } = props
  const keyOf = (r: T, i: number): Key =>
    typeof rowKey === 'function' ? rowKey(r) : ((r[rowKey] as Key | undefined) ?? i)
  const cell = (c: SimpleColumn<T>, r: T, i: number): ReactNode => {
    const value = c.dataIndex === undefined ? undefined : r[c.dataIndex]
    if (c.render) return c.render(value as never, r, i)
    return value as ReactNode
  }
  const classes = ['duban-table', `duban-table-${size}`, bordered && 'duban-table-bordered']
  return (
    <div className="duban-table-wrapper" style={props.style} data-testid={props['data-testid']}>
      <div className={classes.filter(Boolean).join(' ')} aria-busy={loading || undefined}>
        {props.title && <div className="duban-table-title">{props.title()}</div>}
        <div className="duban-table-content">
          <table style={{ minWidth: scroll?.x === true ? 'max-content' : scroll?.x }}>
            <colgroup>
              {columns.map((c, i) => (
                <col key={c.key ?? c.dataIndex ?? i} style={c.width ? { width: c.width } : undefined} />
              ))}
            </colgroup>
            <thead>
              <tr>
                {columns.map((c, i) => (
                  <th
                    key={c.key ?? c.dataIndex ?? i}
                    scope="col"
                    className={c.fixed ? 'duban-table-cell-fixed' : undefined}
                  >
                    {c.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {dataSource.map((r, i) => {
                const { className, ...row } = props.onRow?.(r, i) ?? {}
                return (
                  <tr
                    key={keyOf(r, i)}
                    className={`duban-table-row${className ? ` ${className}` : ''}`}
                    {...(row as HTMLAttributes<HTMLTableRowElement>)}
                  >
                    {columns.map((c, j) => {
                      const content = cell(c, r, i)
                      const cls = [
                        c.ellipsis && 'duban-table-cell-ellipsis',
                        c.fixed && 'duban-table-cell-fixed',
                      ]
                      return (
                        <td
                          key={c.key ?? c.dataIndex ?? j}
                          className={cls.filter(Boolean).join(' ') || undefined}
                          title={c.ellipsis && typeof content === 'string' ? content : undefined}
                        >
                          {content}
                        </td>
                      )
                    })}
                  </tr>
                )
              })}
              {dataSource.length === 0 && (
                <tr className="duban-table-placeholder">
                  <td colSpan={columns.length}>
                    {props.locale?.emptyText ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        {loading && (
          <div className="duban-loading duban-table-spin" role="status" aria-label={t('app.loading')}>
            <span className="duban-spinner" aria-hidden="true" />
          </div>
        )}
      </div>
    </div>
  )
}
