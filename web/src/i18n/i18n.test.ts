// Both languages complete: every key in one locale is in the other, and every literal key the
// web app passes to t() exists in Chinese (the fallback language).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import enUS from './en-US'
import zhCN from './zh-CN'

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Leaf keys as dotted paths; i18next plural forms (_one, _other…) count as their base key. */
function keys(tree: object, prefix = ''): Set<string> {
  const out = new Set<string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') for (const sub of keys(v, key)) out.add(sub)
    else out.add(key)
  }
  return out
}

const PLURAL = /_(zero|one|two|few|many|other)$/

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(e.name) &&
      !/\.test\.tsx?$/.test(e.name) &&
      !full.includes(`${path.sep}i18n${path.sep}`)
      ? [full]
      : []
  })
}

describe('locales', () => {
  const zh = keys(zhCN)
  const en = keys(enUS)

  it('have the same keys', () => {
    const onlyZh = [...zh].filter((k) => !en.has(k))
    const onlyEn = [...en].filter((k) => !zh.has(k))
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] })
  })

  it('have no empty text', () => {
    const empty = (tree: object) =>
      [...keys(tree)].filter(
        (k) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], tree) === '',
      )
    expect({ zh: empty(zhCN), en: empty(enUS) }).toEqual({ zh: [], en: [] })
  })

  it('hold every literal key the web app uses', () => {
    // t('a.b'), t("a.b"), i18n.t('a.b') and i18nKey="a.b"; keys built at run time (template
    // literals, concatenation) cannot be checked here and are skipped.
    const call = /(?<![\w$])(?:t|i18n\.t)\(\s*(['"])([A-Za-z][\w-]*(?:\.[\w-]+)+)\1/g
    const attr = /i18nKey=(['"])([A-Za-z][\w-]*(?:\.[\w-]+)+)\1/g
    const missing: string[] = []
    for (const file of sourceFiles(SRC)) {
      const text = fs.readFileSync(file, 'utf8')
      for (const re of [call, attr]) {
        for (const m of text.matchAll(re)) {
          const key = m[2]!
          const base = key.replace(PLURAL, '')
          const known =
            zh.has(key) ||
            zh.has(`${key}_other`) ||
            zh.has(`${key}_one`) ||
            zh.has(base) ||
            // a key naming a whole section (returnObjects) is fine too
            [...zh].some((k) => k.startsWith(`${key}.`))
          if (!known) missing.push(`${path.relative(SRC, file)}: ${key}`)
        }
      }
    }
    expect(missing).toEqual([])
  })
})
