import type { HTMLAttributes, ReactNode } from 'react'
import '../styles/timeline.css'

/** antd's preset colour names as its Timeline draws them; anything else is used as a CSS colour. */
const PRESETS: Record<string, string> = {
  blue: '#1677ff',
  green: '#52c41a',
  red: '#ff4d4f',
  gray: 'rgba(0, 0, 0, 0.25)',
  grey: 'rgba(0, 0, 0, 0.25)',
  default: 'rgba(0, 0, 0, 0.25)',
  gold: '#faad14',
  orange: '#fa8c16',
  purple: '#722ed1',
  cyan: '#13c2c2',
  magenta: '#eb2f96',
  volcano: '#fa541c',
}

export interface TimelineItem {
  key?: string | number
  color?: string
  content: ReactNode
}

interface TimelineProps extends HTMLAttributes<HTMLOListElement> {
  items: TimelineItem[]
}

/**
 * A list of events with a coloured dot each, drawn like antd's Timeline. antd 6 builds Timeline on
 * Steps (about 11 KB gzipped together); a page that only lists its history does with this.
 */
export function Timeline({ items, className, ...rest }: TimelineProps) {
  return (
    <ol className={`duban-plain-list duban-timeline${className ? ` ${className}` : ''}`} {...rest}>
      {items.map((item, i) => (
        <li key={item.key ?? i} className="duban-timeline-item">
          <span className="duban-timeline-tail" aria-hidden />
          <span
            className="duban-timeline-dot"
            aria-hidden
            style={{ borderColor: PRESETS[item.color ?? 'blue'] ?? item.color }}
          />
          <div className="duban-timeline-content">{item.content}</div>
        </li>
      ))}
    </ol>
  )
}
