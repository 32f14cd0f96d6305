/**
 * Counts hits per key in fixed windows. In memory, per process: each API instance limits on its
 * own, which still bounds guessing to (instances × limit) per window; the account lockout, kept in
 * PostgreSQL, is the limit that holds across instances.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a hit; returns 0 when within `limit`, else the whole seconds until the window ends. */
  hit(key: string, limit: number): number {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      if (this.windows.size > 10_000) this.sweep(now);
      window = { hits: 0, endsAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return window.hits > limit ? Math.ceil((window.endsAt - now) / 1000) : 0;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
