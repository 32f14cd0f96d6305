import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';
import { settled } from '../../api/problem';
import { useCan } from '../../auth/use-account';
import type { MessageKey } from '../../i18n/i18n';

export type FootprintBenchmark = Schemas['FootprintBenchmarkDto'];
export type BenchmarkFigure = Schemas['BenchmarkFigureDto'];
export type BenchmarkTable = Schemas['BenchmarkTableDto'];

/** The footprint's standing in the national benchmark for its latest scored round. */
export function useBenchmark(footprintId: string) {
  return useQuery(benchmarkQuery(footprintId));
}

/** Shared by the hook and the overview's prefetch (features/footprints/prefetch.ts). */
export function benchmarkQuery(footprintId: string) {
  return queryOptions({
    queryKey: ['benchmark', footprintId],
    queryFn: () => settled(api.GET('/api/v1/footprints/{footprintId}/benchmark', { params: { path: { footprintId } } })),
  });
}

/** Whether the account may opt the footprint in or out (footprint.update: platform admins and the footprint's leads). */
export function useCanSetSharing(footprintId: string): boolean {
  return useCan().can('footprint.update', footprintId);
}

/** Opts the footprint in or out; the benchmark is read again at once, as the API applies the change at once. */
export function useSetSharing(footprintId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The generated type makes fields with a default required; PATCH changes only the fields sent.
    mutationFn: (benchmarkSharing: boolean) =>
      settled(api.PATCH('/api/v1/footprints/{footprintId}', { params: { path: { footprintId } }, body: { benchmarkSharing } as Schemas['UpdateFootprintDto'] })),
    onSuccess: async (footprint) => {
      queryClient.setQueryData(['footprint', footprintId], footprint);
      await queryClient.invalidateQueries({ queryKey: ['benchmark', footprintId] });
    },
  });
}

/** The platform admins' full table for `period` (the latest period any sharer has scored when empty). */
export function useBenchmarkTable(period: string) {
  return useQuery({
    queryKey: ['benchmark', 'table', period],
    queryFn: () => settled(api.GET('/api/v1/benchmark', { params: { query: period ? { period } : {} } })),
    retry: false,
  });
}

/** Why a standing is withheld, in the reader's language (the API's `reason` is English). */
export function reasonKey(code: Schemas['BenchmarkReason']): MessageKey {
  return `benchmark.reason.${code}`;
}
