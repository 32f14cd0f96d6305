export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Open and acknowledged alerts are active: a lead still has to act, and a later round may clear them. */
export const ACTIVE_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged'];

/** `cleared`: a later round no longer meets the condition. `manual`: a lead resolved it. */
export const RESOLUTIONS = ['cleared', 'manual'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** open → acknowledged → resolved, and open → resolved; a resolved alert stays resolved. */
export function lifecycleProblem(from: AlertStatus, to: Exclude<AlertStatus, 'open'>): string | null {
  if (from === 'resolved') return 'The alert is already resolved';
  if (from === to) return `The alert is already ${to}`;
  return null;
}
