import type { INestApplication } from '@nestjs/common';
import { DatabaseNotifications, NotifiedCache } from '@pp/core';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { until } from '../support/processes';

/**
 * The one mechanism behind the API's caches of what it read from PostgreSQL, against the real
 * server: a cache trusts what it keeps only once its channel is listened to, and every cache on a
 * channel hears its notifications.
 */
describe('database notifications', () => {
  let app: INestApplication;
  let db: DataSource;
  let notifications: DatabaseNotifications;

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
    notifications = app.get(DatabaseNotifications);
  });

  afterAll(async () => {
    await app.close();
  });

  /** A cache of one counter per key on `channel`: each read counts, so a kept value shows as an unchanged count. */
  function counterCache(channel: string) {
    let reads = 0;
    const cache = new NotifiedCache<number>(notifications, { channel, names: (payload, key) => payload === key, ttlMs: 60_000, maxEntries: 100 });
    return { read: (key: string) => cache.get(key, async () => ++reads) };
  }

  it('keeps nothing on a channel until its LISTEN has taken effect, then keeps values until a notification names them, for every cache on the channel', async () => {
    const channel = `test_changed_${process.pid}`;
    // The connection is up, listening to another channel: a new one is still not heard at once.
    const other = counterCache(`${channel}_other`);
    await other.read('a');
    await until('the other channel to be heard', async () => notifications.listening(`${channel}_other`), 5_000);
    const first = counterCache(channel);
    const second = counterCache(channel);
    expect(notifications.listening(channel)).toBe(false);
    // Read before the channel is heard: used, not kept.
    expect(await first.read('a')).toBe(1);
    expect(await first.read('a')).toBe(2);
    await until('the channel to be heard', async () => notifications.listening(channel), 5_000);

    expect(await first.read('a')).toBe(3);
    expect(await first.read('a')).toBe(3);
    expect(await second.read('a')).toBe(1);
    expect(await second.read('a')).toBe(1);

    await db.query('SELECT pg_notify($1, $2)', [channel, 'a']);
    await until('both caches to drop the named value', async () => (await first.read('a')) === 4 && (await second.read('a')) === 2, 2_000);
    expect(await first.read('a')).toBe(4);
    expect(await second.read('a')).toBe(2);
  });
});
