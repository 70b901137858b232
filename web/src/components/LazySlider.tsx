import type { SliderSingleProps } from 'antd'
import { lazy, Suspense, useState } from 'react'
import '../styles/slider.css'

// rc-slider and antd's Slider (about 9 KB gzipped) load when someone reaches for the slider.
const Slider = lazy(() => import('antd/es/slider'))

/**
 * antd's Slider for a setting beside a list: until it is focused or pressed, a drawing of the same
 * rail, track and handle stands in (a slider to assistive technology, reachable with Tab).
 */
export function LazySlider(props: SliderSingleProps & { 'aria-label'?: string }) {
  const [active, setActive] = useState(false)
  const min = props.min ?? 0
  const max = props.max ?? 100
  const value = props.value ?? min
  const pct = `${((value - min) / (max - min || 1)) * 100}%`
  const standIn = (
    <div
      className="duban-slider"
      style={props.style}
      role="slider"
      tabIndex={0}
      aria-label={props['aria-label']}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={value}
      onFocus={() => setActive(true)}
      onMouseDown={() => setActive(true)}
    >
      <div className="duban-slider-rail" />
      <div className="duban-slider-track" style={{ width: pct }} />
      <div className="duban-slider-handle" style={{ left: pct }} />
    </div>
  )
  if (!active) return standIn
  return (
    <Suspense fallback={standIn}>
      <Slider {...props} autoFocus />
    </Suspense>
  )
}
