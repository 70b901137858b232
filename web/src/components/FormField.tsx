import { QuestionCircleOutlined } from '@ant-design/icons'
import { Tooltip } from 'antd'
import {
  useState,
  type FocusEvent,
  type InputHTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
  type TextareaHTMLAttributes,
} from 'react'
import '../styles/form-field.css'

/** What a field's control carries so that its label, error and hint are announced with it. */
export interface ControlAria {
  id: string
  'aria-invalid'?: boolean
  'aria-required'?: boolean
  'aria-describedby'?: string
}

interface FormFieldProps {
  /** The control's id (its label points at it). */
  id: string
  label: ReactNode
  required?: boolean
  /** A note behind a question mark beside the label. */
  tooltip?: string
  /** The validation message, shown under the control (role="alert"). */
  error?: string | null
  /** A hint or action under the control. */
  extra?: ReactNode
  /** The control, given its id and aria attributes. */
  children: (aria: ControlAria) => ReactNode
}

/**
 * A labelled field drawn like antd's vertical Form.Item: label with the required mark, the
 * control, its error and hint. For the short forms shown inline on detail pages, which keep
 * their values in React state: antd's Form (with its field store and rules, about 23 KB gzipped)
 * stays with the dialogs.
 */
export function FormField({ id, label, required, tooltip, error, extra, children }: FormFieldProps) {
  const described = [error && `${id}_help`, extra && `${id}_extra`].filter(Boolean).join(' ')
  return (
    <div className={`duban-form-item${error ? ' duban-form-item-has-error' : ''}`}>
      <div className="duban-form-item-label">
        <label htmlFor={id} className={required ? 'duban-form-item-required' : undefined}>
          {label}
          {tooltip && (
            <Tooltip title={tooltip}>
              <QuestionCircleOutlined className="duban-form-item-tooltip" aria-label={tooltip} />
            </Tooltip>
          )}
        </label>
      </div>
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-required': required || undefined,
        'aria-describedby': described || undefined,
      })}
      {error && (
        <div id={`${id}_help`} className="duban-form-item-explain" role="alert">
          {error}
        </div>
      )}
      {extra && (
        <div id={`${id}_extra`} className="duban-form-item-extra">
          {extra}
        </div>
      )}
    </div>
  )
}

/** A textarea with antd Input's look; `autoSize` grows it with its content from `rows` lines. */
export function TextArea({
  autoSize,
  className,
  ...rest
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { autoSize?: boolean }) {
  const classes = ['duban-input', autoSize && 'duban-input-autosize', className]
  return <textarea className={classes.filter(Boolean).join(' ')} {...rest} />
}

type NumberInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'min' | 'max'> & {
  value: number | null
  onChange: (value: number | null) => void
  min: number
  max: number
  suffix?: ReactNode
}

/**
 * A whole number between min and max with antd InputNumber's look and keys: typed freely, arrow
 * up and down step by one, and on leaving it the value is rounded and brought into range.
 */
export function NumberInput({
  value,
  onChange,
  min,
  max,
  suffix,
  style,
  className,
  ...rest
}: NumberInputProps) {
  // The text as typed, while it is being typed; otherwise the value.
  const [text, setText] = useState<string | null>(null)
  const clamp = (n: number) => Math.min(max, Math.max(min, Math.round(n)))
  const parse = (s: string): number | null => {
    if (s.trim() === '') return null
    const n = Number(s.trim())
    return Number.isFinite(n) ? n : value
  }
  const step = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return
    e.preventDefault()
    setText(null)
    // From empty, either key gives the minimum.
    onChange(value === null ? min : clamp(value + (e.key === 'ArrowUp' ? 1 : -1)))
  }
  const settle = (e: FocusEvent<HTMLInputElement>) => {
    const n = parse(e.target.value)
    setText(null)
    onChange(n === null ? null : clamp(n))
  }
  return (
    <span className={`duban-input-number${className ? ` ${className}` : ''}`} style={style}>
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        role="spinbutton"
        aria-valuemin={min}
        aria-valuemax={max}
        aria-valuenow={value ?? undefined}
        value={text ?? (value === null ? '' : String(value))}
        onChange={(e) => {
          setText(e.target.value)
          const n = parse(e.target.value)
          if (n === null || (n >= min && n <= max)) onChange(n === null ? null : n)
        }}
        onKeyDown={step}
        onBlur={settle}
      />
      {suffix !== undefined && <span className="duban-input-number-suffix">{suffix}</span>}
    </span>
  )
}
