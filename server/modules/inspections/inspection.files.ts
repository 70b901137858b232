import { conflict, forbidden } from '../../errors'
import { registerOwner } from '../files/file.policy'
import * as findings from './finding.service'

/** Attachments of a finding: its team adds them while it is a draft; whoever sees the finding reads them. */
export function registerInspectionFiles() {
  registerOwner('finding', {
    async canAttach(db, ctx, ownerId) {
      const f = await findings.get(db, ctx, ownerId)
      const roles = await findings.rolesOn(db, ctx, ownerId)
      if (!roles.includes('team_member')) throw forbidden('只有本巡视组成员可以上传问题附件')
      if (f.status !== 'draft' && f.status !== 'confirmed')
        throw conflict('finding_fed_back', '已反馈的问题不能再添加附件')
    },
    async canRead(db, ctx, ownerId) {
      await findings.get(db, ctx, ownerId)
    },
  })
}
