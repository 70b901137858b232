import { Flex, Typography } from 'antd'
import type { ReactNode } from 'react'
import { usePageTitle } from '../lib/usePageTitle'

/** The page's heading, which also sets the browser title. */
export function PageHeader({ title, extra }: { title: string; extra?: ReactNode }) {
  usePageTitle(title)
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra}
    </Flex>
  )
}
