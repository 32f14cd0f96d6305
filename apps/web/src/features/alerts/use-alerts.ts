import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { settled } from '../../api/problem';
import { type Alert, subjectSeries } from './subject';
import { unreadAlertsKey } from './UnreadAlertsBadge';

export type { Alert } from './subject';

/** The lead's in-app alerts (newest first), each with when it was read. */
export function useInbox(enabled: boolean) {
  return useQuery({
    queryKey: ['alerts', 'inbox'],
    enabled,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/v1/me/alerts', { params: { query: { limit: 100 } } });
      if (error) throw new Error(error.detail);
      return data.items;
    },
  });
}

/** Every alert of each footprint (newest first), for those who read footprints without an inbox (analysts, admins). */
export function useFootprintAlerts(footprintIds: readonly string[]) {
  return useQueries({
    queries: footprintIds.map((footprintId) => ({
      queryKey: ['alerts', 'footprint', footprintId, 'all'],
      queryFn: async () => {
        const { data, error } = await api.GET('/api/v1/footprints/{footprintId}/alerts', { params: { path: { footprintId }, query: { limit: 100 } } });
        if (error) throw new Error(error.detail);
        return data.items;
      },
    })),
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
