import type {} from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import { badRequest } from '../errors'

/** The one file of a multipart request, or the stable refusal when the request has none. */
export async function uploadedFile(req: FastifyRequest, limits?: { fileSize?: number; files?: number }) {
  if (!req.isMultipart()) throw badRequest('multipart_required', '请以 multipart/form-data 上传文件')
  const part = await req.file(limits ? { limits } : undefined)
  if (!part) throw badRequest('file_required', '请选择文件')
  return part
}
