import { FileWordOutlined, PlusOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Flex, Input, Select, Space, Table, Upload } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useAuth } from '../../auth/auth'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { ForbiddenPage } from '../ErrorPages'
import { casesApi, type CaseDto, type CaseQueryParams, type CaseStatus } from './api'
import { CaseFormModal } from './CaseFormModal'
import {
  batchColumn,
  caseColumns,
  caseKeys,
  KindDomainFilters,
  STATUS_LIST,
  StatusTag,
  useCountColumn,
} from './labels'
import { Panel } from '../../components/Panel'
import { paging } from '../../lib/paging'

const PAGE_SIZE = 20

/** Editors' and reviewers' list of cases in every status, with filters and the "新建案例" form. */
export default function ManagePage() {
  const { t } = useTranslation()
  const { can } = useAuth()
  const navigate = useNavigate()
  const [creating, setCreating] = useState(false)
  const [query, setQuery] = useState<CaseQueryParams>({ page: 1, pageSize: PAGE_SIZE })
  const allowed = can('case.write') || can('case.review')
  const { message } = useFeedback()
  const qc = useQueryClient()
  const importDocx = useMutation({
    mutationFn: (file: File) => casesApi.importDocx(file),
    onSuccess: async (result) => {
      await qc.invalidateQueries({ queryKey: caseKeys.all })
      message.success(t('cases.import.done', { title: result.case.title }))
      navigate(`/cases/${result.case.id}`, { state: { imported: result } })
    },
    onError: (e) => message.error(t('cases.import.failed', { message: errorText(e, t) })),
  })
  const list = useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: ({ signal }) => casesApi.list(query, signal),
    placeholderData: keepPreviousData,
    enabled: allowed,
  })
  if (!allowed) return <ForbiddenPage />
  const filter = (changes: Partial<CaseQueryParams>) => setQuery((q) => ({ ...q, ...changes, page: 1 }))

  return (
    <div data-testid="case-manage-page">
      <PageHeader
        title={t('cases.manage.title')}
        extra={
          can('case.write') && (
            <Space wrap>
              <Upload
                accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                showUploadList={false}
                maxCount={1}
                beforeUpload={(file) => {
                  importDocx.mutate(file)
                  return false
                }}
              >
                <Button
                  icon={<FileWordOutlined />}
                  loading={importDocx.isPending}
                  title={t('cases.import.hint')}
                  data-testid="case-import"
                >
                  {t('cases.import.button')}
                </Button>
              </Upload>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="case-create"
              >
                {t('cases.manage.create')}
              </Button>
            </Space>
          )
        }
      />
      <Panel>
        <Flex wrap gap={8} style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('cases.manage.searchTitle')}
            aria-label={t('cases.manage.searchTitle')}
            style={{ width: 240 }}
            onSearch={(v) => filter({ q: v.trim() || undefined })}
          />
          <KindDomainFilters kind={query.kind} domain={query.domain} onChange={filter} />
          <Select<CaseStatus>
            allowClear
            placeholder={t('cases.fields.status')}
            aria-label={t('cases.fields.status')}
            style={{ width: 160 }}
            value={query.status}
            onChange={(status) => filter({ status })}
            options={STATUS_LIST.map((s) => ({ value: s, label: t(`cases.statuses.${s}`) }))}
          />
          <Select<'true' | 'false'>
            allowClear
            placeholder={t('cases.usage.filter')}
            aria-label={t('cases.usage.filter')}
            style={{ width: 140 }}
            value={query.used}
            onChange={(used) => filter({ used })}
            options={[
              { value: 'true', label: t('cases.usage.used') },
              { value: 'false', label: t('cases.usage.unused') },
            ]}
            data-testid="case-used-filter"
          />
        </Flex>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<CaseDto>
            rowKey="id"
            data-testid="cases-table"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('cases.manage.none')} /> }}
            pagination={paging(t, {
              page: query.page,
              pageSize: PAGE_SIZE,
              total: list.data?.total,
              fixedSize: true,
              onChange: (page) => setQuery((q) => ({ ...q, page })),
            })}
            onRow={(c) =>
              ({
                'data-testid': `case-row-${c.title}`,
                style: { cursor: 'pointer' },
                onClick: () => navigate(`/cases/${c.id}`),
              }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              ...caseColumns(t),
              {
                title: t('cases.fields.status'),
                key: 'status',
                width: 130,
                render: (_, c) => <StatusTag status={c.status} />,
              },
              {
                title: t('cases.fields.sourceUnit'),
                dataIndex: 'sourceUnitName',
                key: 'unit',
                width: 180,
                ellipsis: true,
              },
              batchColumn(t),
              useCountColumn(t),
              {
                title: t('cases.fields.createdAt'),
                key: 'createdAt',
                width: 170,
                render: (_, c) => formatTime(c.createdAt),
              },
            ]}
          />
        )}
      </Panel>
      <CaseFormModal
        editing={null}
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => navigate(`/cases/${c.id}`)}
      />
    </div>
  )
}
