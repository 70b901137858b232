/** The one error type the API answers with: { error: { code, message, details? } }. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** A refusal on access grounds, answered as 404 so existence does not leak; still audited. */
    readonly denial = false,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const unauthenticated = () => new AppError(401, 'unauthenticated', '请先登录')
export const forbidden = (message = '您没有执行此操作的权限') => new AppError(403, 'forbidden', message)
export const notFound = (what: string, message = '记录不存在或无权查看') =>
  new AppError(404, `${what}_not_found`, message)
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details)
export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details)

/** Out of the actor's scope: answered like a missing record, audited like a denial. */
export const hidden = (what: string) =>
  new AppError(404, `${what}_not_found`, '记录不存在或无权查看', undefined, true)
