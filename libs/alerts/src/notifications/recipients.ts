import type { EntityManager } from 'typeorm';

export interface Lead {
  id: string;
  email: string;
  displayName: string;
}

/**
 * The footprint's leads who can act on an alert or an overdue action: active users holding
 * footprint_lead there, and `alsoUserId` when given and active (an action's recorder). Read with
 * SQL over identity's tables, because the worker loads no identity module (it serves no HTTP).
 */
export function leadsOf(manager: EntityManager, footprintId: string, alsoUserId: string | null = null): Promise<Lead[]> {
  return manager.query(
    `SELECT u.id, u.email, u.display_name AS "displayName"
     FROM user_account u
     WHERE u.status = 'active'
       AND (u.id = $2 OR EXISTS (SELECT 1 FROM role_grant g WHERE g.user_id = u.id AND g.role = 'footprint_lead' AND g.footprint_id = $1))
     ORDER BY u.email`,
    [footprintId, alsoUserId],
  );
}
