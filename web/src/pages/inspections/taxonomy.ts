import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { taxonomyApi, type CategoryDto } from '../../api/endpoints'

export const TAXONOMY_KEY = ['taxonomy'] as const

export interface CategoryNode extends CategoryDto {
  children?: CategoryNode[]
}

/** The two-level taxonomy as a tree, sorted, plus lookups by id. */
export function useTaxonomy() {
  const query = useQuery({ queryKey: TAXONOMY_KEY, queryFn: taxonomyApi.list, staleTime: 60_000 })
  const derived = useMemo(() => {
    const all = [...(query.data ?? [])].sort(
      (a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code),
    )
    const byId = new Map(all.map((c) => [c.id, c]))
    const tops: CategoryNode[] = all.filter((c) => !c.parentId).map((c) => ({ ...c }))
    for (const top of tops) {
      const kids = all.filter((c) => c.parentId === top.id)
      if (kids.length) top.children = kids
    }
    /** The top-level category an id belongs to (itself when it is one). */
    const topOf = (id: string) => {
      const c = byId.get(id)
      return c?.parentId ? (byId.get(c.parentId) ?? c) : c
    }
    return { all, byId, tops, topOf }
  }, [query.data])
  return { ...query, ...derived }
}

/** TreeSelect data: top-level categories hold their sub-categories. */
export function categoryTreeData(tops: CategoryNode[], opts: { activeOnly?: boolean; leavesOnly?: boolean }) {
  return tops
    .filter((c) => !opts.activeOnly || c.active)
    .map((c) => ({
      value: c.id,
      title: `${c.code} ${c.name}`,
      selectable: !opts.leavesOnly || !c.children?.length,
      children: (c.children ?? [])
        .filter((k) => !opts.activeOnly || k.active)
        .map((k) => ({ value: k.id, title: `${k.code} ${k.name}` })),
    }))
}
