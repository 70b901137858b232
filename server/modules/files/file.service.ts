import { guardZipFile } from '../../plugins/zip-guard'
import path from 'node:path'
import { Readable } from 'node:stream'
import fs from 'node:fs'
import { fileTypeFromBuffer } from 'file-type'
import { v7 as uuidv7 } from 'uuid'
import type { DB } from '../../db/database'
import type { StoredFileTable } from '../../db/schema'
import { badRequest, notFound } from '../../errors'
import type { Ctx } from '../access/context'
import { requireActor } from '../access/policy'
import * as audit from '../audit/audit.service'
import type { FileStore } from './file-store'
import { ownerPolicy } from './file.policy'

/** What may be uploaded: PDF, OFD, Word, Excel, images and zip, by extension and by content. */
const ACCEPTED: Record<string, { mime: string; sniffed: string[] }> = {
  pdf: { mime: 'application/pdf', sniffed: ['application/pdf'] },
  ofd: { mime: 'application/ofd', sniffed: ['application/zip'] },
  doc: { mime: 'application/msword', sniffed: ['application/x-cfb'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    sniffed: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/zip'],
  },
  xls: { mime: 'application/vnd.ms-excel', sniffed: ['application/x-cfb'] },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    sniffed: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip'],
  },
  png: { mime: 'image/png', sniffed: ['image/png'] },
  jpg: { mime: 'image/jpeg', sniffed: ['image/jpeg'] },
  jpeg: { mime: 'image/jpeg', sniffed: ['image/jpeg'] },
  gif: { mime: 'image/gif', sniffed: ['image/gif'] },
  bmp: { mime: 'image/bmp', sniffed: ['image/bmp'] },
  tif: { mime: 'image/tiff', sniffed: ['image/tiff'] },
  tiff: { mime: 'image/tiff', sniffed: ['image/tiff'] },
  zip: { mime: 'application/zip', sniffed: ['application/zip'] },
}
export const ACCEPTED_EXTENSIONS = Object.keys(ACCEPTED)

/** A file name as given by the user, refused if it could name a path or hide control characters. */
export function safeFileName(name: string): string {
  const trimmed = name.normalize('NFC').trim()
  if (
    !trimmed ||
    trimmed.length > 200 ||
    /[\\/\0-\x1f\x7f]/.test(trimmed) ||
    trimmed.includes('..') ||
    /^[.\s]/.test(trimmed)
  ) {
    throw badRequest('invalid_file_name', '文件名不合法')
  }
  return trimmed
}

/** The type a file's first bytes show, whatever its name says. */
async function sniff(file: string) {
  const handle = await fs.promises.open(file, 'r')
  try {
    const buf = Buffer.alloc(65_536)
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0)
    return fileTypeFromBuffer(buf.subarray(0, bytesRead))
  } finally {
    await handle.close()
  }
}

function present(f: {
  id: string
  ownerType: string
  ownerId: string
  name: string
  mime: string
  size: number
  sha256: string
  sm3: string
  createdAt: string
  uploadedByName?: string | null
}) {
  return {
    id: f.id,
    ownerType: f.ownerType,
    ownerId: f.ownerId,
    name: f.name,
    mime: f.mime,
    size: Number(f.size),
    sha256: f.sha256,
    sm3: f.sm3,
    createdAt: f.createdAt,
    uploadedByName: f.uploadedByName ?? null,
  }
}

function policyOf(ownerType: string) {
  const p = ownerPolicy(ownerType)
  if (!p) throw badRequest('invalid_owner_type', '不支持的附件归属类型')
  return p
}

/**
 * Keeps bytes the server made (a generated report) for an owner: stored by content like an
 * upload; returns the row for the caller to insert in the transaction that links it.
 */
export async function keepGenerated(
  store: FileStore,
  input: { ownerType: string; ownerId: string; name: string; mime: string; bytes: Buffer; by: string | null },
): Promise<StoredFileTable> {
  const received = await store.receive(Readable.from(input.bytes))
  await store.keep(received.tmp, received.sha256)
  return {
    id: uuidv7(),
    ownerType: input.ownerType,
    ownerId: input.ownerId,
    name: input.name,
    mime: input.mime,
    size: received.size,
    sha256: received.sha256,
    sm3: received.sm3,
    uploadedBy: input.by,
    createdAt: new Date().toISOString(),
  }
}

/** Stores an uploaded file for an owner after the owner's policy, the name, the type and the size pass. */
export async function upload(
  db: DB,
  store: FileStore,
  ctx: Ctx,
  input: { ownerType: string; ownerId: string; fileName: string; stream: Readable; truncated: () => boolean },
) {
  requireActor(ctx)
  const policy = policyOf(input.ownerType)
  await policy.canAttach(db, ctx, input.ownerId)
  const name = safeFileName(input.fileName)
  const ext = path.extname(name).slice(1).toLowerCase()
  const accepted = ACCEPTED[ext]
  if (!accepted) {
    input.stream.resume()
    throw badRequest('file_type_not_allowed', `只接受 PDF、OFD、Word、Excel、图片和 zip 文件`, {
      accepted: ACCEPTED_EXTENSIONS,
    })
  }
  const received = await store.receive(input.stream)
  try {
    if (input.truncated()) throw badRequest('file_too_large', '文件超过大小限制')
    if (received.size === 0) throw badRequest('file_empty', '文件为空')
    // Office documents and archives are zip files: refuse one that would unpack to far more than it weighs.
    if (['docx', 'xlsx', 'zip', 'ofd'].includes(ext)) await guardZipFile(received.tmp)
    const sniffed = await sniff(received.tmp)
    if (!sniffed || !accepted.sniffed.includes(sniffed.mime)) {
      throw badRequest('file_type_mismatch', '文件内容与扩展名不符', {
        extension: ext,
        detected: sniffed?.mime ?? null,
      })
    }
  } catch (err) {
    await store.discard(received.tmp)
    throw err
  }
  const id = uuidv7()
  const row = {
    id,
    ownerType: input.ownerType,
    ownerId: input.ownerId,
    name,
    mime: accepted.mime,
    size: received.size,
    sha256: received.sha256,
    sm3: received.sm3,
    uploadedBy: ctx.actor!.id,
    createdAt: new Date().toISOString(),
  }
  await store.keep(received.tmp, received.sha256)
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('storedFile').values(row).execute()
    await policy.stored?.(trx, input.ownerId)
    await audit.record(trx, ctx, {
      action: 'file.upload',
      objectType: input.ownerType,
      objectId: input.ownerId,
      details: { fileId: id, name, size: received.size, sha256: received.sha256 },
    })
  })
  return present(row)
}

export async function list(db: DB, ctx: Ctx, ownerType: string, ownerId: string) {
  await policyOf(ownerType).canRead(db, ctx, ownerId)
  const rows = await db
    .selectFrom('storedFile')
    .leftJoin('appUser', 'appUser.id', 'storedFile.uploadedBy')
    .selectAll('storedFile')
    .select('appUser.displayName as uploadedByName')
    .where('ownerType', '=', ownerType)
    .where('ownerId', '=', ownerId)
    .orderBy('storedFile.createdAt')
    .execute()
  return rows.map(present)
}

/** Opens a file for download after the owner's policy; the download is audited. */
export async function download(db: DB, store: FileStore, ctx: Ctx, id: string) {
  const f = await db.selectFrom('storedFile').selectAll().where('id', '=', id).executeTakeFirst()
  if (!f) throw notFound('file')
  await policyOf(f.ownerType).canRead(db, ctx, f.ownerId)
  await audit.recordAlone(db, ctx, {
    action: 'file.download',
    objectType: f.ownerType,
    objectId: f.ownerId,
    details: { fileId: id, name: f.name },
  })
  return { file: present(f), stream: store.open(f.sha256) }
}
