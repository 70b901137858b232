import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, login, upload, type Session, type TestEnv } from '../../test/harness'

let env: TestEnv
let member: Session
let draftId: string
type Json = Record<string, any>

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n'),
  crypto.randomBytes(2000),
  Buffer.from('\n%%EOF\n'),
])
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

function storedFiles(): string[] {
  const root = path.join(env.dataDir, 'files')
  if (!fs.existsSync(root)) return []
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) =>
    fs.statSync(path.join(root, f)).isFile(),
  )
}
async function rows() {
  return Number(
    (
      await env.db
        .selectFrom('storedFile')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
}

beforeAll(async () => {
  env = await createTestEnv({ fileMaxBytes: 64 * 1024 })
  member = await login(env.app, 'xs_zuyuan5')
  // Qinghai (fifth team, second round) keeps two drafts in the demo.
  const drafts = (await as(env.app, member).get('/api/findings?status=draft')).json().items as Json[]
  draftId = drafts[0].id
})
afterAll(() => env.close())

describe('finding attachments', () => {
  it('stores a file by its digest and hands back the same bytes, audited', async () => {
    const res = await upload(
      env.app,
      member,
      `/api/files?ownerType=finding&ownerId=${draftId}`,
      {},
      { name: '谈话记录.pdf', content: PDF },
    )
    expect(res.statusCode).toBe(201)
    const file = res.json()
    expect(file.sha256).toBe(crypto.createHash('sha256').update(PDF).digest('hex'))
    expect(file.sm3).toBe(crypto.createHash('sm3').update(PDF).digest('hex'))
    expect(file).toMatchObject({ name: '谈话记录.pdf', mime: 'application/pdf', size: PDF.length })
    const dl = await as(env.app, member).get(`/api/files/${file.id}/download`)
    expect(dl.statusCode).toBe(200)
    expect(crypto.createHash('sha256').update(dl.rawPayload).digest('hex')).toBe(file.sha256)
    expect(dl.headers['x-content-sha256']).toBe(file.sha256)
    const listed = (await as(env.app, member).get(`/api/files?ownerType=finding&ownerId=${draftId}`)).json()
    expect(listed.map((f: Json) => f.id)).toEqual([file.id])
    const actions = (
      await env.db.selectFrom('auditEvent').select('action').where('objectId', '=', draftId).execute()
    ).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['file.upload', 'file.download']))
  })

  it('keeps a second upload of the same bytes as a new record over one stored copy', async () => {
    const before = storedFiles().length
    const res = await upload(
      env.app,
      member,
      `/api/files?ownerType=finding&ownerId=${draftId}`,
      {},
      { name: '谈话记录（第二版）.pdf', content: PDF },
    )
    expect(res.statusCode).toBe(201)
    expect(storedFiles().length).toBe(before)
  })

  it('refuses a forbidden type, a disguised file, an oversized file and a path-traversal name, storing nothing', async () => {
    const files = storedFiles().length
    const count = await rows()
    const attempts = [
      [{ name: 'tool.exe', content: Buffer.from('MZ\x90\x00') }, 'file_type_not_allowed'],
      [{ name: 'photo.pdf', content: PNG }, 'file_type_mismatch'],
      [{ name: 'big.pdf', content: Buffer.concat([PDF, crypto.randomBytes(100 * 1024)]) }, 'file_too_large'],
      [{ name: '../../etc/passwd.pdf', content: PDF }, 'invalid_file_name'],
      [{ name: '..\\evil.pdf', content: PDF }, 'invalid_file_name'],
    ] as const
    for (const [file, code] of attempts) {
      const res = await upload(
        env.app,
        member,
        `/api/files?ownerType=finding&ownerId=${draftId}`,
        {},
        { ...file },
      )
      expect(res.statusCode, file.name).toBe(400)
      expect(res.json().error.code, file.name).toBe(code)
    }
    expect(storedFiles().length).toBe(files)
    expect(await rows()).toBe(count)
  })

  it('lets no one outside the finding’s readers upload or download', async () => {
    const file = (await as(env.app, member).get(`/api/files?ownerType=finding&ownerId=${draftId}`)).json()[0]
    const otherTeam = await login(env.app, 'xs_zuyuan1')
    expect((await as(env.app, otherTeam).get(`/api/files/${file.id}/download`)).statusCode).toBe(404)
    const liaison = await login(env.app, 'bj_liaison')
    expect((await as(env.app, liaison).get(`/api/files/${file.id}/download`)).statusCode).toBe(404)
    const up = await upload(
      env.app,
      otherTeam,
      `/api/files?ownerType=finding&ownerId=${draftId}`,
      {},
      { name: 'x.pdf', content: PDF },
    )
    expect(up.statusCode).toBe(404)
    const badOwner = await upload(
      env.app,
      member,
      `/api/files?ownerType=nothing&ownerId=${draftId}`,
      {},
      { name: 'x.pdf', content: PDF },
    )
    expect(badOwner.json().error.code).toBe('invalid_owner_type')
    const denials = await env.db
      .selectFrom('auditEvent')
      .select('actorUsername')
      .where('action', '=', 'access.denied')
      .execute()
    expect(denials.map((d) => d.actorUsername)).toEqual(expect.arrayContaining(['xs_zuyuan1', 'bj_liaison']))
  })
})
