import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useT } from '../../i18n/i18n';

export const unreadAlertsKey = ['alerts', 'unread'] as const;

/** How many of the lead's in-app alerts are unread, exactly (the API's count of them, read with a page of one), refreshed every minute. */
export function useUnreadAlerts(): number {
  const query = useQuery({
    queryKey: unreadAlertsKey,
    refetchInterval: 60_000,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/v1/me/alerts', { params: { query: { unread: true, limit: 1 } } });
      if (error) throw new Error(error.detail);
      return data.total;
    },
  });
  return query.data ?? 0;
}

/** The unread count beside "Alerts" in the navigation; nothing when none are unread. */
export function UnreadAlertsBadge() {
  const { t } = useT();
  const unread = useUnreadAlerts();
  if (unread === 0) return null;
  return (
    <span className="pp-nav-badge" data-testid="unread-alerts">
      <span aria-hidden="true">{unread}</span>
      <span className="nhsuk-u-visually-hidden">{t('alerts.unreadCount', { count: unread })}</span>
    </span>
  );
}
