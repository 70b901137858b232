// A tile map of China: one square per provincial-level division on a fixed grid (no borders,
// no map geometry, nothing loaded from outside), coloured by the round's rectification status.
import { Flex, Tooltip, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { RoundDashboard, TileStatus } from './api'

type Tile = { code: string; short: string; row: number; col: number }
/** GB/T 2260 two-digit province code, short name and grid position (row, column from the top left). */
export const PROVINCE_TILES: readonly Tile[] = [
  { code: '23', short: '黑', row: 0, col: 7 },
  { code: '66', short: '兵团', row: 1, col: 0 },
  { code: '15', short: '蒙', row: 1, col: 4 },
  { code: '11', short: '京', row: 1, col: 5 },
  { code: '21', short: '辽', row: 1, col: 6 },
  { code: '22', short: '吉', row: 1, col: 7 },
  { code: '65', short: '新', row: 2, col: 0 },
  { code: '62', short: '甘', row: 2, col: 2 },
  { code: '64', short: '宁', row: 2, col: 3 },
  { code: '14', short: '晋', row: 2, col: 4 },
  { code: '13', short: '冀', row: 2, col: 5 },
  { code: '12', short: '津', row: 2, col: 6 },
  { code: '63', short: '青', row: 3, col: 1 },
  { code: '61', short: '陕', row: 3, col: 3 },
  { code: '41', short: '豫', row: 3, col: 4 },
  { code: '37', short: '鲁', row: 3, col: 5 },
  { code: '54', short: '藏', row: 4, col: 0 },
  { code: '51', short: '川', row: 4, col: 1 },
  { code: '50', short: '渝', row: 4, col: 2 },
  { code: '42', short: '鄂', row: 4, col: 3 },
  { code: '34', short: '皖', row: 4, col: 4 },
  { code: '32', short: '苏', row: 4, col: 5 },
  { code: '31', short: '沪', row: 4, col: 6 },
  { code: '53', short: '云', row: 5, col: 1 },
  { code: '52', short: '贵', row: 5, col: 2 },
  { code: '43', short: '湘', row: 5, col: 3 },
  { code: '36', short: '赣', row: 5, col: 4 },
  { code: '33', short: '浙', row: 5, col: 5 },
  { code: '45', short: '桂', row: 6, col: 2 },
  { code: '44', short: '粤', row: 6, col: 3 },
  { code: '35', short: '闽', row: 6, col: 4 },
  { code: '71', short: '台', row: 6, col: 6 },
  { code: '46', short: '琼', row: 7, col: 2 },
  { code: '82', short: '澳', row: 7, col: 3 },
  { code: '81', short: '港', row: 7, col: 4 },
]

export const TILE_COLORS: Record<TileStatus | 'none', string> = {
  none: '#e8e8e8',
  not_fed_back: '#91caff',
  overdue: '#cf1322',
  rectifying: '#fa8c16',
  closed: '#389e0d',
}
const LEGEND: (TileStatus | 'none')[] = ['closed', 'rectifying', 'overdue', 'not_fed_back', 'none']

export function TileMap({
  tiles,
  onOpen,
}: {
  tiles: RoundDashboard['tiles']
  onOpen: (tile: RoundDashboard['tiles'][number]) => void
}) {
  const { t } = useTranslation()
  const byCode = new Map(tiles.map((x) => [x.code, x]))
  const rows = Math.max(...PROVINCE_TILES.map((p) => p.row)) + 1
  const cols = Math.max(...PROVINCE_TILES.map((p) => p.col)) + 1
  return (
    <div data-testid="tile-map">
      <div
        role="list"
        aria-label={t('dashboards.round.tileMap')}
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${rows}, auto)`,
          gap: 4,
          maxWidth: 480,
          margin: '0 auto',
        }}
      >
        {PROVINCE_TILES.map((p) => {
          const tile = byCode.get(p.code)
          const status = tile?.status ?? 'none'
          const label = tile
            ? t('dashboards.round.tileLabel', {
                name: tile.name,
                status: t(`dashboards.tileStatus.${status}`),
                total: tile.total,
                closed: tile.closed,
                overdue: tile.overdue,
              })
            : t('dashboards.round.tileNone', { name: p.short })
          const style = {
            gridRow: p.row + 1,
            gridColumn: p.col + 1,
            aspectRatio: '1',
            display: 'flex',
            flexDirection: 'column' as const,
            alignItems: 'center',
            justifyContent: 'center',
            borderRadius: 4,
            border: 'none',
            padding: 0,
            fontSize: p.short.length > 1 ? 11 : 14,
            lineHeight: 1.1,
            background: TILE_COLORS[status],
            color: tile ? '#fff' : '#8c8c8c',
            cursor: tile ? 'pointer' : 'default',
          }
          return (
            <Tooltip key={p.code} title={label}>
              {tile ? (
                <button
                  type="button"
                  role="listitem"
                  aria-label={label}
                  data-testid={`tile-${p.code}`}
                  data-status={status}
                  style={style}
                  onClick={() => onOpen(tile)}
                >
                  <span style={{ fontWeight: 600 }}>{p.short}</span>
                  {tile.total > 0 && (
                    <span style={{ fontSize: 10 }}>{Math.round((100 * tile.closed) / tile.total)}%</span>
                  )}
                </button>
              ) : (
                <div
                  role="listitem"
                  aria-label={label}
                  data-testid={`tile-${p.code}`}
                  data-status="none"
                  style={style}
                >
                  {p.short}
                </div>
              )}
            </Tooltip>
          )
        })}
      </div>
      <Flex wrap gap={12} justify="center" style={{ marginTop: 12 }}>
        {LEGEND.map((s) => (
          <Flex key={s} align="center" gap={4}>
            <span
              style={{
                width: 12,
                height: 12,
                borderRadius: 2,
                background: TILE_COLORS[s],
                display: 'inline-block',
              }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`dashboards.tileStatus.${s}`)}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
    </div>
  )
}
