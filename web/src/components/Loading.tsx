import { useTranslation } from 'react-i18next'

/** A spinner that needs no antd, so the sign-in page and the shell can show it before antd loads. */
export function Loading() {
  const { t } = useTranslation()
  return (
    <div className="duban-loading" role="status">
      <span className="duban-spinner" aria-hidden="true" />
      <span>{t('app.loading')}</span>
    </div>
  )
}
