// Precision and recall of the directive extractor against the labelled fixtures:
// the 2024-07-09 meeting text and a second text in the enumerated style (一是…二是…).
//   npx tsx bench/directives.ts
import fs from 'node:fs'
import path from 'node:path'
import { scoreDirectives } from '../server/text/directive-score'
import { extractDirectives } from '../server/text/directives'

const dir = path.join(import.meta.dirname, '..', 'server', 'test', 'fixtures')
const gold = JSON.parse(fs.readFileSync(path.join(dir, 'directives.json'), 'utf8')) as Record<
  string,
  string[]
>
console.log('text                        labelled  found  precision  recall   time')
for (const [file, labels] of Object.entries(gold)) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8')
  const t0 = performance.now()
  const { directives } = extractDirectives(text)
  const ms = performance.now() - t0
  const s = scoreDirectives(directives, labels)
  console.log(
    `${file.padEnd(28)}${String(s.labelled).padStart(8)}${String(s.found).padStart(7)}${s.precision.toFixed(2).padStart(11)}${s.recall.toFixed(2).padStart(8)}${ms.toFixed(1).padStart(8)} ms`,
  )
  for (const m of s.missed) console.log(`  missed: ${m}`)
  for (const e of s.extra) console.log(`  extra:  ${e.slice(0, 40)}`)
}
