import nodemailer from 'nodemailer'
import type { DB } from '../../db/database'

/** The e-mail job: sends one notification to its user's address over the configured SMTP server. */
export function emailHandler(smtpUrl: string, from: string) {
  const transport = nodemailer.createTransport(smtpUrl)
  return async (db: DB, payload: { notificationId: string }) => {
    const n = await db
      .selectFrom('notification')
      .innerJoin('appUser', 'appUser.id', 'notification.userId')
      .select(['notification.title', 'notification.body', 'appUser.email', 'appUser.displayName'])
      .where('notification.id', '=', payload.notificationId)
      .executeTakeFirst()
    if (!n?.email) return
    await transport.sendMail({
      from,
      to: `${n.displayName} <${n.email}>`,
      subject: `【督办】${n.title}`,
      text: n.body,
    })
  }
}
