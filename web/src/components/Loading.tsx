import { Flex, Spin } from 'antd'
import { useTranslation } from 'react-i18next'

export function Loading() {
  const { t } = useTranslation()
  return (
    <Flex align="center" justify="center" style={{ minHeight: 240, height: '100%' }}>
      <Spin description={t('app.loading')} />
    </Flex>
  )
}
