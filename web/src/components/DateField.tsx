import type { DatePickerProps } from 'antd'
import type { RangePickerProps } from 'antd/es/date-picker'
import { lazy, Suspense, type ComponentType } from 'react'

// rc-picker and the dayjs plugins (about 29 KB gzipped) load when a form with a date first shows.
const DatePicker = lazy(() =>
  import('antd/es/date-picker').then((m) => ({ default: m.default as ComponentType<DatePickerProps> })),
)
const RangePicker = lazy(() =>
  import('antd/es/date-picker').then((m) => ({ default: m.default.RangePicker })),
)

/**
 * antd's DatePicker for a date inside a dialog or drawer form: the picker loads when the form first
 * shows, not with the page. Takes Form.Item's value, onChange and id like the picker itself.
 */
export function DateField(props: DatePickerProps) {
  return (
    <Suspense fallback={null}>
      <DatePicker {...props} />
    </Suspense>
  )
}

/** antd's RangePicker, loaded like DateField. */
export function RangeField(props: RangePickerProps) {
  return (
    <Suspense fallback={null}>
      <RangePicker {...props} />
    </Suspense>
  )
}
