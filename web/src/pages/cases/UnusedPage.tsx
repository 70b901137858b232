import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Empty, Flex, Input, Segmented, Table, Typography } from 'antd'
import { type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { casesApi, type CaseDomain, type CaseDto, type CaseKind, type CaseQueryParams } from './api'
import { batchColumn, caseColumns, KindDomainFilters, useCountColumn } from './labels'
import { Panel } from '../../components/Panel'
import { paging } from '../../lib/paging'

const PAGE_SIZE = 20

/** 未被使用的案例: published cases no unit has recorded studying or citing yet (or, switched, those that were). */
export default function UnusedPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const used = params.get('used') === 'true' ? 'true' : 'false'
  const query: CaseQueryParams = {
    status: 'published',
    used,
    kind: (params.get('kind') as CaseKind | null) ?? undefined,
    domain: (params.get('domain') as CaseDomain | null) ?? undefined,
    q: params.get('q') ?? undefined,
    page: Number(params.get('page')) || 1,
    pageSize: PAGE_SIZE,
  }
  const list = useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: ({ signal }) => casesApi.list(query, signal),
    placeholderData: keepPreviousData,
  })
  const update = (changes: Record<string, string | null | undefined>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) {
      if (v == null || v === '') next.delete(k)
      else next.set(k, v)
    }
    if (!('page' in changes)) next.delete('page')
    setParams(next)
  }

  return (
    <div data-testid="case-unused-page">
      <PageHeader title={t('cases.usage.title')} />
      <Panel>
        <Typography.Paragraph type="secondary">{t('cases.usage.intro')}</Typography.Paragraph>
        <Flex wrap gap={8} style={{ marginBottom: 16 }}>
          <Segmented<string>
            value={used}
            onChange={(v) => update({ used: v === 'true' ? 'true' : null })}
            options={[
              { value: 'false', label: t('cases.usage.unusedView') },
              { value: 'true', label: t('cases.usage.usedView') },
            ]}
            data-testid="case-usage-switch"
          />
          <Input.Search
            allowClear
            defaultValue={query.q}
            placeholder={t('cases.manage.searchTitle')}
            aria-label={t('cases.manage.searchTitle')}
            style={{ width: 220 }}
            onSearch={(v) => update({ q: v.trim() || null })}
          />
          <KindDomainFilters kind={query.kind} domain={query.domain} onChange={update} />
        </Flex>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<CaseDto>
            rowKey="id"
            data-testid="case-usage-table"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            locale={{
              emptyText: (
                <Empty
                  description={used === 'true' ? t('cases.usage.noneUsed') : t('cases.usage.noneUnused')}
                />
              ),
            }}
            pagination={paging(t, {
              page: query.page,
              pageSize: PAGE_SIZE,
              total: list.data?.total,
              fixedSize: true,
              onChange: (page) => update({ page: String(page) }),
            })}
            onRow={(c) =>
              ({
                style: { cursor: 'pointer' },
                onClick: () => navigate(`/cases/${c.id}`),
              }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              ...caseColumns(t),
              batchColumn(t),
              {
                title: t('cases.fields.publishedAt'),
                key: 'publishedAt',
                width: 170,
                render: (_, c) => (c.publishedAt ? formatTime(c.publishedAt) : '—'),
              },
              useCountColumn(t),
            ]}
          />
        )}
      </Panel>
    </div>
  )
}
