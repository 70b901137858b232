import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react'
import '../styles/tabs.css'

export interface TabItem {
  key: string
  label: ReactNode
  children: ReactNode
}

interface TabsProps {
  items: TabItem[]
  activeKey: string
  onChange: (key: string) => void
  'aria-label'?: string
}

/**
 * Tabs drawn like antd's line tabs, with the WAI-ARIA tabs pattern: one tab stop, the arrow keys
 * (and Home, End) move to and open the neighbouring tab, and only the open panel is rendered.
 * antd's Tabs (about 11 KB gzipped, with its overflow menu) is for pages with many or editable tabs.
 */
export function Tabs({ items, activeKey, onChange, 'aria-label': ariaLabel }: TabsProps) {
  const id = useId()
  const tabs = useRef<(HTMLButtonElement | null)[]>([])
  const active = Math.max(
    0,
    items.findIndex((x) => x.key === activeKey),
  )
  const go = (i: number) => {
    const next = (i + items.length) % items.length
    tabs.current[next]?.focus()
    onChange(items[next]!.key)
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowDown: active + 1,
      ArrowLeft: active - 1,
      ArrowUp: active - 1,
      Home: 0,
      End: items.length - 1,
    }
    if (!(e.key in moves)) return
    e.preventDefault()
    go(moves[e.key]!)
  }
  const item = items[active]
  return (
    <div className="duban-tabs">
      <div className="duban-tabs-nav" role="tablist" aria-label={ariaLabel} onKeyDown={onKeyDown}>
        {items.map((x, i) => (
          <button
            key={x.key}
            ref={(el) => {
              tabs.current[i] = el
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${x.key}`}
            aria-selected={i === active}
            aria-controls={`${id}-panel-${x.key}`}
            tabIndex={i === active ? 0 : -1}
            className={`duban-tabs-tab${i === active ? ' duban-tabs-tab-active' : ''}`}
            onClick={() => x.key !== activeKey && onChange(x.key)}
          >
            {x.label}
          </button>
        ))}
      </div>
      {item && (
        <div
          className="duban-tabs-panel"
          role="tabpanel"
          id={`${id}-panel-${item.key}`}
          aria-labelledby={`${id}-tab-${item.key}`}
          tabIndex={0}
        >
          {item.children}
        </div>
      )}
    </div>
  )
}
