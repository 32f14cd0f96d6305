import type { Schemas } from '../../api/client';
import { useAccount } from '../../auth/use-account';

/** An action of the API's access policy, as GET /me lists those the signed-in account may perform. */
export type Action = Schemas['AccountDto']['actions'][number];

/**
 * What the signed-in account may do, from the API's own policy (GET /me `actions`): pages hide
 * what it may not, and the API refuses it all the same.
 */
export function useCan(): { can: (action: Action) => boolean; isLoading: boolean } {
  const { account, isLoading } = useAccount();
  const actions = new Set(account?.actions ?? []);
  return { can: (action) => actions.has(action), isLoading };
}
