import path from 'node:path'
import { z } from 'zod'
import { PG_POOL_SIZE } from './db/dialect'

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(PG_POOL_SIZE),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
  AUDIT_HASH: z.enum(['sm3', 'sha256']).default('sm3'),
  COOKIE_SECURE: z.enum(['0', '1']).default('0'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  FILE_MAX_MB: z.coerce.number().positive().default(50),
  JOBS: z.enum(['on', 'off']).default('on'),
  JOB_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default('督办平台 <duban@localhost>'),
  METRICS_TOKEN: z.string().min(16).optional(),
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  CHECK_RESPONSES: z.enum(['0', '1']).default('0'),
})

export type Config = {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  /** PostgreSQL connections each server process keeps open at most (SQLite has one). */
  databasePoolSize: number
  logLevel: string
  sessionIdleMs: number
  sessionAbsoluteMs: number
  auditHash: 'sm3' | 'sha256'
  cookieSecure: boolean
  loginRateLimit: number
  trustProxy: boolean
  fileMaxBytes: number
  jobs: boolean
  jobIntervalMs: number
  smtpUrl: string | undefined
  smtpFrom: string
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken: string | undefined
  /** Server processes sharing the port (node:cluster); 1 serves from this process. */
  workers: number
  /** Also writes every answer zod's way and requires the same text (the tests; plugins/serializer.ts). */
  checkResponses: boolean
  webDir: string
}

/** Reads the environment once; every CLI command and the server use the same reading. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    auditHash: e.AUDIT_HASH,
    cookieSecure: e.COOKIE_SECURE === '1',
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    trustProxy: e.TRUST_PROXY === '1',
    fileMaxBytes: Math.floor(e.FILE_MAX_MB * 1_048_576),
    jobs: e.JOBS === 'on',
    jobIntervalMs: e.JOB_INTERVAL_MS,
    smtpUrl: e.SMTP_URL || undefined,
    smtpFrom: e.SMTP_FROM,
    metricsToken: e.METRICS_TOKEN || undefined,
    workers: e.WORKERS,
    checkResponses: e.CHECK_RESPONSES === '1',
    webDir: process.env.WEB_DIR
      ? path.resolve(process.env.WEB_DIR)
      : path.resolve(import.meta.dirname, '..', 'dist', 'web'),
    ...overrides,
  }
}
