import { CloseOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Col, Empty, Flex, Input, List, Pagination, Row, Segmented, Space, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import {
  casesApi,
  type CaseDomain,
  type CaseKind,
  type FacetName,
  type SearchHit,
  type SearchParams,
} from './api'
import { DomainTag, Highlighted, KindTag, NumberLabel, UseBadge } from './labels'
import { Panel } from '../../components/Panel'
import { paging } from '../../lib/paging'

const FACETS: FacetName[] = ['kind', 'domain', 'year', 'batchId', 'keyword', 'law']
const PAGE_SIZE = 10
/** How many values a facet shows (the server counts them all). */
const FACET_LIMIT = 12

/** The case library: full-text search over published cases, with facet counts to narrow it. */
export default function SearchPage() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const q = params.get('q')?.trim() ?? ''
  const page = Number(params.get('page')) || 1
  const query: SearchParams = {
    q,
    kind: (params.get('kind') as CaseKind | null) ?? undefined,
    domain: (params.get('domain') as CaseDomain | null) ?? undefined,
    year: params.get('year') ? Number(params.get('year')) : undefined,
    keyword: params.get('keyword') ?? undefined,
    law: params.get('law') ?? undefined,
    batchId: params.get('batchId') ?? undefined,
    used: (params.get('used') as 'true' | 'false' | null) ?? undefined,
    page,
    pageSize: PAGE_SIZE,
  }
  const result = useQuery({
    queryKey: ['cases', 'search', query],
    queryFn: ({ signal }) => casesApi.search(query, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  })

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k)
      else next.set(k, v)
    }
    if (!('page' in changes)) next.delete('page')
    setParams(next)
  }
  const submit = (value: string) => {
    const text = value.trim()
    // A new query starts over: no filters, first page.
    setParams(text ? new URLSearchParams({ q: text }) : new URLSearchParams())
  }
  const facetLabel = (facet: FacetName, value: string) =>
    facet === 'kind'
      ? t(`cases.kinds.${value}`, { defaultValue: value })
      : facet === 'domain'
        ? t(`cases.domains.${value}`, { defaultValue: value })
        : facet === 'batchId'
          ? (result.data?.batchNames[value] ?? value)
          : value
  const active = FACETS.filter((f) => params.get(f))
  const data = result.data

  return (
    <div data-testid="case-search-page">
      <PageHeader title={t('cases.search.title')} />
      <Panel style={{ marginBottom: 16 }}>
        <Input.Search
          key={q}
          defaultValue={q}
          size="large"
          allowClear
          enterButton={t('cases.search.submit')}
          placeholder={t('cases.search.placeholder')}
          aria-label={t('cases.search.title')}
          onSearch={submit}
          loading={result.isFetching}
          data-testid="case-search-input"
        />
        <Flex wrap gap={8} align="center" style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('cases.usage.filter')}</Typography.Text>
          <Segmented<string>
            size="small"
            value={params.get('used') ?? 'all'}
            onChange={(v) => update({ used: v === 'all' ? null : v })}
            options={[
              { value: 'all', label: t('cases.usage.all') },
              { value: 'true', label: t('cases.usage.used') },
              { value: 'false', label: t('cases.usage.unused') },
            ]}
            data-testid="case-search-used"
          />
        </Flex>
        {active.length > 0 && (
          <Flex wrap gap={8} align="center" style={{ marginTop: 12 }} data-testid="case-search-filters">
            <Typography.Text type="secondary">{t('cases.search.filters')}</Typography.Text>
            {active.map((f) => (
              <Tag key={f} closable closeIcon={<CloseOutlined />} onClose={() => update({ [f]: null })}>
                {t(`cases.search.facets.${f}`)}：{facetLabel(f, params.get(f)!)}
              </Tag>
            ))}
            <Typography.Link
              onClick={() => update(Object.fromEntries(FACETS.map((f) => [f, null])))}
              data-testid="case-search-clear"
            >
              {t('cases.search.clear')}
            </Typography.Link>
          </Flex>
        )}
      </Panel>

      {!q ? (
        <Panel>
          <Empty description={t('cases.search.prompt')} data-testid="case-search-prompt" />
        </Panel>
      ) : result.isError ? (
        <Panel>
          <Empty description={errorText(result.error, t)} />
        </Panel>
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={7}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="case-facets">
              {FACETS.map((f) => {
                const counts = Object.entries(data?.facets[f] ?? {})
                  .sort((a, b) => (f === 'year' ? b[0].localeCompare(a[0]) : b[1] - a[1]))
                  .slice(0, FACET_LIMIT)
                return (
                  <Panel
                    key={f}
                    size="small"
                    title={t(`cases.search.facets.${f}`)}
                    data-testid={`facet-${f}`}
                  >
                    {counts.length === 0 ? (
                      <Typography.Text type="secondary">—</Typography.Text>
                    ) : (
                      <Flex wrap gap={6}>
                        {counts.map(([value, count]) => (
                          <Tag.CheckableTag
                            key={value}
                            checked={params.get(f) === value}
                            onChange={(on) => update({ [f]: on ? value : null })}
                            data-testid={`facet-${f}-${value}`}
                          >
                            {facetLabel(f, value)} ({count})
                          </Tag.CheckableTag>
                        ))}
                      </Flex>
                    )}
                  </Panel>
                )
              })}
            </Space>
          </Col>
          <Col xs={24} lg={17}>
            <Panel
              title={data ? t('cases.search.total', { total: data.total }) : t('app.loading')}
              extra={
                data?.terms.length ? (
                  <Typography.Text type="secondary" data-testid="case-search-terms">
                    {t('cases.search.terms', { terms: data.terms.join(' ') })}
                  </Typography.Text>
                ) : null
              }
            >
              <List<SearchHit>
                loading={result.isPending || result.isFetching}
                dataSource={data?.items ?? []}
                locale={{
                  emptyText: <Empty description={t('cases.search.none')} data-testid="case-search-empty" />,
                }}
                data-testid="case-search-results"
                renderItem={(hit) => <HitItem hit={hit} />}
              />
              {data && data.total > PAGE_SIZE && (
                <Flex justify="end" style={{ marginTop: 16 }}>
                  <Pagination
                    {...paging(t, { page, pageSize: PAGE_SIZE, total: data.total, fixedSize: true })}
                    onChange={(p) => update({ page: String(p) })}
                    data-testid="case-search-pagination"
                  />
                </Flex>
              )}
            </Panel>
          </Col>
        </Row>
      )}
    </div>
  )
}

function HitItem({ hit }: { hit: SearchHit }) {
  return (
    <List.Item data-testid="case-hit">
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <Flex wrap gap={8} align="center">
          <Link
            to={`/cases/${hit.id}`}
            data-testid="case-hit-title"
            style={{ fontSize: 16, fontWeight: 500 }}
          >
            {hit.title}
          </Link>
          <NumberLabel label={hit.numberLabel} />
          <KindTag kind={hit.kind} />
          <DomainTag domain={hit.domain} />
          <UseBadge count={hit.useCount} />
        </Flex>
        <Typography.Paragraph style={{ margin: 0 }} type="secondary">
          <Highlighted text={hit.snippet} highlights={hit.highlights} />
        </Typography.Paragraph>
        {hit.keywords.length > 0 && (
          <Flex wrap gap={4}>
            {hit.keywords.map((k) => (
              <Tag key={k} bordered={false}>
                {k}
              </Tag>
            ))}
          </Flex>
        )}
      </Space>
    </List.Item>
  )
}
