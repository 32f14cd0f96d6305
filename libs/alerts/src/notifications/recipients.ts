import type { EntityManager } from 'typeorm';

export interface Lead {
  id: string;
  email: string;
  displayName: string;
}

/**
 * The footprint's leads who can act on an alert: active users holding footprint_lead there. Read
 * with SQL over identity's tables, because the worker loads no identity module (it serves no HTTP).
 */
export function leadsOf(manager: EntityManager, footprintId: string): Promise<Lead[]> {
  return manager.query(
    `SELECT DISTINCT u.id, u.email, u.display_name AS "displayName"
     FROM role_grant g JOIN user_account u ON u.id = g.user_id
     WHERE g.role = 'footprint_lead' AND g.footprint_id = $1 AND u.status = 'active'
     ORDER BY u.email`,
    [footprintId],
  );
}
