import { Injectable } from '@nestjs/common';
import { DatabaseNotifications, type NotificationListener } from '@pp/core';
import type { Actor } from '../access/actor';

/** The channel the role_grant and user_account triggers notify, with the user's id (migration 1795900000000). */
export const ACTOR_CHANGED = 'actor_changed';

/** A safety net should the notification connection die silently: no entry outlives this. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Signed-in users' actors (status and grants), kept between requests so a request need not read
 * them again. Correct only because PostgreSQL notifies every process of each change as it commits:
 * the cache forgets the user then, and is bypassed entirely while it cannot hear notifications.
 * A read that overlaps a change is used for its request but not kept (the generation moved on).
 */
@Injectable()
export class ActorCache implements NotificationListener {
  private readonly actors = new Map<string, { actor: Actor; until: number }>();
  private generation = 0;

  constructor(private readonly notifications: DatabaseNotifications) {}

  async get(userId: string, read: () => Promise<Actor | null>): Promise<Actor | null> {
    this.notifications.listen(ACTOR_CHANGED, this);
    const now = Date.now();
    const kept = this.actors.get(userId);
    if (kept && kept.until > now && this.notifications.listening()) return kept.actor;
    const generation = this.generation;
    const actor = await read();
    if (actor && generation === this.generation && this.notifications.listening()) {
      if (this.actors.size >= MAX_ENTRIES) this.actors.clear();
      this.actors.set(userId, { actor, until: now + TTL_MS });
    }
    return actor;
  }

  /** Drops the user's actor; for this process's own changes, before other processes hear of them. */
  forget(userId: string): void {
    this.generation += 1;
    this.actors.delete(userId);
  }

  notified(userId: string): void {
    this.forget(userId);
  }

  reset(): void {
    this.generation += 1;
    this.actors.clear();
  }
}
