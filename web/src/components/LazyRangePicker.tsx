import { CalendarOutlined } from '@ant-design/icons'
import { ConfigProvider } from 'antd'
import Input from 'antd/es/input/Input'
import type { RangePickerProps } from 'antd/es/date-picker'
import type { Dayjs } from 'dayjs'
import { lazy, Suspense, useContext, useState } from 'react'

// The picker (rc-picker and dayjs plugins, about 29 KB gzipped) loads when someone reaches for it.
const RangePicker = lazy(() =>
  import('antd/es/date-picker').then((m) => ({ default: m.default.RangePicker })),
)

type Range = [Dayjs | null, Dayjs | null] | null

/**
 * antd's RangePicker for a filter that is not the first thing used: until it is clicked or
 * focused a read-only field with the same placeholders and value stands in for it. Works as a
 * Form.Item's control (value, onChange, id).
 */
export function LazyRangePicker(props: RangePickerProps & { value?: Range; onChange?: (v: Range) => void }) {
  const [active, setActive] = useState<'no' | 'focus' | 'click'>('no')
  const [open, setOpen] = useState(false)
  const { locale } = useContext(ConfigProvider.ConfigContext)
  const [from, to] = locale?.DatePicker?.lang.rangePlaceholder ?? ['Start date', 'End date']
  const format = props.showTime ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD'
  const shown = (d: Dayjs | null | undefined) => (d ? d.format(format) : '')
  const [start, end] = props.value ?? [null, null]
  const standIn = (
    <Input
      readOnly
      id={typeof props.id === 'string' ? props.id : undefined}
      aria-label={props['aria-label' as keyof RangePickerProps] as string | undefined}
      value={start || end ? `${shown(start)} → ${shown(end)}` : ''}
      placeholder={`${from} → ${to}`}
      suffix={<CalendarOutlined style={{ color: 'rgba(0, 0, 0, 0.25)' }} />}
      style={{ width: props.showTime ? 360 : 260, ...props.style }}
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
      <RangePicker
        {...props}
        value={props.value as RangePickerProps['value']}
        onChange={(v) => props.onChange?.(v as Range)}
        autoFocus
        open={open}
        onOpenChange={setOpen}
      />
    </Suspense>
  )
}
