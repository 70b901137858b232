// Reads a .docx back: its XML parts and the text of its paragraphs and table rows, so tests
// can check both the layout values and the numbers a report prints.
import JSZip from 'jszip'

export async function docxParts(buffer: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(buffer)
  const out: Record<string, string> = {}
  for (const name of Object.keys(zip.files)) {
    if (name.endsWith('.xml') || name.endsWith('.rels')) out[name] = await zip.files[name].async('string')
  }
  return out
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')

function paragraphText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join('')
}

export type DocxText = {
  /** Body paragraphs outside tables, in order. */
  paragraphs: string[]
  /** Each table as rows of cell texts. */
  tables: string[][][]
  /** Everything, one line per paragraph or table row (cells joined by " | "). */
  text: string
}

export async function docxText(buffer: Buffer): Promise<DocxText> {
  const xml = (await docxParts(buffer))['word/document.xml'] ?? ''
  const body = xml.replace(/^[\s\S]*<w:body>/, '').replace(/<\/w:body>[\s\S]*$/, '')
  const paragraphs: string[] = []
  const tables: string[][][] = []
  const lines: string[] = []
  // Tables in these reports are not nested, so a flat scan is enough.
  const re = /<w:tbl>([\s\S]*?)<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g
  for (const m of body.matchAll(re)) {
    if (m[1] !== undefined) {
      const rows = [...m[1].matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/g)].map((r) =>
        [...r[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) =>
          [...c[1].matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => paragraphText(p[0])).join('\n'),
        ),
      )
      tables.push(rows)
      for (const r of rows) lines.push(r.join(' | '))
    } else {
      const t = paragraphText(m[0])
      paragraphs.push(t)
      lines.push(t)
    }
  }
  return { paragraphs, tables, text: lines.join('\n') }
}
