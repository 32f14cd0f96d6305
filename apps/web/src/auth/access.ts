import type { Schemas } from '../api/client';
import type { Account } from './use-account';

/** An action of the API's access policy, as GET /me lists those the signed-in account may perform. */
export type Action = Schemas['AccountDto']['actions'][number];

/**
 * Whether `account` may perform `action`, from the API's own policy as GET /me states it: on one
 * footprint's records when `footprintId` is given (a platform role's `actionsEverywhere`, or what its
 * grants allow on that footprint: someone who leads one footprint and is an analyst on another
 * may change only the first), else anywhere. Pages hide what it may not do; the API refuses it all the same.
 */
export function can(account: Account | null | undefined, action: Action, footprintId?: string): boolean {
  if (!account) return false;
  if (footprintId === undefined) return account.actions.includes(action);
  return account.actionsEverywhere.includes(action) || account.footprints.some((footprint) => footprint.footprintId === footprintId && footprint.actions.includes(action));
}
