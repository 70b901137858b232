import { CheckOutlined } from '@ant-design/icons'
import type { HTMLAttributes, ReactNode } from 'react'
import '../styles/steps.css'

export interface StepItem {
  title: ReactNode
  content?: ReactNode
}

interface StepsProps extends HTMLAttributes<HTMLOListElement> {
  items: StepItem[]
  /** The step under way: those before it are done, those after it to come. */
  current: number
}

/**
 * Milestones down the page, drawn like antd's small vertical Steps (done ones ticked, the current
 * one filled). antd's Steps (about 8 KB gzipped) is made for navigating steps; this only shows them.
 */
export function Steps({ items, current, className, ...rest }: StepsProps) {
  return (
    <ol className={`duban-plain-list duban-steps${className ? ` ${className}` : ''}`} {...rest}>
      {items.map((item, i) => {
        const status = i < current ? 'finish' : i === current ? 'process' : 'wait'
        return (
          <li
            key={i}
            className={`duban-steps-item duban-steps-item-${status}`}
            aria-current={status === 'process' ? 'step' : undefined}
          >
            <span className="duban-steps-tail" aria-hidden />
            <span className="duban-steps-icon" aria-hidden>
              {status === 'finish' ? <CheckOutlined /> : i + 1}
            </span>
            <div className="duban-steps-body">
              <div className="duban-steps-title">{item.title}</div>
              {item.content && <div className="duban-steps-content">{item.content}</div>}
            </div>
          </li>
        )
      })}
    </ol>
  )
}
