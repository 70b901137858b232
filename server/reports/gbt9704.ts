// A small builder over `docx` for internal reports in the GB/T 9704-2012 layout: A4, the
// standard margins, a 22 × 28 grid, 二号小标宋 title, 三号仿宋 body, typed heading numbers
// (一、/（一）/1./（1）), "— 1 —" page numbers alternating right and left, tables, charts and
// the issuing date. The numbers come from /work/shared/GBT9704.md (see server/reports/README.md).
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
} from 'docx'

/** Every layout number, in docx units (twips; font sizes in half-points). */
export const GBT = {
  page: { width: 11906, height: 16838 },
  margin: { top: 2098, bottom: 1984, left: 1587, right: 1474, footer: 992, header: 851 },
  /** The text block: 156 mm wide (210 − 28 − 26 mm). */
  textWidth: 11906 - 1587 - 1474,
  grid: { linePitch: 579, charSpace: -841 },
  line: 579,
  size: { title: 44, body: 32, pageNumber: 28, table: 24 },
  indent: { firstLine: 640, dateRight: 1280, pageNumber: 280 },
  font: {
    title: '方正小标宋简体',
    body: '仿宋_GB2312',
    heading1: '黑体',
    heading2: '楷体_GB2312',
    pageNumber: '宋体',
    latin: 'Times New Roman',
  },
} as const

const CN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1 → 一, 12 → 十二, 25 → 二十五 (heading numbers and batch names). */
export function chineseNumber(n: number): string {
  if (n < 10) return CN[n]
  if (n < 20) return `十${n % 10 ? CN[n % 10] : ''}`
  if (n < 100) return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`
  return String(n)
}

/** The issuing date as GB/T 9704 writes it: Arabic numerals, no zero padding ("2024年7月9日"). */
export function issuingDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

function font(eastAsia: string) {
  return { eastAsia, ascii: GBT.font.latin, hAnsi: GBT.font.latin, cs: GBT.font.latin }
}

const exact = { line: GBT.line, lineRule: LineRuleType.EXACT, before: 0, after: 0 }

export type Segment = string | { text: string; bold?: boolean; font?: 'heading1' | 'heading2' }

function runs(content: Segment | Segment[], base: Partial<IRunOptions> = {}): TextRun[] {
  const list = Array.isArray(content) ? content : [content]
  return list.map((s) =>
    typeof s === 'string'
      ? new TextRun({ text: s, ...base })
      : new TextRun({
          text: s.text,
          bold: s.bold,
          ...base,
          ...(s.font && { font: font(GBT.font[s.font]) }),
        }),
  )
}

export type Column = { title: string; width?: number; align?: 'left' | 'center' | 'right' }
export type TableSpec = {
  columns: Column[]
  rows: (string | number)[][]
  /** Shown above the table, centred, in 黑体 (表1 …). */
  caption?: string
  /** A last row in bold (合计). */
  totalRow?: (string | number)[]
}

export type ImageSpec = { png: Buffer; width: number; height: number; caption?: string }

const TABLE_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' }

/**
 * Builds one official document. Headings are numbered as text, each level restarting
 * under its parent, as the standard wants ("typed as text, not Word list numbering").
 */
export class OfficialDocument {
  private readonly body: (Paragraph | Table)[] = []
  private readonly counters = [0, 0, 0, 0]
  private tables = 0
  private figures = 0

  constructor(
    private readonly meta: { title: string; subtitle?: string; addressee?: string; creator?: string },
  ) {
    for (const line of meta.title.split('\n')) {
      this.body.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: exact,
          children: [new TextRun({ text: line, font: font(GBT.font.title), size: GBT.size.title })],
        }),
      )
    }
    if (meta.subtitle)
      this.body.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: exact,
          children: runs(meta.subtitle, { font: font(GBT.font.heading2) }),
        }),
      )
    // One blank line under the title.
    this.blank()
    if (meta.addressee)
      this.body.push(new Paragraph({ spacing: exact, children: runs(`${meta.addressee}：`) }))
  }

  blank() {
    this.body.push(new Paragraph({ spacing: exact, children: [] }))
    return this
  }

  /** A body paragraph, first line indented two characters. */
  paragraph(content: Segment | Segment[]) {
    this.body.push(
      new Paragraph({
        spacing: exact,
        indent: { firstLine: GBT.indent.firstLine },
        alignment: AlignmentType.JUSTIFIED,
        children: runs(content),
      }),
    )
    return this
  }

  private heading(level: 1 | 2 | 3 | 4, title: string, text?: Segment | Segment[]) {
    this.counters[level - 1]++
    for (let i = level; i < 4; i++) this.counters[i] = 0
    const n = this.counters[level - 1]
    const label = [`${chineseNumber(n)}、`, `（${chineseNumber(n)}）`, `${n}.`, `（${n}）`][level - 1]
    const face = [GBT.font.heading1, GBT.font.heading2, GBT.font.body, GBT.font.body][level - 1]
    this.body.push(
      new Paragraph({
        spacing: exact,
        indent: { firstLine: GBT.indent.firstLine },
        alignment: AlignmentType.JUSTIFIED,
        keepNext: !text,
        children: [new TextRun({ text: `${label}${title}`, font: font(face) }), ...(text ? runs(text) : [])],
      }),
    )
    return this
  }

  /** 一、 in 黑体 */
  h1(title: string) {
    return this.heading(1, title)
  }
  /** （一） in 楷体_GB2312 */
  h2(title: string, text?: Segment | Segment[]) {
    return this.heading(2, title, text)
  }
  /** 1. in 仿宋 */
  h3(title: string, text?: Segment | Segment[]) {
    return this.heading(3, title, text)
  }
  /** （1） in 仿宋 */
  h4(title: string, text?: Segment | Segment[]) {
    return this.heading(4, title, text)
  }

  /** A full-width table with a repeated, bold header row; 小四 text on single spacing. */
  table(spec: TableSpec) {
    if (spec.caption) {
      this.tables++
      this.body.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: exact,
          keepNext: true,
          children: [
            new TextRun({
              text: `表${this.tables}  ${spec.caption}`,
              font: font(GBT.font.heading1),
              size: 28,
            }),
          ],
        }),
      )
    }
    const weights = spec.columns.map((c) => c.width ?? 1)
    const sum = weights.reduce((a, b) => a + b, 0)
    const widths = weights.map((w) => Math.floor((GBT.textWidth * w) / sum))
    const cell = (v: string | number, i: number, header: boolean, bold = false) =>
      new TableCell({
        width: { size: widths[i], type: WidthType.DXA },
        verticalAlign: VerticalAlignTable.CENTER,
        margins: { top: 40, bottom: 40, left: 80, right: 80 },
        ...(header && { shading: { fill: 'E7E6E6' } }),
        children: String(v)
          .split('\n')
          .map(
            (line) =>
              new Paragraph({
                alignment: header
                  ? AlignmentType.CENTER
                  : spec.columns[i].align === 'right'
                    ? AlignmentType.RIGHT
                    : spec.columns[i].align === 'center' || typeof v === 'number'
                      ? AlignmentType.CENTER
                      : AlignmentType.LEFT,
                spacing: { line: 300, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
                children: [
                  new TextRun({
                    text: line,
                    // Table text is smaller than the grid's characters: keep it off the grid.
                    snapToGrid: false,
                    size: GBT.size.table,
                    bold: header || bold,
                    font: font(header ? GBT.font.heading1 : GBT.font.body),
                  }),
                ],
              }),
          ),
      })
    const rows = [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: spec.columns.map((c, i) => cell(c.title, i, true)),
      }),
      ...spec.rows.map(
        (r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) }),
      ),
      ...(spec.totalRow
        ? [new TableRow({ cantSplit: true, children: spec.totalRow.map((v, i) => cell(v, i, false, true)) })]
        : []),
    ]
    this.body.push(
      new Table({
        rows,
        width: { size: GBT.textWidth, type: WidthType.DXA },
        columnWidths: widths,
        layout: TableLayoutType.FIXED,
        borders: {
          top: TABLE_BORDER,
          bottom: TABLE_BORDER,
          left: TABLE_BORDER,
          right: TABLE_BORDER,
          insideHorizontal: TABLE_BORDER,
          insideVertical: TABLE_BORDER,
        },
      }),
    )
    // A table is followed by an empty line so the next paragraph does not stick to it.
    return this.blank()
  }

  /** A picture (a chart) centred in the text block; its paragraph is not on the exact grid. */
  image(spec: ImageSpec) {
    const maxWidth = Math.floor((GBT.textWidth / 1440) * 96)
    const scale = Math.min(1, maxWidth / spec.width)
    this.body.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120, after: 0 },
        keepNext: !!spec.caption,
        children: [
          new ImageRun({
            type: 'png',
            data: spec.png,
            transformation: {
              width: Math.round(spec.width * scale),
              height: Math.round(spec.height * scale),
            },
          }),
        ],
      }),
    )
    if (spec.caption) {
      this.figures++
      this.body.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: exact,
          children: [
            new TextRun({
              text: `图${this.figures}  ${spec.caption}`,
              font: font(GBT.font.heading2),
              size: 28,
            }),
          ],
        }),
      )
    }
    return this
  }

  /** 附件：1.… — one blank line under the body, indented two characters. */
  attachments(names: string[]) {
    if (names.length === 0) return this
    this.blank()
    names.forEach((n, i) =>
      this.body.push(
        new Paragraph({
          spacing: exact,
          indent:
            i === 0 ? { left: 0, firstLine: GBT.indent.firstLine } : { left: GBT.indent.firstLine + 960 },
          children: runs(`${i === 0 ? '附件：' : ''}${names.length > 1 ? `${i + 1}.` : ''}${n}`),
        }),
      ),
    )
    return this
  }

  /** The issuer (署名) and the issuing date, four characters in from the right. */
  signature(issuer: string, dateIso: string) {
    this.blank().blank()
    for (const text of [issuer, issuingDate(dateIso)])
      this.body.push(
        new Paragraph({
          alignment: AlignmentType.RIGHT,
          spacing: exact,
          indent: { right: GBT.indent.dateRight },
          children: runs(text),
        }),
      )
    return this
  }

  build(): Document {
    const pageNumber = (odd: boolean) =>
      new Footer({
        children: [
          new Paragraph({
            alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
            indent: odd ? { right: GBT.indent.pageNumber } : { left: GBT.indent.pageNumber },
            children: [
              new TextRun({
                children: ['— ', PageNumber.CURRENT, ' —'],
                font: font(GBT.font.pageNumber),
                size: GBT.size.pageNumber,
              }),
            ],
          }),
        ],
      })
    return new Document({
      creator: this.meta.creator ?? 'Duban',
      title: this.meta.title.replace(/\n/g, ''),
      evenAndOddHeaderAndFooters: true,
      styles: {
        default: {
          document: {
            run: { font: font(GBT.font.body), size: GBT.size.body },
            paragraph: { spacing: exact },
          },
        },
      },
      sections: [
        {
          properties: {
            page: {
              size: { width: GBT.page.width, height: GBT.page.height },
              margin: {
                top: GBT.margin.top,
                bottom: GBT.margin.bottom,
                left: GBT.margin.left,
                right: GBT.margin.right,
                header: GBT.margin.header,
                footer: GBT.margin.footer,
              },
            },
            grid: {
              type: DocumentGridType.LINES_AND_CHARS,
              linePitch: GBT.grid.linePitch,
              charSpace: GBT.grid.charSpace,
            },
          },
          footers: { default: pageNumber(true), even: pageNumber(false) },
          children: this.body,
        },
      ],
    })
  }

  async toBuffer(): Promise<Buffer> {
    return Packer.toBuffer(this.build())
  }
}
