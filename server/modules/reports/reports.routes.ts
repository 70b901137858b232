import { PassThrough } from 'node:stream'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  REPORT_DATA,
  REPORT_NAMES,
  REPORT_QUERIES,
  REPORT_TITLES,
  type ReportName,
  type ReportProgressEvent,
} from '../../../common/reports'
import type { DB } from '../../db/database'
import { requireActor } from '../access/policy'
import { buildDocument, generateReport, reportData, reportsFor } from './reports.service'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

function attachment(fileName: string) {
  return `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

export const reportRoutes: FastifyPluginAsyncZod<{ db: DB }> = async (app, { db }) => {
  const tags = ['reports']
  app.get(
    '/api/reports',
    {
      schema: {
        tags,
        response: { 200: z.array(z.object({ name: z.enum(REPORT_NAMES), title: z.string() })) },
      },
    },
    async (req) => {
      requireActor(req.ctx)
      return reportsFor(req.ctx).map((name) => ({ name, title: REPORT_TITLES[name] }))
    },
  )

  for (const name of REPORT_NAMES) register(name)

  function register(name: ReportName) {
    // One route per report, each with its own query schema (widened here for the loop).
    const querystring = REPORT_QUERIES[name] as z.ZodType<Record<string, unknown>>
    const response = REPORT_DATA[name] as z.ZodType<unknown>
    app.get(
      `/api/reports/${name}/data`,
      { schema: { tags, querystring, response: { 200: response } } },
      async (req) => reportData(db, req.ctx, name, req.query as never),
    )

    app.get(`/api/reports/${name}.docx`, { schema: { tags, querystring } }, async (req, reply) => {
      const { buffer, fileName } = await generateReport(db, req.ctx, name, req.query as never)
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', attachment(fileName))
        .send(buffer)
    })

    // The same file with its progress: NDJSON lines (stage, percent) and finally the file in
    // base64. The numbers are read before the stream starts, so a refusal is an ordinary
    // (audited) error response; later failures arrive as an `error` line.
    app.get(`/api/reports/${name}/generate`, { schema: { tags, querystring } }, async (req, reply) => {
      const data = await reportData(db, req.ctx, name, req.query as never)
      const out = new PassThrough()
      const send = (e: ReportProgressEvent) => out.write(`${JSON.stringify(e)}\n`)
      send({ type: 'progress', stage: 'data', percent: 30, message: '数据已读取' })
      void (async () => {
        try {
          const { buffer, fileName } = await buildDocument(
            db,
            req.ctx,
            name,
            req.query as never,
            data,
            (stage, percent, message) => send({ type: 'progress', stage, percent, message }),
          )
          send({ type: 'done', fileName, size: buffer.length, base64: buffer.toString('base64') })
        } catch (err) {
          req.log.error({ err }, 'report generation failed')
          send({ type: 'error', code: 'report_failed', message: '报告生成失败' })
        } finally {
          out.end()
        }
      })()
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(out)
    })
  }
}
