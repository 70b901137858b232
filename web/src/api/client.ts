import type { MeDto } from '../../../common/schemas'

export type { MeDto }

/** An error answered by the server ({ error: { code, message, details } }) or by the network. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

let csrfToken: string | null = null
let onUnauthorized: (() => void) | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Registered by the app shell: what to do when the session is gone (go to /login). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler
}

export type QueryValue = string | number | boolean | null | undefined
export type QueryParams = Record<string, QueryValue>

/** Builds `?a=1&b=2`, leaving out empty values. */
export function toQuery(params: QueryParams | undefined): string {
  if (!params) return ''
  const sp = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    sp.set(key, String(value))
  }
  const s = sp.toString()
  return s ? `?${s}` : ''
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const LOGIN_PATH = '/api/auth/login'

export interface RequestOptions {
  query?: QueryParams
  body?: unknown
  signal?: AbortSignal
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  const init: RequestInit = { method, credentials: 'same-origin', headers, signal: options.signal }
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    init.body = JSON.stringify(options.body)
  }
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken

  let res: Response
  try {
    res = await fetch(path + toQuery(options.query), init)
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, 'network_error', (e as Error).message || 'Network error')
  }

  if (!res.ok) {
    const err = await readError(res)
    if (res.status === 401 && path !== LOGIN_PATH) {
      csrfToken = null
      onUnauthorized?.()
    }
    throw err
  }
  if (res.status === 204) return undefined as T
  const type = res.headers.get('content-type') ?? ''
  const data = type.includes('application/json') ? await res.json() : await res.text()
  if (data && typeof data === 'object' && 'csrfToken' in data && typeof data.csrfToken === 'string') {
    csrfToken = data.csrfToken
  }
  return data as T
}

async function readError(res: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // not JSON (a proxy error page, an empty body)
  }
  const env = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error
  if (env && typeof env.code === 'string') {
    return new ApiError(
      res.status,
      env.code,
      typeof env.message === 'string' ? env.message : env.code,
      env.details,
    )
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`)
}

/** POSTs multipart form data (a file upload); the browser sets the boundary. */
async function upload<T>(path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (csrfToken) headers['x-csrf-token'] = csrfToken
  let res: Response
  try {
    res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers, body: form })
  } catch (e) {
    throw new ApiError(0, 'network_error', (e as Error).message || 'Network error')
  }
  if (!res.ok) {
    const err = await readError(res)
    if (res.status === 401) {
      csrfToken = null
      onUnauthorized?.()
    }
    throw err
  }
  return (await res.json()) as T
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  upload,
}

/** GET a file (CSV export) and hand it to the browser as a download. */
export async function download(path: string, query: QueryParams, fallbackName: string): Promise<string> {
  const res = await fetch(path + toQuery(query), { credentials: 'same-origin' })
  if (!res.ok) {
    const err = await readError(res)
    if (res.status === 401) onUnauthorized?.()
    throw err
  }
  const disposition = res.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  const plain = /filename="?([^";]+)"?/i.exec(disposition)
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return name
}
