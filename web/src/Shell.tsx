// The signed-in application: antd's providers (theme, locale) and messages and dialogs around
// AppLayout. Loaded lazily from App.tsx so the sign-in page never downloads antd.
import { ConfigProvider } from 'antd'
import type { Locale } from 'antd/es/locale'
import zhCNLocale from 'antd/es/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FeedbackProvider } from './components/feedback'
import AppLayout from './pages/AppLayout'
import './styles/print.css'

// antd's default greys and link blue fall below WCAG AA contrast (4.5:1) on white and on the
// light backgrounds; these keep the look and pass (checked by e2e/a11y.e2e.test.ts).
const THEME = {
  token: {
    colorPrimary: '#a8071a',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorTextTertiary: '#666666',
    colorTextDescription: '#666666',
    colorTextPlaceholder: '#6b6b6b',
    colorSuccessText: '#237804',
    colorWarningText: '#ad4e00',
  },
  components: {
    // Light tags: text one shade darker than antd's (its -7 shades fail on their pale fills).
    Tag: {
      colorSuccess: '#237804',
      colorInfo: '#003eb3',
      colorWarning: '#ad4e00',
      colorError: '#a8071a',
      blue7: '#003eb3',
      purple7: '#391085',
      cyan7: '#006d75',
      green7: '#237804',
      magenta7: '#9e1068',
      pink7: '#9e1068',
      red7: '#a8071a',
      orange7: '#ad4e00',
      yellow7: '#876800',
      volcano7: '#ad2102',
      geekblue7: '#10239e',
      lime7: '#3f6600',
      gold7: '#874d00',
    },
    // The "no data" text of an empty table
    Table: { colorTextDisabled: '#666666' },
  },
}

export default function Shell() {
  const { i18n } = useTranslation()
  const english = i18n.language === 'en-US'
  const [enLocale, setEnLocale] = useState<Locale | null>(null)

  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn')
    if (english && !enLocale) void import('antd/es/locale/en_US').then((m) => setEnLocale(m.default))
  }, [english, enLocale])

  return (
    <ConfigProvider locale={english && enLocale ? enLocale : zhCNLocale} theme={THEME}>
      <FeedbackProvider>
        <AppLayout />
      </FeedbackProvider>
    </ConfigProvider>
  )
}
