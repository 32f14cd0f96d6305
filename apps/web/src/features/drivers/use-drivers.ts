import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** A scored round's key drivers, each figure through the anonymity gate (withheld ones are null and say so). */
export function useRoundDrivers(roundId: string | undefined) {
  return useQuery({
    queryKey: ['drivers', roundId],
    enabled: Boolean(roundId),
    queryFn: async () => {
      const { data, error } = await api.GET('/api/v1/rounds/{roundId}/drivers', { params: { path: { roundId: roundId as string } } });
      if (error) throw new Error(error.detail);
      return data;
    },
  });
}
