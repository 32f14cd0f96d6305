import type { DatabaseNotifications, NotificationListener } from './notifications';

export interface NotifiedCacheOptions<V> {
  /** The channel PostgreSQL triggers notify when what the values are derived from changes. */
  channel: string;
  /** Whether a notification's payload names the entry kept under `key`. */
  names: (payload: string, key: string, value: V) => boolean;
  /** A safety net should the notification connection die silently: no entry outlives this (default 60 s). */
  ttlMs?: number;
  /** Entries kept at most (default 10,000); reaching it empties the cache. */
  maxEntries?: number;
}

const DEFAULT_TTL_MS = 60_000;
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Values derived from the database, kept in this process between requests and dropped when
 * PostgreSQL notifies, as a change commits, that they may no longer hold. Bypassed entirely while
 * notifications cannot be heard; a read that overlaps a change is used for its request but not kept
 * (the generation moved on). Other processes see a change as soon as its notification reaches them,
 * milliseconds after the commit.
 */
export class NotifiedCache<V> implements NotificationListener {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private generation = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly notifications: DatabaseNotifications,
    private readonly options: NotifiedCacheOptions<V>,
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /** The value kept under `key`, or what `read` finds (kept until `validUntil` at the latest, in epoch ms). */
  async get<R extends V | null>(key: string, read: () => Promise<R>, validUntil?: (value: V) => number | undefined): Promise<R> {
    this.notifications.listen(this.options.channel, this);
    const now = Date.now();
    const kept = this.entries.get(key);
    // A kept value is never null, so it is an R.
    if (kept && kept.until > now && this.notifications.listening(this.options.channel)) return kept.value as R;
    const generation = this.generation;
    const value = await read();
    if (value !== null && generation === this.generation && this.notifications.listening(this.options.channel)) {
      if (this.entries.size >= this.maxEntries) this.reset();
      this.entries.set(key, { value, until: Math.min(now + this.ttlMs, validUntil?.(value) ?? Infinity) });
    }
    return value;
  }

  /** Drops what `payload` names: on a notification, or at once for this process's own changes. */
  notified(payload: string): void {
    this.generation += 1;
    for (const [key, entry] of this.entries) if (this.options.names(payload, key, entry.value)) this.entries.delete(key);
  }

  reset(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
