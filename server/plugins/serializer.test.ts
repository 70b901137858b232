import Fastify from 'fastify'
import { validatorCompiler } from 'fastify-type-provider-zod'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { responseSerializer, sendKept } from './serializer'

const Item = z.object({
  id: z.string(),
  count: z.number().int(),
  note: z.string().nullable(),
  kind: z.enum(['a', 'b']),
  tags: z.array(z.string()),
  done: z.string().optional(),
})

async function appWith(check: boolean, data: unknown, schema: z.ZodType = Item) {
  const app = Fastify({ logger: false })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(responseSerializer(check))
  app.get('/x', { schema: { response: { 200: schema } } }, async () => data)
  await app.ready()
  return app
}

const row = {
  id: 'm1',
  count: 3,
  note: null,
  kind: 'a',
  tags: ['甲', '"q"'],
  unitPath: '/1/2/',
  hash: 'secret',
}

describe('the compiled response writer', () => {
  it('writes the declared fields only, as zod would', async () => {
    for (const check of [false, true]) {
      const app = await appWith(check, row)
      const res = await app.inject({ method: 'GET', url: '/x' })
      expect(res.statusCode).toBe(200)
      expect(res.body).toBe(JSON.stringify(Item.parse(row)))
      expect(res.json()).not.toHaveProperty('unitPath')
      expect(res.json()).not.toHaveProperty('hash')
      await app.close()
    }
  })

  it('under check, refuses an answer zod refuses', async () => {
    const app = await appWith(true, { ...row, count: 'many' })
    expect((await app.inject({ method: 'GET', url: '/x' })).statusCode).toBe(500)
    await app.close()
  })

  it('under check, refuses an answer the two would write differently', async () => {
    // zod rejects a fraction for an int; the compiled writer would round it silently
    const app = await appWith(true, { ...row, count: 2.5 })
    expect((await app.inject({ method: 'GET', url: '/x' })).statusCode).toBe(500)
    await app.close()
  })

  it("keeps zod's way for a schema JSON Schema cannot express", async () => {
    const Shouting = z.object({ name: z.string().transform((s) => s.toUpperCase()) })
    const app = await appWith(false, { name: 'abc' }, Shouting)
    expect((await app.inject({ method: 'GET', url: '/x' })).json()).toEqual({ name: 'ABC' })
    await app.close()
  })
})

describe('a kept answer (sendKept)', () => {
  it("is written once by its route's writer, and that text sent while the object is kept", async () => {
    for (const check of [false, true]) {
      let reads = 0
      // a kept object whose every writing reads `id` once
      const kept = {
        ...row,
        get id() {
          reads++
          return 'm1'
        },
      }
      const other = { ...row, id: 'm2' }
      const Short = z.object({ id: z.string(), kind: z.enum(['a', 'b']) })
      const app = Fastify({ logger: false })
      app.setValidatorCompiler(validatorCompiler)
      app.setSerializerCompiler(responseSerializer(check))
      app.get('/x', { schema: { response: { 200: Item } } }, async (req, reply) =>
        sendKept(reply, (req.query as { other?: string }).other ? other : kept),
      )
      app.get('/short', { schema: { response: { 200: Short } } }, async (_req, reply) =>
        sendKept(reply, kept),
      )
      await app.ready()

      const first = await app.inject({ method: 'GET', url: '/x' })
      const afterFirst = reads
      expect(afterFirst).toBeGreaterThan(0)
      expect(first.statusCode).toBe(200)
      expect(first.headers['content-type']).toBe('application/json; charset=utf-8')
      // the declared fields only, as the route's writer writes them
      expect(first.body).toBe(JSON.stringify(Item.parse({ ...row, id: 'm1' })))
      expect(first.json()).not.toHaveProperty('hash')

      const again = await app.inject({ method: 'GET', url: '/x' })
      expect(again.body).toBe(first.body)
      expect(reads).toBe(afterFirst)
      // a HEAD request is answered by the GET route, with the same text
      const head = await app.inject({ method: 'HEAD', url: '/x' })
      expect(head.statusCode).toBe(200)
      expect(head.headers['content-length']).toBe(String(Buffer.byteLength(first.body)))
      expect((await app.inject({ method: 'GET', url: '/x' })).body).toBe(first.body)
      expect(reads).toBe(afterFirst)

      // another object has its own text; the same object through another route, that route's
      expect((await app.inject({ method: 'GET', url: '/x?other=1' })).json().id).toBe('m2')
      expect((await app.inject({ method: 'GET', url: '/short' })).json()).toEqual({ id: 'm1', kind: 'a' })
      expect(reads).toBeGreaterThan(afterFirst)
      await app.close()
    }
  })
})
