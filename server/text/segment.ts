// Words for search and similarity: jieba with a procuratorate dictionary, on simplified text.
import { createRequire } from 'node:module'
import { Jieba } from '@node-rs/jieba'

const require = createRequire(import.meta.url)
const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array }

/** Terms jieba's general dictionary splits wrongly in this domain. */
export const DOMAIN_TERMS = [
  '巡视办',
  '巡视组',
  '巡视整改',
  '被巡视单位',
  '整改台账',
  '立行立改',
  '销号',
  '共性问题',
  '成果运用',
  '检察护企',
  '检护民生',
  '重点督办',
  '督办单',
  '序时进度',
  '指导性案例',
  '典型案例',
  '检察委员会',
  '法律监督',
  '公益诉讼',
  '立案监督',
  '侦查活动监督',
  '认罪认罚',
  '全面从严治检',
  '四责协同',
  '纪委监委',
  '组织部门',
  '检察履职',
  '高质效',
  '党纪学习教育',
  '检察官',
  '检察长',
  '最高检',
  '省级院',
]

let jieba: Jieba | null = null
function instance() {
  if (!jieba) {
    jieba = Jieba.withDict(dict)
    jieba.loadDict(Buffer.from(DOMAIN_TERMS.map((t) => `${t} 20000 n`).join('\n')))
  }
  return jieba
}

const STOP = new Set(
  '的 了 和 与 及 等 在 对 把 将 从 以 为 是 有 也 都 要 就 更 好 进一步 各 其 之 中 上 下 做 地 得 着 并 或 而 又 既 还 可 能 会 向 由 于 被 所 这 那 一 个 些 不 没 非 让 使 给 到 去 来 过 后 前 内 外 新 大 小 多 少 最'.split(
    ' ',
  ),
)

/** Meaningful words of a simplified text (search mode: compounds and their parts), no punctuation or function words. */
export function words(text: string): string[] {
  return instance()
    .cutForSearch(text, false)
    .map((w) => w.trim())
    .filter(
      (w) =>
        w.length > 0 &&
        !STOP.has(w) &&
        /\p{Script=Han}|[A-Za-z]{2,}/u.test(w) &&
        !(w.length === 1 && !/\p{Script=Han}/u.test(w)),
    )
}
