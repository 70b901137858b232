import { useTranslation } from 'react-i18next'
import { useAuth } from '../../auth/auth'
import { PageHeader } from '../../components/PageHeader'
import { Panel } from '../../components/Panel'
import { FindingList } from './FindingList'

export default function FindingsPage() {
  const { t } = useTranslation()
  const { can } = useAuth()
  return (
    <div data-testid="findings-page">
      <PageHeader title={t('findings.title')} />
      <Panel>
        <FindingList scopeFilters selectable={can('inspection.manage')} />
      </Panel>
    </div>
  )
}
