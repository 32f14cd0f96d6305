import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { settled } from '../../api/problem';
import { type Alert, subjectSeries } from './subject';
import { unreadAlertsKey } from './UnreadAlertsBadge';

export type { Alert } from './subject';

/** Alerts a page of the inbox shows. */
export const ALERTS_PAGE_SIZE = 25;

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const satisfies readonly Alert['status'][];
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Which alerts the inbox lists: the lead's in-app alerts, or one footprint's; optionally of one status; from a cursor. */
export interface AlertsView {
  footprintId?: string;
  status?: AlertStatus;
  cursor?: string;
}

/**
 * One page of alerts, newest first, with how many match in all (the API's `total`): the lead's
 * in-app alerts (each marked unread until read) or, given a footprint, that footprint's alerts.
 */
export function useAlertsPage(view: AlertsView, enabled: boolean) {
  const { footprintId, status, cursor } = view;
  return useQuery({
    queryKey: ['alerts', 'page', footprintId ?? 'inbox', status ?? 'any', cursor ?? 'first'],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const query = { status, cursor, limit: ALERTS_PAGE_SIZE };
      if (!footprintId) {
        const { data, error } = await api.GET('/api/v1/me/alerts', { params: { query } });
        if (error) throw new Error(error.detail);
        return { rows: data.items.map((item) => ({ alert: item.alert, unread: item.readAt === null })), nextCursor: data.nextCursor, total: data.total };
      }
      const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/alerts', { params: { path: { footprintId }, query } });
      if (error) throw new Error(error.detail);
      return { rows: data.items.map((alert) => ({ alert, unread: false })), nextCursor: data.nextCursor, total: data.total };
    },
  });
}

export function useAlert(alertId: string) {
  return useQuery({
    queryKey: ['alert', alertId],
    retry: false,
    queryFn: () => settled(api.GET('/api/v1/alerts/{alertId}', { params: { path: { alertId } } })),
  });
}

/** Marks the alert read in the lead's inbox (once, on opening it); an alert not in the inbox is left as it is. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (alertId: string) => {
      await api.POST('/api/v1/me/alerts/{alertId}/read', { params: { path: { alertId } } });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: unreadAlertsKey }),
  });
}

/** Acknowledge or resolve, with an optional note; the API's problem (a note too long, already resolved) comes back as an ApiProblem. */
export function useAlertAction(alertId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, note }: { action: 'acknowledge' | 'resolve'; note: string }) => {
      const body = note.trim() ? { note: note.trim() } : {};
      return settled(
        action === 'acknowledge'
          ? api.POST('/api/v1/alerts/{alertId}/acknowledge', { params: { path: { alertId } }, body })
          : api.POST('/api/v1/alerts/{alertId}/resolve', { params: { path: { alertId } }, body }),
      );
    },
    onSuccess: (alert) => {
      queryClient.setQueryData(['alert', alertId], alert);
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
}

export function useAlertTrend(alert: Alert | undefined) {
  const series = alert ? subjectSeries(alert) : null;
  return useQuery({
    queryKey: ['alert', alert?.id, 'trend'],
    enabled: Boolean(alert && series),
    queryFn: async () => {
      if (!alert || !series) return null;
      const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/scores/history', {
        params: { path: { footprintId: alert.footprintId }, query: { scope: series.scope, measure: series.measure, organisationId: series.organisationId, rounds: 8, limit: 500 } },
      });
      if (error) throw new Error(error.detail);
      return { ...series, rounds: data.rounds, anonymityThreshold: data.anonymityThreshold, items: data.items.filter((s) => s.subject === series.subject) };
    },
  });
}
