import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  CreateDepartment,
  CreateUnit,
  CreateUser,
  DepartmentDto,
  DepartmentQuery,
  GrantRoleBody,
  Id,
  ResetPasswordBody,
  RoleGrantDto,
  UnitDto,
  UnitQuery,
  UpdateDepartment,
  UpdateUnit,
  UpdateUser,
  UserDto,
  UserLookupDto,
  UserLookupQuery,
  UserQuery,
  pageOf,
} from '../../../common/schemas'
import type { DB } from '../../db/database'
import * as departments from './department.service'
import * as units from './unit.service'
import * as users from './user.service'

const IdParams = z.strictObject({ id: Id })

export const orgRoutes: FastifyPluginAsyncZod<{ db: DB }> = async (app, { db }) => {
  // units
  app.get(
    '/api/units',
    { schema: { tags: ['units'], querystring: UnitQuery, response: { 200: pageOf(UnitDto) } } },
    (req) => units.list(db, req.ctx, req.query),
  )
  app.get(
    '/api/units/:id',
    { schema: { tags: ['units'], params: IdParams, response: { 200: UnitDto } } },
    (req) => units.get(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/units',
    { schema: { tags: ['units'], body: CreateUnit, response: { 201: UnitDto } } },
    async (req, reply) => reply.code(201).send(await units.create(db, req.ctx, req.body)),
  )
  app.patch(
    '/api/units/:id',
    { schema: { tags: ['units'], params: IdParams, body: UpdateUnit, response: { 200: UnitDto } } },
    (req) => units.update(db, req.ctx, req.params.id, req.body),
  )
  app.delete('/api/units/:id', { schema: { tags: ['units'], params: IdParams } }, async (req, reply) => {
    await units.remove(db, req.ctx, req.params.id)
    return reply.code(204).send()
  })

  // departments
  app.get(
    '/api/departments',
    {
      schema: {
        tags: ['departments'],
        querystring: DepartmentQuery,
        response: { 200: pageOf(DepartmentDto) },
      },
    },
    (req) => departments.list(db, req.ctx, req.query),
  )
  app.post(
    '/api/departments',
    { schema: { tags: ['departments'], body: CreateDepartment, response: { 201: DepartmentDto } } },
    async (req, reply) => reply.code(201).send(await departments.create(db, req.ctx, req.body)),
  )
  app.patch(
    '/api/departments/:id',
    {
      schema: {
        tags: ['departments'],
        params: IdParams,
        body: UpdateDepartment,
        response: { 200: DepartmentDto },
      },
    },
    (req) => departments.update(db, req.ctx, req.params.id, req.body),
  )
  app.delete(
    '/api/departments/:id',
    { schema: { tags: ['departments'], params: IdParams } },
    async (req, reply) => {
      await departments.remove(db, req.ctx, req.params.id)
      return reply.code(204).send()
    },
  )

  // users
  app.get(
    '/api/users',
    { schema: { tags: ['users'], querystring: UserQuery, response: { 200: pageOf(UserDto) } } },
    (req) => users.list(db, req.ctx, req.query),
  )
  app.get(
    '/api/users/lookup',
    { schema: { tags: ['users'], querystring: UserLookupQuery, response: { 200: z.array(UserLookupDto) } } },
    (req) => users.lookup(db, req.ctx, req.query),
  )
  app.get(
    '/api/users/:id',
    { schema: { tags: ['users'], params: IdParams, response: { 200: UserDto } } },
    (req) => users.get(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/users',
    { schema: { tags: ['users'], body: CreateUser, response: { 201: UserDto } } },
    async (req, reply) => reply.code(201).send(await users.create(db, req.ctx, req.body)),
  )
  app.patch(
    '/api/users/:id',
    { schema: { tags: ['users'], params: IdParams, body: UpdateUser, response: { 200: UserDto } } },
    (req) => users.update(db, req.ctx, req.params.id, req.body),
  )
  app.post(
    '/api/users/:id/reset-password',
    { schema: { tags: ['users'], params: IdParams, body: ResetPasswordBody } },
    async (req, reply) => {
      await users.resetPassword(db, req.ctx, req.params.id, req.body.password)
      return reply.code(204).send()
    },
  )
  app.post('/api/users/:id/unlock', { schema: { tags: ['users'], params: IdParams } }, async (req, reply) => {
    await users.unlock(db, req.ctx, req.params.id)
    return reply.code(204).send()
  })

  // roles
  app.get(
    '/api/users/:id/roles',
    { schema: { tags: ['roles'], params: IdParams, response: { 200: z.array(RoleGrantDto) } } },
    (req) => users.rolesOf(db, req.ctx, req.params.id),
  )
  app.post(
    '/api/users/:id/roles',
    { schema: { tags: ['roles'], params: IdParams, body: GrantRoleBody, response: { 201: RoleGrantDto } } },
    async (req, reply) => reply.code(201).send(await users.grantRole(db, req.ctx, req.params.id, req.body)),
  )
  app.delete(
    '/api/users/:id/roles/:grantId',
    { schema: { tags: ['roles'], params: z.strictObject({ id: Id, grantId: Id }) } },
    async (req, reply) => {
      await users.revokeRole(db, req.ctx, req.params.id, req.params.grantId)
      return reply.code(204).send()
    },
  )
}
