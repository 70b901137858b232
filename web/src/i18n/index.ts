import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import zhCN from './zh-CN'

export const LANGUAGES = ['zh-CN', 'en-US'] as const
export type Language = (typeof LANGUAGES)[number]
const STORAGE_KEY = 'duban.lang'

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'en-US' || saved === 'zh-CN') return saved
  } catch {
    // storage unavailable: stay Chinese
  }
  return 'zh-CN'
}

// Only Chinese is in the first download; English is fetched when someone chooses it.
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  partialBundledLanguages: true,
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
})

async function switchTo(lang: Language): Promise<void> {
  if (lang === 'en-US' && !i18n.hasResourceBundle('en-US', 'translation')) {
    const { default: enUS } = await import('./en-US')
    i18n.addResourceBundle('en-US', 'translation', enUS)
  }
  await i18n.changeLanguage(lang)
}

/** Settles once the saved language's texts are loaded; main.tsx renders after it. */
export const i18nReady: Promise<void> = switchTo(initialLanguage()).catch(() => undefined)

export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang)
  } catch {
    // ignore
  }
  void switchTo(lang)
}

export function currentLanguage(): Language {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN'
}

export default i18n
