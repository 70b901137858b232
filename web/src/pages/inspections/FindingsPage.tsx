import { Card } from 'antd'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '../../components/PageHeader'
import { FindingList } from './FindingList'

export default function FindingsPage() {
  const { t } = useTranslation()
  return (
    <div data-testid="findings-page">
      <PageHeader title={t('findings.title')} />
      <Card>
        <FindingList scopeFilters />
      </Card>
    </div>
  )
}
