import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  DASHBOARD_NAMES,
  LeaderDashboard,
  LeaderDashboardQuery,
  RoundDashboard,
  RoundDashboardQuery,
  UnitDashboard,
  UnitDashboardQuery,
} from '../../../common/dashboards'
import type { DB } from '../../db/database'
import { sendKept } from '../../plugins/serializer'
import { requireActor } from '../access/policy'
import { dashboardsFor, leaderDashboard, roundDashboard, unitDashboard } from './dashboards.service'

export const dashboardRoutes: FastifyPluginAsyncZod<{ db: DB }> = async (app, { db }) => {
  const tags = ['dashboards']
  app.get(
    '/api/dashboards',
    { schema: { tags, response: { 200: z.array(z.enum(DASHBOARD_NAMES)) } } },
    async (req) => {
      requireActor(req.ctx)
      return dashboardsFor(req.ctx)
    },
  )
  app.get(
    '/api/dashboards/round',
    { schema: { tags, querystring: RoundDashboardQuery, response: { 200: RoundDashboard } } },
    async (req, reply) => sendKept(reply, await roundDashboard(db, req.ctx, req.query)),
  )
  app.get(
    '/api/dashboards/leader',
    { schema: { tags, querystring: LeaderDashboardQuery, response: { 200: LeaderDashboard } } },
    async (req, reply) => sendKept(reply, await leaderDashboard(db, req.ctx, req.query)),
  )
  app.get(
    '/api/dashboards/unit',
    { schema: { tags, querystring: UnitDashboardQuery, response: { 200: UnitDashboard } } },
    async (req) => unitDashboard(db, req.ctx, req.query),
  )
}
