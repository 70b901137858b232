// Builds zip containers for tests, including bombs: an entry of `repeat` copies of a chunk is
// written as that many copies of one compressed block, so a gigabyte costs a few hundred KB.
import zlib from 'node:zlib'

export type ZipEntry = {
  name: string
  chunk: Buffer | string
  /** How many times the chunk repeats (default 1). */
  repeat?: number
  /** The uncompressed size the directory claims (default: the truth). */
  declaredSize?: number
}

export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const chunk = Buffer.isBuffer(e.chunk) ? e.chunk : Buffer.from(e.chunk)
    const repeat = e.repeat ?? 1
    const block = zlib.deflateRawSync(chunk, { finishFlush: zlib.constants.Z_SYNC_FLUSH, level: 9 })
    const final = zlib.deflateRawSync(Buffer.alloc(0))
    const data = Buffer.concat([...Array.from({ length: repeat }, () => block), final])
    let crc = 0
    for (let i = 0; i < repeat; i++) crc = zlib.crc32(chunk, crc)
    const size = chunk.length * repeat
    const declared = e.declaredSize ?? size
    const name = Buffer.from(e.name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(Math.min(declared, 0xfffffffe), 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc >>> 0, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(Math.min(declared, 0xfffffffe), 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    centrals.push(central, name)
    offset += local.length + name.length + data.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

/** An .xlsx whose one sheet inflates to about `megabytes` MB of rows. */
export function xlsxBomb(megabytes: number, opts: { lie?: boolean } = {}): Buffer {
  const row = '<row><c t="inlineStr"><is><t>巡视发现的问题巡视发现的问题</t></is></c></row>'.repeat(500)
  const chunk = Buffer.from(row)
  const repeat = Math.ceil((megabytes * 1_048_576) / chunk.length)
  return buildZip([
    { name: '[Content_Types].xml', chunk: CONTENT_TYPES },
    {
      name: '_rels/.rels',
      chunk: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      chunk: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      chunk: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      chunk,
      repeat,
      ...(opts.lie && { declaredSize: 10_000 }),
    },
  ])
}

/** A .docx whose document part inflates to about `megabytes` MB of paragraphs. */
export function docxBomb(megabytes: number): Buffer {
  const chunk = Buffer.from('<w:p><w:r><w:t>会议纪要会议纪要会议纪要</w:t></w:r></w:p>'.repeat(500))
  return buildZip([
    { name: '[Content_Types].xml', chunk: CONTENT_TYPES },
    {
      name: '_rels/.rels',
      chunk: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    { name: 'word/document.xml', chunk, repeat: Math.ceil((megabytes * 1_048_576) / chunk.length) },
  ])
}
