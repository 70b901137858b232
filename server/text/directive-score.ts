import { simplifyInPlace } from './normalize'
import type { Directive } from './directives'

/** Precision and recall of extracted directives against labelled ones (a label matches the directive that contains it). */
export function scoreDirectives(found: Directive[], gold: string[]) {
  const texts = found.map((d) => simplifyInPlace(d.text).replace(/[,，]/g, '，'))
  const hit = gold.filter((g) => texts.some((t) => t.includes(g)))
  const correct = texts.filter((t) => gold.some((g) => t.includes(g)))
  return {
    found: found.length,
    labelled: gold.length,
    precision: found.length ? correct.length / found.length : 1,
    recall: gold.length ? hit.length / gold.length : 1,
    missed: gold.filter((g) => !hit.includes(g)),
    extra: texts.filter((t) => !gold.some((g) => t.includes(g))),
  }
}
