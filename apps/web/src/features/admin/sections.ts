import type { MessageKey } from '../../i18n/i18n';
import type { Action } from '../../auth/access';

/**
 * The administration pages and the policy action each needs: the index lists those the signed-in
 * account may use (from GET /me `actions`), and each page refuses the others.
 */
export const ADMIN_SECTIONS: readonly { to: string; title: MessageKey; description: MessageKey; action: Action }[] = [
  { to: '/admin/users', title: 'admin.users.title', description: 'admin.users.description', action: 'user.read' },
  { to: '/admin/api-keys', title: 'admin.apiKeys.title', description: 'admin.apiKeys.description', action: 'api_key.read' },
  { to: '/admin/members', title: 'registry.members.title', description: 'registry.members.description', action: 'membership.read' },
  { to: '/admin/alert-rules', title: 'admin.alertRules.title', description: 'admin.alertRules.description', action: 'alert_rule.read' },
  { to: '/admin/webhooks', title: 'admin.webhooks.title', description: 'admin.webhooks.description', action: 'webhook.read' },
  { to: '/admin/instruments', title: 'admin.instruments.title', description: 'admin.instruments.description', action: 'instrument.manage' },
  { to: '/admin/audit', title: 'admin.audit.title', description: 'admin.audit.description', action: 'audit.read' },
  { to: '/admin/benchmark', title: 'admin.benchmark.title', description: 'admin.benchmark.description', action: 'benchmark.read_all' },
];
