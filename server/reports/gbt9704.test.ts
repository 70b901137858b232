import { describe, expect, it } from 'vitest'
import { renderChart } from './charts'
import { docxParts, docxText } from './docx-text'
import { GBT, OfficialDocument, chineseNumber, issuingDate } from './gbt9704'

async function sample() {
  const doc = new OfficialDocument({ title: '关于测试情况的\n报告', addressee: '院党组' })
  doc.paragraph('现将有关情况报告如下。')
  doc.h1('总体情况').h2('第一部分', '正文。').h3('要点', '说明。').h4('细节', '说明。')
  doc.h2('第二部分')
  doc.h1('下一步工作')
  doc.table({
    caption: '统计',
    columns: [{ title: '单位', width: 3 }, { title: '数量' }],
    rows: [['天津', 3]],
    totalRow: ['合计', 3],
  })
  const chart = renderChart({
    kind: 'pie',
    items: [
      { name: '绿灯', value: 3 },
      { name: '红灯', value: 1 },
    ],
  })
  if (chart) doc.image({ ...chart, caption: '状态灯' })
  doc.signature('办公厅', '2024-07-09')
  return doc.toBuffer()
}

describe('GB/T 9704 document', () => {
  it('has A4 paper, the standard margins and the 22 × 28 grid', async () => {
    const xml = (await docxParts(await sample()))['word/document.xml']
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/)
    expect(xml).toMatch(
      /<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="\d+" w:footer="992"/,
    )
    expect(xml).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-841"\/>/)
    // 22 lines of 579 twips fill the 225 mm text block (16838 − 2098 − 1984 = 12756 ≈ 22 × 579.8).
    expect(Math.floor((GBT.page.height - GBT.margin.top - GBT.margin.bottom) / GBT.grid.linePitch)).toBe(22)
    expect(GBT.textWidth).toBe(8845)
  })

  it('sets the body in 三号仿宋 on exact 579 spacing, the title in 二号小标宋, headings in their faces', async () => {
    const parts = await docxParts(await sample())
    const styles = parts['word/styles.xml']
    expect(styles).toMatch(
      /<w:rPrDefault><w:rPr><w:rFonts[^>]*w:eastAsia="仿宋_GB2312"[^>]*\/><w:sz w:val="32"\/>/,
    )
    expect(styles).toMatch(/<w:spacing w:after="0" w:before="0" w:line="579" w:lineRule="exact"\/>/)
    const xml = parts['word/document.xml']
    const run = (text: string) => {
      const m = new RegExp(`<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)<w:t[^>]*>${text}</w:t>`).exec(xml)
      expect(m, text).toBeTruthy()
      return m![1]
    }
    expect(run('关于测试情况的')).toMatch(/w:eastAsia="方正小标宋简体"/)
    expect(run('关于测试情况的')).toMatch(/<w:sz w:val="44"\/>/)
    expect(xml).toMatch(
      /<w:jc w:val="center"\/>(?:(?!<\/w:pPr>).)*<\/w:pPr><w:r><w:rPr><w:rFonts[^>]*方正小标宋简体/,
    )
    expect(run('一、总体情况')).toMatch(/w:eastAsia="黑体"/)
    expect(run('（一）第一部分')).toMatch(/w:eastAsia="楷体_GB2312"/)
    expect(run('1.要点')).toMatch(/w:eastAsia="仿宋_GB2312"/)
    expect(run('（1）细节')).toMatch(/w:eastAsia="仿宋_GB2312"/)
    expect(xml).toContain('<w:ind w:firstLine="640"/>')
    // Numbers restart under each parent: the second 一、-level heading is 二、, its first （一） again （一）.
    const text = (await docxText(await sample())).paragraphs
    expect(text).toContain('二、下一步工作')
    expect(text).toContain('（二）第二部分')
    expect(text).toContain('院党组：')
    // The date: Arabic numerals without padding, four characters in from the right.
    expect(text.at(-1)).toBe('2024年7月9日')
    expect(xml).toMatch(/<w:ind w:right="1280"\/>(?:(?!<\/w:p>).)*2024年7月9日/)
  })

  it('numbers pages "— 1 —" in 四号宋体, odd pages right and even pages left', async () => {
    const parts = await docxParts(await sample())
    expect(parts['word/settings.xml']).toContain('<w:evenAndOddHeaders/>')
    const rels = parts['word/_rels/document.xml.rels']
    const xml = parts['word/document.xml']
    const footer = (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(\\w+)"`).exec(xml)![1]
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!
      return parts[`word/${target[1] ?? target[2]}`]
    }
    const odd = footer('default')
    const even = footer('even')
    for (const f of [odd, even]) {
      expect(f).toContain('— ')
      expect(f).toContain('PAGE')
      expect(f).toMatch(/w:eastAsia="宋体"/)
      expect(f).toMatch(/<w:sz w:val="28"\/>/)
    }
    expect(odd).toMatch(/<w:jc w:val="right"\/>/)
    expect(odd).toContain('w:right="280"')
    expect(even).toMatch(/<w:jc w:val="left"\/>/)
    expect(even).toContain('w:left="280"')
  })

  it('lays tables across the text block with a repeated header row, and embeds charts as PNG', async () => {
    const buffer = await sample()
    const parts = await docxParts(buffer)
    const xml = parts['word/document.xml']
    expect(xml).toContain('<w:tblW w:type="dxa" w:w="8845"/>')
    expect(xml).toContain('<w:tblHeader/>')
    expect((await docxText(buffer)).tables[0]).toEqual([
      ['单位', '数量'],
      ['天津', '3'],
      ['合计', '3'],
    ])
    expect(Object.keys(parts).some((p) => p.startsWith('word/media/')) || xml.includes('<pic:pic')).toBe(true)
  })

  it('writes Chinese numerals and dates the standard way', () => {
    expect([1, 10, 12, 20, 35].map(chineseNumber)).toEqual(['一', '十', '十二', '二十', '三十五'])
    expect(issuingDate('2024-07-09')).toBe('2024年7月9日')
    expect(issuingDate('2024-12-31T10:00:00Z')).toBe('2024年12月31日')
  })
})
