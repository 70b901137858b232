import type { TFunction } from 'i18next'

/**
 * A list's pagination as every list page shows it: the page and size asked for, the total
 * ("共 N 条"), and a size changer unless the page's size is fixed. For a Table's `pagination`,
 * or spread onto a Pagination.
 */
export function paging(
  t: TFunction,
  p: {
    page: number | undefined
    pageSize: number | undefined
    total: number | undefined
    fixedSize?: boolean
    onChange?: (page: number, pageSize: number) => void
  },
) {
  return {
    current: p.page,
    pageSize: p.pageSize,
    total: p.total ?? 0,
    showSizeChanger: !p.fixedSize,
    showTotal: (total: number) => t('common.total', { total }),
    ...(p.onChange && { onChange: p.onChange }),
  }
}
