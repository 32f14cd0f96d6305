import { Injectable } from '@nestjs/common';
import { DatabaseNotifications, NotifiedCache } from '@pp/core';
import type { Actor } from '../access/actor';

/** The channel the user, grant and API key triggers notify, with the user's or key's id (migrations 1795900000000, 1796000000000). */
export const ACTOR_CHANGED = 'actor_changed';

/** An actor as read for a credential, and until when it holds at the latest (an API key's expiry). */
export interface ReadActor {
  actor: Actor;
  validUntil?: Date;
}

/**
 * Actors (a signed-in user's grants, an API key's footprints) kept between requests, by credential
 * (a user's id, a key's hash), so a request need not read them again. Correct only because
 * PostgreSQL notifies every process of each change as it commits, naming the user or key.
 */
@Injectable()
export class ActorCache {
  private readonly cache: NotifiedCache<ReadActor>;

  constructor(notifications: DatabaseNotifications) {
    this.cache = new NotifiedCache(notifications, {
      channel: ACTOR_CHANGED,
      names: (actorId, _credential, read) => read.actor.id === actorId,
    });
  }

  async get(credential: string, read: () => Promise<ReadActor | null>): Promise<Actor | null> {
    return (await this.cache.get(credential, read, (found) => found.validUntil?.getTime()))?.actor ?? null;
  }

  /** Drops a user's or key's actor; for this process's own changes, before other processes hear of them. */
  forget(actorId: string): void {
    this.cache.notified(actorId);
  }
}
