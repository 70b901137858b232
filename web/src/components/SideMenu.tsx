// The main menu, drawn without antd's Menu (which brings rc-menu, overflow and their styles to
// every signed-in page). Same look as antd's dark inline menu, same roles: a menu of menu items,
// each leaf a link, each group a button that opens and closes it. Folded to its icons, a group
// shows its entries beside the menu on hover or keyboard focus. Styles in styles/shell.css.
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react'
import { Link } from 'react-router'

/** A menu entry: a leaf's key is the path it opens; a group has children and no path. */
export interface NavItem {
  key: string
  label: string
  icon?: ReactNode
  children?: NavItem[]
}

interface SideMenuProps {
  items: NavItem[]
  /** The key of the leaf that is lit. */
  selected: string
  /** Only the icons, the entries of a group beside it (the desktop's folded menu). */
  collapsed?: boolean
  label: string
  /** Called after a link is followed (the phone's drawer closes). */
  onNavigate?: () => void
}

/** Up and Down move between the menu's entries, Home and End go to the first and the last. */
function moveFocus(e: KeyboardEvent<HTMLUListElement>) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return
  const all = [...e.currentTarget.querySelectorAll<HTMLElement>('a, button')].filter(
    (el) => el.offsetParent !== null,
  )
  if (all.length === 0) return
  e.preventDefault()
  const at = all.indexOf(document.activeElement as HTMLElement)
  const next =
    e.key === 'Home'
      ? 0
      : e.key === 'End'
        ? all.length - 1
        : (at + (e.key === 'ArrowDown' ? 1 : -1) + all.length) % all.length
  all[next]!.focus()
}

export function SideMenu({ items, selected, collapsed = false, label, onNavigate }: SideMenuProps) {
  const idPrefix = useId()
  // Every group starts open, as the menu always has.
  const [closed, setClosed] = useState<ReadonlySet<string>>(() => new Set())
  const toggle = (key: string) =>
    setClosed((prev) => {
      const next = new Set(prev)
      if (!next.delete(key)) next.add(key)
      return next
    })

  const leaf = (item: NavItem, nested: boolean) => (
    <li
      key={item.key}
      role="menuitem"
      tabIndex={-1}
      className={`duban-menu-item${nested ? ' duban-menu-nested' : ''}${item.key === selected ? ' duban-menu-selected' : ''}`}
      data-tip={collapsed && !nested ? item.label : undefined}
    >
      {item.icon && (
        <span className="duban-menu-icon" aria-hidden="true">
          {item.icon}
        </span>
      )}
      <span className="duban-menu-title">
        <Link
          to={item.key}
          aria-current={item.key === selected ? 'page' : undefined}
          onClick={() => onNavigate?.()}
        >
          {item.label}
        </Link>
      </span>
    </li>
  )

  return (
    <ul
      role="menu"
      aria-label={label}
      className={`duban-menu${collapsed ? ' duban-menu-collapsed' : ''}`}
      onKeyDown={moveFocus}
    >
      {items.map((item) => {
        if (!item.children) return leaf(item, false)
        const open = collapsed || !closed.has(item.key)
        const lit = item.children.some((c) => c.key === selected)
        const listId = `${idPrefix}-${item.key.replace(/[^\w-]/g, '')}`
        return (
          <li
            key={item.key}
            role="none"
            className={`duban-submenu${lit ? ' duban-submenu-selected' : ''}${open ? ' duban-submenu-open' : ''}`}
          >
            <button
              type="button"
              role="menuitem"
              aria-haspopup="true"
              aria-expanded={collapsed ? undefined : open}
              aria-controls={listId}
              className="duban-menu-item duban-submenu-title"
              onClick={collapsed ? undefined : () => toggle(item.key)}
            >
              {item.icon && (
                <span className="duban-menu-icon" aria-hidden="true">
                  {item.icon}
                </span>
              )}
              <span className="duban-menu-title">{item.label}</span>
              <span className="duban-submenu-arrow" aria-hidden="true" />
            </button>
            <ul role="menu" id={listId} aria-label={item.label} className="duban-menu-sub">
              {item.children.map((c) => leaf(c, true))}
            </ul>
          </li>
        )
      })}
    </ul>
  )
}
