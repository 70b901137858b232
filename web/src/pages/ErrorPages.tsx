import { Button } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { usePageTitle } from '../lib/usePageTitle'
import { Result } from '../components/LazyResult'

export function ForbiddenPage() {
  const { t } = useTranslation()
  usePageTitle(t('errors.forbiddenTitle'))
  return (
    <Result
      status="403"
      title="403"
      subTitle={<span data-testid="forbidden">{t('errors.forbidden')}</span>}
      extra={
        <Link to="/">
          <Button type="primary">{t('errors.backHome')}</Button>
        </Link>
      }
    />
  )
}

export function NotFoundPage() {
  const { t } = useTranslation()
  usePageTitle(t('errors.notFoundTitle'))
  return (
    <Result
      status="404"
      title="404"
      subTitle={<span data-testid="not-found">{t('errors.notFound')}</span>}
      extra={
        <Link to="/">
          <Button type="primary">{t('errors.backHome')}</Button>
        </Link>
      }
    />
  )
}
