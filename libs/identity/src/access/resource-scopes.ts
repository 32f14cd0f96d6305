import { Injectable } from '@nestjs/common';
import type { Resource } from './actor';

/** Finds the scope of one entity by id: null when there is no such entity. */
export type ScopeResolver = (id: string) => Promise<Resource[] | null>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A resource that does not exist: only platform-wide reach covers it, so a scoped actor gets 404. */
const NOWHERE: Resource[] = [{}];

/**
 * The one place that turns a route parameter into the footprint or organisation the policy needs.
 * Each lib registers how to find the scope of the entities it owns (an organisation's memberships,
 * a round's footprint); the access guard asks here for every parameter a route declares.
 */
@Injectable()
export class ResourceScopes {
  private readonly resolvers = new Map<string, ScopeResolver>([['footprint', async (id) => [{ footprintId: id }]]]);

  register(kind: string, resolver: ScopeResolver): void {
    if (this.resolvers.has(kind)) throw new Error(`A scope resolver for '${kind}' is already registered`);
    this.resolvers.set(kind, resolver);
  }

  /** Every scope the entity sits in; the actor must be allowed in each. */
  async resolve(kind: string, id: string): Promise<Resource[]> {
    const resolver = this.resolvers.get(kind);
    if (!resolver) throw new Error(`No scope resolver is registered for '${kind}'`);
    if (!UUID.test(id)) return NOWHERE;
    const resources = await resolver(id);
    return resources?.length ? resources : NOWHERE;
  }
}
