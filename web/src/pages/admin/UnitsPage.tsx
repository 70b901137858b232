import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Popconfirm, Space, Table, Tag, Tooltip, type TableProps } from 'antd'
// Input.Search alone: the Input namespace would bring TextArea, Password and OTP to the list.
import Search from 'antd/es/input/Search'
import { useFeedback } from '../../components/feedback'
import { lazy, useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { unitsApi, type UnitDto } from '../../api/endpoints'
import { Deferred } from '../../components/Deferred'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { Panel } from '../../components/Panel'
import { paging } from '../../lib/paging'

type UnitRow = UnitDto & { children?: UnitRow[] }
type Sort = 'code' | 'name'
const LEVEL_COLORS: Record<string, string> = {
  supreme: 'red',
  provincial: 'volcano',
  municipal: 'gold',
  county: 'blue',
}
const CHILD_PAGE = 200
// The create and edit dialogs (Modal, Form) load when one is first opened.
const UnitForms = lazy(() => import('./UnitForms'))

export default function UnitsPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [sort, setSort] = useState<Sort>('code')
  const [children, setChildren] = useState<Record<string, UnitDto[]>>({})
  const [expanded, setExpanded] = useState<string[]>([])
  const [loadingIds, setLoadingIds] = useState<string[]>([])
  const [creating, setCreating] = useState<UnitDto | null>(null)
  const [editing, setEditing] = useState<UnitDto | null>(null)

  const searching = q.trim().length > 0
  const root = useQuery({
    queryKey: ['units', 'root', sort],
    queryFn: () => unitsApi.list({ sort, pageSize: CHILD_PAGE }),
    enabled: !searching,
  })
  const search = useQuery({
    queryKey: ['units', 'search', q, sort, page, pageSize],
    queryFn: () => unitsApi.list({ q: q.trim(), sort, page, pageSize }),
    enabled: searching,
    placeholderData: (prev) => prev,
  })

  const loadChildren = useCallback(
    async (parentId: string) => {
      setLoadingIds((ids) => [...ids, parentId])
      try {
        const res = await qc.fetchQuery({
          queryKey: ['units', 'children', parentId, sort],
          queryFn: () => unitsApi.list({ parentId, sort, pageSize: CHILD_PAGE }),
          staleTime: 0,
        })
        setChildren((m) => ({ ...m, [parentId]: res.items }))
      } catch (e) {
        message.error(errorText(e, t))
      } finally {
        setLoadingIds((ids) => ids.filter((i) => i !== parentId))
      }
    },
    [qc, sort, message, t],
  )

  /** After a change under `parentId`, reload that level (or the root) and the parent's child count. */
  const refreshAround = useCallback(
    async (parentId: string | null) => {
      await qc.invalidateQueries({ queryKey: ['units', 'root'] })
      await qc.invalidateQueries({ queryKey: ['units', 'search'] })
      await qc.invalidateQueries({ queryKey: ['units', 'picker'] })
      if (parentId) {
        await loadChildren(parentId)
        const grand = Object.entries(children).find(([, list]) => list.some((u) => u.id === parentId))
        if (grand) await loadChildren(grand[0])
      }
    },
    [qc, loadChildren, children],
  )

  const treeData = useMemo<UnitRow[]>(() => {
    const build = (u: UnitDto): UnitRow =>
      u.childCount > 0 || children[u.id]?.length
        ? { ...u, children: (children[u.id] ?? []).map(build) }
        : { ...u }
    return (root.data?.items ?? []).map(build)
  }, [root.data, children])

  const remove = async (u: UnitDto) => {
    try {
      await unitsApi.remove(u.id)
      message.success(t('common.deleted'))
      await refreshAround(u.parentId)
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const columns: TableProps<UnitRow>['columns'] = [
    {
      title: t('units.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sort === 'name' ? 'ascend' : null,
    },
    {
      title: t('units.code'),
      dataIndex: 'code',
      key: 'code',
      width: 130,
      sorter: true,
      sortOrder: sort === 'code' ? 'ascend' : null,
    },
    {
      title: t('units.shortName'),
      dataIndex: 'shortName',
      key: 'shortName',
      width: 140,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('units.level'),
      dataIndex: 'level',
      key: 'level',
      width: 100,
      render: (v: string) => <Tag color={LEVEL_COLORS[v]}>{t(`levels.${v}`, { defaultValue: v })}</Tag>,
    },
    { title: t('units.children'), dataIndex: 'childCount', key: 'childCount', width: 100 },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_, u) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setCreating(u)}
            data-testid={`unit-create-child-${u.code}`}
          >
            {t('units.createChild')}
          </Button>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: u.name })}
            description={t('common.irreversible')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(u)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ]

  const onTableChange: TableProps<UnitRow>['onChange'] = (pagination, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter
    const next: Sort =
      s?.order && (s.columnKey === 'name' || s.columnKey === 'code') ? (s.columnKey as Sort) : 'code'
    if (next !== sort) {
      setSort(next)
      setChildren({})
      setExpanded([])
    }
    if (searching) {
      setPage(pagination.current ?? 1)
      setPageSize(pagination.pageSize ?? 20)
    }
  }

  const current = searching ? search : root
  return (
    <div>
      <PageHeader
        title={t('units.title')}
        extra={
          <Space>
            <Search
              allowClear
              placeholder={t('units.searchPlaceholder')}
              aria-label={t('units.searchPlaceholder')}
              onSearch={(v) => {
                setQ(v)
                setPage(1)
              }}
              style={{ width: 280 }}
              enterButton={t('common.search')}
              data-testid="unit-search"
            />
            <Tooltip title={t('common.refresh')}>
              <Button
                icon={<ReloadOutlined />}
                aria-label={t('common.refresh')}
                onClick={() => {
                  setChildren({})
                  setExpanded([])
                  void qc.invalidateQueries({ queryKey: ['units'] })
                }}
              />
            </Tooltip>
          </Space>
        }
      />
      <Panel title={searching ? t('units.searchResult') : t('units.treeView')}>
        {current.isError ? (
          <Empty description={errorText(current.error, t)} />
        ) : (
          <Table<UnitRow>
            rowKey="id"
            size="middle"
            data-testid="units-table"
            loading={current.isFetching || loadingIds.length > 0}
            columns={columns}
            dataSource={searching ? (search.data?.items ?? []) : treeData}
            onChange={onTableChange}
            locale={{ emptyText: <Empty description={t('common.empty')} /> }}
            expandable={
              searching
                ? undefined
                : {
                    expandedRowKeys: expanded,
                    onExpand: (open, record) => {
                      setExpanded((keys) =>
                        open ? [...keys, record.id] : keys.filter((k) => k !== record.id),
                      )
                      if (open && !children[record.id]) void loadChildren(record.id)
                    },
                  }
            }
            pagination={searching ? paging(t, { page, pageSize, total: search.data?.total }) : false}
          />
        )}
      </Panel>

      <Deferred when={creating !== null || editing !== null}>
        <UnitForms
          creating={creating}
          editing={editing}
          onClose={() => {
            setCreating(null)
            setEditing(null)
          }}
          onCreated={(parentId) =>
            setExpanded((keys) => (keys.includes(parentId) ? keys : [...keys, parentId]))
          }
          refreshAround={refreshAround}
        />
      </Deferred>
    </div>
  )
}
