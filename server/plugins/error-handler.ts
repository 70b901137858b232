import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { AppError } from '../errors'
import type { DB } from '../db/database'
import { isForeignKeyViolation, isUniqueViolation, isValueTooLong } from '../db/dialect'
import * as audit from '../modules/audit/audit.service'

type Envelope = { status: number; code: string; message: string; details?: unknown; denial?: boolean }

function classify(err: FastifyError | AppError | Error): Envelope {
  if (err instanceof AppError)
    return {
      status: err.status,
      code: err.code,
      message: err.message,
      details: err.details,
      denial: err.denial,
    }
  if (hasZodFastifySchemaValidationErrors(err)) {
    return {
      status: 400,
      code: 'validation_failed',
      message: '请求参数不正确',
      details: err.validation.map((v) => ({
        where: err.validationContext,
        path: v.instancePath,
        message: v.message,
        keyword: v.keyword,
      })),
    }
  }
  // Races the services' own checks lost, answered as conflicts rather than 500s.
  if (isUniqueViolation(err))
    return {
      status: 409,
      code: 'already_exists',
      message: '记录已存在（可能已被他人同时提交），请刷新后重试',
    }
  if (isForeignKeyViolation(err))
    return { status: 409, code: 'in_use', message: '该记录仍被其他数据引用，不能删除或修改' }
  if (isValueTooLong(err)) return { status: 400, code: 'value_too_long', message: '输入内容超过长度限制' }
  // PostgreSQL refuses text with a NUL character (22021) where SQLite stores it: the input's fault.
  if ((err as { code?: string }).code === '22021')
    return { status: 400, code: 'invalid_character', message: '输入内容包含不允许的字符' }
  const fe = err as FastifyError
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 400, code: 'body_too_large', message: '请求体过大' }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: '不支持的请求内容类型' }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'invalid_json', message: '请求体不是合法的 JSON' }
  }
  if (fe.statusCode === 429) return { status: 429, code: 'rate_limited', message: '请求过于频繁，请稍后再试' }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (err instanceof SyntaxError)
      return { status: 400, code: 'invalid_json', message: '请求体不是合法的 JSON' }
    return { status: fe.statusCode, code: 'bad_request', message: fe.message }
  }
  return { status: 500, code: 'internal_error', message: '服务器内部错误' }
}

/** One envelope for every error; 5xx messages stay in the log; denials enter the audit chain. */
export function installErrorHandler(app: FastifyInstance, db: DB) {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const e = classify(err)
    if (e.status >= 500 || isResponseSerializationError(err)) req.log.error({ err }, 'request failed')
    const quietProbe = e.code === 'unauthenticated' && req.url.startsWith('/api/auth/me')
    const audited = e.code === 'login_failed' || e.code === 'otp_invalid' || e.code === 'otp_required'
    if ((e.status === 401 || e.status === 403 || e.denial) && !quietProbe && !audited) {
      try {
        await audit.recordAlone(db, req.ctx, {
          action: 'access.denied',
          outcome: 'denied',
          objectType: 'route',
          objectId: `${req.method} ${req.routeOptions.url ?? req.url}`.slice(0, 64),
          details: { code: e.code, url: req.url.slice(0, 300) },
        })
      } catch (auditErr) {
        req.log.error({ err: auditErr }, 'could not audit a denial')
      }
    }
    return reply.code(e.status).send({
      error: { code: e.code, message: e.message, ...(e.details !== undefined && { details: e.details }) },
    })
  })
}
