import { GlobalOutlined } from '@ant-design/icons'
import { Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { LANGUAGES, setLanguage, type Language } from '../i18n'

export function LanguageSwitch({ variant = 'outlined' }: { variant?: 'outlined' | 'borderless' }) {
  const { t, i18n } = useTranslation()
  const value: Language = i18n.language === 'en-US' ? 'en-US' : 'zh-CN'
  return (
    <Select<Language>
      data-testid="language-switch"
      aria-label={t('app.language')}
      value={value}
      variant={variant}
      prefix={<GlobalOutlined />}
      style={{ minWidth: 130 }}
      onChange={(lang) => setLanguage(lang)}
      options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
    />
  )
}
