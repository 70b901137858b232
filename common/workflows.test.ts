import { describe, expect, it } from 'vitest'
import { ROLES } from './roles'
import {
  FINDING_ACTIONS,
  FINDING_STATUSES,
  FINDING_WORKFLOW,
  ROUND_PHASES,
  ROUND_WORKFLOW,
  actionsFrom,
  transition,
  type Transition,
} from './workflows'

/** Every (state, action, role) triple: allowed exactly when the table lists it. */
function exhaustive<S extends string, A extends string>(
  table: readonly Transition<S, A>[],
  states: readonly S[],
  actions: readonly A[],
) {
  let allowed = 0
  let refused = 0
  for (const from of states) {
    for (const action of actions) {
      const row = table.find((t) => t.from === from && t.action === action)
      for (const role of ROLES) {
        const r = transition(table, from, action, [role])
        if (!row) {
          expect(r).toMatchObject({ ok: false, code: 'invalid_transition' })
          refused++
        } else if (row.roles.includes(role)) {
          expect(r).toEqual({ ok: true, to: row.to })
          allowed++
        } else {
          expect(r).toMatchObject({ ok: false, code: 'forbidden' })
          refused++
        }
      }
    }
  }
  return { allowed, refused }
}

describe('round phases', () => {
  it('allows each phase one step forward and one back, never out of the archive', () => {
    const { allowed } = exhaustive(ROUND_WORKFLOW, ROUND_PHASES, ['advance', 'revert'])
    expect(allowed).toBe(6 + 5)
    expect(transition(ROUND_WORKFLOW, 'preparation', 'advance', ['inspection_office'])).toEqual({
      ok: true,
      to: 'on_site',
    })
    expect(transition(ROUND_WORKFLOW, 'acceptance', 'advance', ['inspection_office'])).toEqual({
      ok: true,
      to: 'archived',
    })
    expect(transition(ROUND_WORKFLOW, 'archived', 'revert', ['inspection_office']).ok).toBe(false)
    expect(transition(ROUND_WORKFLOW, 'preparation', 'revert', ['inspection_office']).ok).toBe(false)
    expect(transition(ROUND_WORKFLOW, 'on_site', 'advance', ['team_leader'])).toMatchObject({
      code: 'forbidden',
    })
  })
})

describe('finding lifecycle', () => {
  it('allows exactly the listed moves to exactly the listed roles', () => {
    const { allowed, refused } = exhaustive(FINDING_WORKFLOW, FINDING_STATUSES, FINDING_ACTIONS)
    expect(allowed).toBe(FINDING_WORKFLOW.reduce((n, t) => n + t.roles.length, 0))
    expect(allowed + refused).toBe(FINDING_STATUSES.length * FINDING_ACTIONS.length * ROLES.length)
  })

  it('follows the path from draft to closed, with returns', () => {
    const path: [string, string, string, string][] = [
      ['draft', 'confirm', 'team_leader', 'confirmed'],
      ['confirmed', 'feed_back', 'inspection_office', 'fed_back'],
      ['fed_back', 'start_rectification', 'unit_liaison', 'rectifying'],
      ['rectifying', 'submit_verification', 'unit_leader', 'awaiting_verification'],
      ['awaiting_verification', 'return', 'inspection_office', 'rectifying'],
      ['awaiting_verification', 'close', 'inspection_office', 'closed'],
    ]
    for (const [from, action, role, to] of path) {
      expect(transition(FINDING_WORKFLOW, from as never, action as never, [role])).toEqual({ ok: true, to })
    }
  })

  it('never lets an inspected unit or a team member confirm, feed back or close', () => {
    for (const role of ['unit_leader', 'unit_liaison', 'team_member']) {
      expect(transition(FINDING_WORKFLOW, 'draft', 'confirm', [role]).ok).toBe(false)
      expect(transition(FINDING_WORKFLOW, 'confirmed', 'feed_back', [role]).ok).toBe(false)
      expect(transition(FINDING_WORKFLOW, 'awaiting_verification', 'close', [role]).ok).toBe(false)
    }
  })

  it('lists what a role may do from a state', () => {
    expect(actionsFrom(FINDING_WORKFLOW, 'draft', ['team_leader'])).toEqual(['confirm', 'send_back'])
    expect(actionsFrom(FINDING_WORKFLOW, 'draft', ['team_member'])).toEqual([])
  })
})
