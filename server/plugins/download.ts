import type { FastifyReply } from 'fastify'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Sends a spreadsheet as a download under a (Chinese) file name. */
export function sendXlsx(reply: FastifyReply, fileName: string, body: unknown) {
  return reply
    .header('content-type', XLSX)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(body)
}
