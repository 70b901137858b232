import fastJson from 'fast-json-stringify'
import type { FastifyReply } from 'fastify'
import type { FastifySerializerCompiler } from 'fastify/types/schema'
import { serializerCompiler as zodSerializer } from 'fastify-type-provider-zod'
import { z } from 'zod'

type Route = Parameters<FastifySerializerCompiler<unknown>>[0]

/**
 * Writes each route's answers with a function compiled once from its zod response schema
 * (through JSON Schema, by fast-json-stringify, as Fastify does for its own schemas). Like
 * zod's parse followed by JSON.stringify it writes the declared fields only, so a row's other
 * columns (unit paths, hashes) never leave the server; it takes about half the time (a page of
 * 25 measures: 62 µs against 136). A schema JSON Schema cannot express (a transform) keeps
 * zod's way.
 *
 * With `check` (the tests: CHECK_RESPONSES=1) every answer is also written zod's way, and the
 * two must be the same text: a response that zod would refuse, or that the compiled function
 * would write differently, fails the test that made it.
 */
export function responseSerializer(check: boolean): FastifySerializerCompiler<unknown> {
  return (route: Route) => {
    const zodWrite = zodSerializer(route as never) as (data: unknown) => string
    const fast = compile(route.schema)
    if (!fast) return zodWrite
    if (!check) return fast
    return (data: unknown) => {
      const want = zodWrite(data)
      const got = fast(data)
      if (got !== want)
        throw new Error(
          `${route.method} ${route.url}: the compiled serializer wrote\n${got}\nwhere zod wrote\n${want}`,
        )
      return got
    }
  }
}

function compile(schema: unknown): ((data: unknown) => string) | null {
  if (!(schema instanceof z.ZodType)) return null
  try {
    return fastJson(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw' }) as never)
  } catch {
    return null
  }
}

const written = new WeakMap<object, { route: string; bytes: Buffer }>()

/**
 * Sends an answer that its module keeps and gives again as the same object (the dashboards,
 * until the next write): written by the route's own serializer the first time (so with the
 * declared fields only, and checked in the tests), and that text sent again while the object is
 * kept. At scale 1 the leader's page (12 KB) took 112 µs to write and a round's (19 KB, of 32
 * targets) 48 µs, on every request. The text is dropped with the object; a kept object must
 * never change.
 */
export function sendKept(reply: FastifyReply, value: object) {
  // (a HEAD request is answered by its GET route, with its writer)
  const method = reply.request.method === 'HEAD' ? 'GET' : reply.request.method
  const route = `${method} ${reply.request.routeOptions.url}`
  let w = written.get(value)
  if (!w || w.route !== route) {
    w = { route, bytes: Buffer.from(String(reply.serialize(value))) }
    written.set(value, w)
  }
  return reply.type('application/json; charset=utf-8').send(w.bytes)
}
