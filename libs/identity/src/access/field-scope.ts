import { InvalidInputError } from '@pp/core';
import type { Actor } from './actor';
import { type Action, can } from './policy';

/**
 * Footprint ids in a request body are checked like route parameters, but a value the actor may
 * not set is refused as bad input naming the field (never silently dropped or applied).
 */
export function assertFootprintsInScope(actor: Actor, action: Action, field: string, footprintIds: readonly string[]): void {
  const outside = footprintIds.filter((footprintId) => !can(actor, action, { footprintId }));
  if (outside.length > 0) {
    const problem = `may only name footprints you may ${action}; not ${outside.join(', ')}`;
    throw new InvalidInputError(`${field} ${problem}`, [{ field, problem }]);
  }
}
