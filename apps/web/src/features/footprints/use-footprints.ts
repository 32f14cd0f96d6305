import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';

export type Footprint = Schemas['FootprintDto'];

/** The footprints the account may read (the API's policy decides: a lead's or analyst's own, every one for an admin). */
export function useFootprints() {
  return useQuery({
    queryKey: ['footprints'],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/v1/footprints', { params: { query: { limit: 100 } } });
      if (error) throw new Error(error.detail);
      return data.items;
    },
  });
}

export function useFootprint(footprintId: string) {
  return useQuery(footprintQuery(footprintId));
}

/** One footprint (name, k...): shared by the hook and the dashboards' prefetch (features/footprints/prefetch.ts). */
export function footprintQuery(footprintId: string) {
  return queryOptions({
    queryKey: ['footprint', footprintId],
    retry: false,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/v1/footprints/{footprintId}', { params: { path: { footprintId } } });
      if (error) throw new Error(error.detail);
      return data;
    },
  });
}
