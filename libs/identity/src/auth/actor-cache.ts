import { Injectable } from '@nestjs/common';
import { DatabaseNotifications, type NotificationListener } from '@pp/core';
import type { Actor } from '../access/actor';

/** The channel the user, grant and API key triggers notify, with the user's or key's id (migrations 1795900000000, 1796000000000). */
export const ACTOR_CHANGED = 'actor_changed';

/** A safety net should the notification connection die silently: no entry outlives this. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/** An actor as read for a credential, and until when it holds at the latest (an API key's expiry). */
export interface ReadActor {
  actor: Actor;
  validUntil?: Date;
}

/**
 * Actors (a signed-in user's grants, an API key's footprints) kept between requests, by credential
 * (a user's id, a key's hash), so a request need not read them again. Correct only because
 * PostgreSQL notifies every process of each change as it commits: the cache forgets that actor then,
 * and is bypassed entirely while it cannot hear notifications. A read that overlaps a change is used
 * for its request but not kept (the generation moved on).
 */
@Injectable()
export class ActorCache implements NotificationListener {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  /** The credential each cached actor is kept under, by the actor's id (what notifications name). */
  private readonly credentials = new Map<string, string>();
  private generation = 0;

  constructor(private readonly notifications: DatabaseNotifications) {}

  async get(credential: string, read: () => Promise<ReadActor | null>): Promise<Actor | null> {
    this.notifications.listen(ACTOR_CHANGED, this);
    const now = Date.now();
    const kept = this.entries.get(credential);
    if (kept && kept.until > now && this.notifications.listening()) return kept.actor;
    const generation = this.generation;
    const found = await read();
    if (found && generation === this.generation && this.notifications.listening()) {
      if (this.entries.size >= MAX_ENTRIES) this.reset();
      this.entries.set(credential, { actor: found.actor, until: Math.min(now + TTL_MS, found.validUntil?.getTime() ?? Infinity) });
      this.credentials.set(found.actor.id, credential);
    }
    return found?.actor ?? null;
  }

  /** Drops a user's or key's actor; for this process's own changes, before other processes hear of them. */
  forget(actorId: string): void {
    this.generation += 1;
    const credential = this.credentials.get(actorId);
    if (credential === undefined) return;
    this.credentials.delete(actorId);
    this.entries.delete(credential);
  }

  notified(actorId: string): void {
    this.forget(actorId);
  }

  reset(): void {
    this.generation += 1;
    this.entries.clear();
    this.credentials.clear();
  }
}
