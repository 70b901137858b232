// Zip-bomb guard for uploads that are zip containers (.xlsx, .docx, .ofd, .zip): reads the
// central directory, then inflates every entry into nothing while counting, so neither a
// huge declared size nor a size the directory lies about reaches a parser.
import fs from 'node:fs'
import zlib from 'node:zlib'
import { AppError } from '../errors'

export const ZIP_LIMITS = {
  /** Total bytes all entries may inflate to. */
  maxUncompressedBytes: 256 * 1_048_576,
  /** Inflated bytes per compressed byte over the whole archive, checked past `ratioFloorBytes`. */
  maxRatio: 200,
  ratioFloorBytes: 16 * 1_048_576,
  maxEntries: 20_000,
}
export type ZipLimits = typeof ZIP_LIMITS

export type ZipSummary = { entries: number; compressedBytes: number; uncompressedBytes: number }

const EOCD = 0x06054b50
const EOCD64_LOCATOR = 0x07064b50
const EOCD64 = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

function refuse(code: string, message: string, details: Record<string, unknown>): never {
  throw new AppError(400, code, message, details)
}

function tooLarge(details: Record<string, unknown>): never {
  refuse('archive_too_large', '压缩文件解压后过大或压缩比异常，已拒绝', details)
}

function unreadable(reason: string): never {
  refuse('archive_unreadable', '无法读取该压缩文件，请确认文件未损坏', { reason })
}

type Entry = { name: string; method: number; compressed: number; uncompressed: number; offset: number }

function centralDirectory(buf: Buffer, limits: ZipLimits): Entry[] {
  // The end record sits in the last 22 + 65535 bytes (its comment is at most 64 KiB).
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) unreadable('no end of central directory')
  let count = buf.readUInt16LE(eocd + 10)
  let size = buf.readUInt32LE(eocd + 12)
  let offset = buf.readUInt32LE(eocd + 16)
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const loc = eocd - 20
    if (loc < 0 || buf.readUInt32LE(loc) !== EOCD64_LOCATOR) unreadable('zip64 locator missing')
    const at = Number(buf.readBigUInt64LE(loc + 8))
    if (at + 56 > buf.length || buf.readUInt32LE(at) !== EOCD64) unreadable('zip64 end record missing')
    count = Number(buf.readBigUInt64LE(at + 32))
    size = Number(buf.readBigUInt64LE(at + 40))
    offset = Number(buf.readBigUInt64LE(at + 48))
  }
  if (count > limits.maxEntries) tooLarge({ entries: count, maxEntries: limits.maxEntries })
  if (offset + size > buf.length) unreadable('central directory outside the file')
  const entries: Entry[] = []
  let p = offset
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) unreadable('bad central directory entry')
    const method = buf.readUInt16LE(p + 10)
    let compressed = buf.readUInt32LE(p + 20)
    let uncompressed = buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    let local = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen)
    // Zip64: the real values sit in extra field 0x0001, in this order, for those set to 0xffffffff.
    let e = p + 46 + nameLen
    const end = e + extraLen
    while (e + 4 <= end) {
      const id = buf.readUInt16LE(e)
      const len = buf.readUInt16LE(e + 2)
      if (id === 0x0001) {
        let q = e + 4
        if (uncompressed === 0xffffffff) ((uncompressed = Number(buf.readBigUInt64LE(q))), (q += 8))
        if (compressed === 0xffffffff) ((compressed = Number(buf.readBigUInt64LE(q))), (q += 8))
        if (local === 0xffffffff) local = Number(buf.readBigUInt64LE(q))
      }
      e += 4 + len
    }
    entries.push({ name, method, compressed, uncompressed, offset: local })
    p = end + commentLen
  }
  return entries
}

/** Inflates one entry into nothing, stopping as soon as it passes `cap` bytes. */
function inflatedSize(data: Buffer, cap: number): Promise<number> {
  return new Promise((resolve) => {
    let total = 0
    let done = false
    const finish = (n: number) => {
      if (done) return
      done = true
      inflater.destroy()
      resolve(n)
    }
    const inflater = zlib.createInflateRaw({ chunkSize: 64 * 1024 })
    inflater.on('data', (c: Buffer) => {
      total += c.length
      if (total > cap) finish(total)
    })
    inflater.on('end', () => finish(total))
    inflater.on('error', () => {
      if (!done) {
        done = true
        resolve(-1)
      }
    })
    inflater.end(data)
  })
}

/**
 * Checks a zip container before any parser opens it: entry count, declared sizes, and the
 * sizes the entries really inflate to, against `limits`. Throws `archive_too_large` (400).
 */
export async function checkZip(buf: Buffer, limits: ZipLimits = ZIP_LIMITS): Promise<ZipSummary> {
  if (buf.length < 22) unreadable('too short')
  const entries = centralDirectory(buf, limits)
  const declared = entries.reduce((a, x) => a + x.uncompressed, 0)
  const overRatio = (bytes: number) => bytes > limits.ratioFloorBytes && bytes / buf.length > limits.maxRatio
  if (declared > limits.maxUncompressedBytes || overRatio(declared))
    tooLarge({
      uncompressedBytes: declared,
      limit: limits.maxUncompressedBytes,
      ratio: declared / buf.length,
    })
  let actual = 0
  for (const x of entries) {
    if (x.offset + 30 > buf.length || buf.readUInt32LE(x.offset) !== LOCAL) unreadable('bad local header')
    const start = x.offset + 30 + buf.readUInt16LE(x.offset + 26) + buf.readUInt16LE(x.offset + 28)
    if (start + x.compressed > buf.length) unreadable('entry outside the file')
    const data = buf.subarray(start, start + x.compressed)
    const budget = limits.maxUncompressedBytes - actual
    let size: number
    if (x.method === 0) size = x.compressed
    else if (x.method === 8) size = await inflatedSize(data, Math.min(budget, x.uncompressed))
    else unreadable(`compression method ${x.method}`)
    if (size < 0) unreadable('entry does not inflate')
    actual += size
    // An entry that inflates to more than it declares is built to get past size checks.
    if (size > budget || size > x.uncompressed || overRatio(actual))
      tooLarge({
        entry: x.name.slice(0, 100),
        uncompressedBytes: actual,
        declaredBytes: x.uncompressed,
        limit: limits.maxUncompressedBytes,
      })
  }
  return { entries: entries.length, compressedBytes: buf.length, uncompressedBytes: actual }
}

/** The same check for a file on disk (an upload already received). */
export async function checkZipFile(file: string, limits: ZipLimits = ZIP_LIMITS): Promise<ZipSummary> {
  return checkZip(await fs.promises.readFile(file), limits)
}

/** Whether the bytes start as a zip archive does (PK\x03\x04). */
export function looksLikeZip(buf: Buffer) {
  return buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50
}

/**
 * `checkZip` for content that is a zip at all; anything else is left to the parser's own
 * checks and codes. A zip too damaged to walk is also left to the parser (which names the
 * format it expected); only a bomb is refused here.
 */
export async function guardZip(buf: Buffer) {
  if (!looksLikeZip(buf)) return
  try {
    await checkZip(buf)
  } catch (err) {
    if ((err as { code?: string }).code === 'archive_unreadable') return
    throw err
  }
}

/** `guardZip` for a file on disk. */
export async function guardZipFile(file: string) {
  const fd = await fs.promises.open(file, 'r')
  const head = Buffer.alloc(4)
  try {
    await fd.read(head, 0, 4, 0)
  } finally {
    await fd.close()
  }
  if (looksLikeZip(head)) await guardZip(await fs.promises.readFile(file))
}
