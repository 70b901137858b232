import { CalendarOutlined } from '@ant-design/icons'
import Input from 'antd/es/input/Input'
import type { Dayjs } from 'dayjs'
import { lazy, Suspense, useState, type CSSProperties } from 'react'

// The picker (rc-picker and dayjs plugins, about 31 KB gzipped) loads when someone reaches for it.
const DatePicker = lazy(() => import('antd/es/date-picker'))

interface LazyDatePickerProps {
  value: Dayjs | null
  onChange: (value: Dayjs | null) => void
  allowClear?: boolean
  id?: string
  placeholder?: string
  style?: CSSProperties
  'aria-label'?: string
  'data-testid'?: string
}

/**
 * antd's DatePicker for a page where it is not the first thing used (a dashboard's date): until it
 * is clicked or focused a read-only field with the same look and value stands in for it.
 */
export function LazyDatePicker({ value, onChange, style, ...rest }: LazyDatePickerProps) {
  const [active, setActive] = useState<'no' | 'focus' | 'click'>('no')
  const [open, setOpen] = useState(false)
  const width = { width: 140, ...style }
  const standIn = (
    <Input
      readOnly
      id={rest.id}
      placeholder={rest.placeholder}
      aria-label={rest['aria-label']}
      data-testid={rest['data-testid']}
      value={value ? value.format('YYYY-MM-DD') : ''}
      suffix={<CalendarOutlined style={{ color: 'rgba(0, 0, 0, 0.25)' }} />}
      style={width}
      onFocus={() => setActive((a) => (a === 'no' ? 'focus' : a))}
      onMouseDown={() => {
        setActive('click')
        setOpen(true)
      }}
    />
  )
  if (active === 'no') return standIn
  return (
    <Suspense fallback={standIn}>
      <DatePicker
        {...rest}
        value={value}
        onChange={(v) => onChange(v as Dayjs | null)}
        style={width}
        autoFocus
        open={open}
        onOpenChange={setOpen}
      />
    </Suspense>
  )
}
