import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CoreModule, JOB_QUEUE_OPTIONS, Outbox, OutboxRelay, OutboxRelayModule } from '@pp/core';
import { randomUUID } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { freePort, until } from '../support/processes';

async function context(connection?: object): Promise<INestApplicationContext> {
  let builder = Test.createTestingModule({ imports: [CoreModule, OutboxRelayModule] });
  if (connection) builder = builder.overrideProvider(JOB_QUEUE_OPTIONS).useValue({ connection, prefix: process.env.QUEUE_PREFIX });
  // compile() runs no bootstrap hooks, so the relay loop stays off and the tests drive relayOnce().
  return builder.compile();
}

describe('outbox relay', () => {
  let app: INestApplicationContext;
  let relay: OutboxRelay;
  let outbox: Outbox;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await context();
    relay = app.get(OutboxRelay);
    outbox = app.get(Outbox);
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await relay.onApplicationShutdown();
    await app.close();
  });

  async function pending(jobId: string): Promise<{ dispatched_at: Date | null; attempts: number; last_error: string | null }[]> {
    return dataSource.query('SELECT dispatched_at, attempts, last_error FROM outbox WHERE job_id = $1', [jobId]);
  }

  it('writes a job only when the transaction commits', async () => {
    const jobId = `round.rescore-${randomUUID()}`;
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, 'round.rescore', { roundId: randomUUID() }, { jobId });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await pending(jobId)).toHaveLength(0);
  });

  it('moves committed jobs to their BullMQ queue once, however often they are enqueued', async () => {
    const roundId = randomUUID();
    const jobId = `round.rescore-${roundId}`;
    for (let i = 0; i < 3; i++) {
      await dataSource.transaction((manager) => outbox.enqueue(manager, 'round.rescore', { roundId }, { jobId }));
    }
    expect(await pending(jobId)).toHaveLength(1);
    while ((await relay.relayOnce()) > 0);
    const [row] = await pending(jobId);
    expect(row.dispatched_at).not.toBeNull();
    const job = await relay.queue('scoring').getJob(jobId);
    expect(job?.name).toBe('round.rescore');
    expect(job?.data).toEqual({ roundId });

    // A second relay of the same id (a redelivery) does not create a second job.
    await dataSource.query('UPDATE outbox SET dispatched_at = NULL WHERE job_id = $1', [jobId]);
    while ((await relay.relayOnce()) > 0);
    const jobs = await relay.queue('scoring').getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(jobs.filter((j) => j.id === jobId)).toHaveLength(1);
  });

  it('keeps a job in PostgreSQL until its runAt time, so a Redis restarted without its data cannot lose it', async () => {
    const jobId = `round.rescore-${randomUUID()}`;
    const runAt = new Date(Date.now() + 60_000);
    await dataSource.transaction((manager) => outbox.enqueue(manager, 'round.rescore', { roundId: randomUUID() }, { jobId, runAt }));
    while ((await relay.relayOnce()) > 0);
    expect((await pending(jobId))[0].dispatched_at).toBeNull();
    expect(await relay.queue('scoring').getJob(jobId)).toBeUndefined();

    // Its time comes: the next relay hands it over, to run now.
    await dataSource.query(`UPDATE outbox SET available_at = now() - interval '1 second' WHERE job_id = $1`, [jobId]);
    while ((await relay.relayOnce()) > 0);
    expect((await pending(jobId))[0].dispatched_at).not.toBeNull();
    const job = await relay.queue('scoring').getJob(jobId);
    expect(job).toBeDefined();
    expect(await job?.getState()).not.toBe('delayed');
  });

  it('keeps jobs in PostgreSQL while Redis is unreachable, with the error recorded', async () => {
    const down = await context({ url: 'redis://127.0.0.1:1', maxRetriesPerRequest: 1, retryStrategy: () => null });
    const downRelay = down.get(OutboxRelay);
    const jobId = `round.score-${randomUUID()}`;
    await dataSource.transaction((manager) => outbox.enqueue(manager, 'round.score', { roundId: randomUUID() }, { jobId }));
    await expect(downRelay.relayOnce()).rejects.toThrow();
    const [row] = await pending(jobId);
    expect(row.dispatched_at).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBeTruthy();
    await downRelay.onApplicationShutdown();
    await down.close();

    while ((await relay.relayOnce()) > 0);
    expect((await pending(jobId))[0].dispatched_at).not.toBeNull();
    expect(await relay.queue('scoring').getJob(jobId)).toBeDefined();
  });

  it('relays once Redis is reachable, though it was unreachable when the relay started', async () => {
    // Nothing listens on the port yet; later it forwards to the real Redis, as a Redis coming up would.
    const port = await freePort();
    const late = await context({ url: `redis://127.0.0.1:${port}`, maxRetriesPerRequest: 1 });
    const lateRelay = late.get(OutboxRelay);
    const jobId = `round.score-${randomUUID()}`;
    await dataSource.transaction((manager) => outbox.enqueue(manager, 'round.score', { roundId: randomUUID() }, { jobId }));
    await expect(lateRelay.relayOnce()).rejects.toThrow();
    expect((await pending(jobId))[0].dispatched_at).toBeNull();

    const redis = new URL(process.env.REDIS_URL ?? '');
    const forwarder = createServer((client) => {
      const upstream = connect(Number(redis.port), redis.hostname);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => forwarder.listen(port, '127.0.0.1', resolve));
    try {
      await until('the relay to reach Redis', async () => {
        await lateRelay.relayOnce().catch(() => undefined);
        return (await pending(jobId))[0].dispatched_at !== null;
      }, 30_000);
      expect(await lateRelay.queue('scoring').getJob(jobId)).toBeDefined();
    } finally {
      await lateRelay.onApplicationShutdown();
      await late.close();
      forwarder.close();
    }
  }, 60_000);
});
