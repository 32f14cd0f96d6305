import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { poolOf } from './pool';

/** Whoever keeps something derived from the database and must hear when it changes. */
export interface NotificationListener {
  /** A notification on the channel, with its payload. */
  notified(payload: string): void;
  /** Notifications may have been missed (the connection was lost or has just been made): drop everything derived. */
  reset(): void;
}

const RECONNECT_MS = [100, 500, 2_000, 5_000];

/**
 * PostgreSQL LISTEN/NOTIFY for in-process caches: one connection per process, opened when the first
 * channel is listened to (processes that never cache never connect) and made again, with backoff,
 * when it is lost. A listener may trust what it derived only while `listening()` is true; it is
 * reset whenever notifications may have been missed.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly channels = new Map<string, NotificationListener>();
  private client: Client | null = null;
  private connected = false;
  private attempt = 0;
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Starts listening on `channel` (a plain identifier); the listener is told of every notification and every reset. */
  listen(channel: string, listener: NotificationListener): void {
    // Caches call this on every read; only the first call for a channel does anything.
    if (this.channels.has(channel) || this.stopped) return;
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
    this.channels.set(channel, listener);
    if (this.client && this.connected) this.client.query(`LISTEN ${channel}`).catch((error: Error) => this.lost(error));
    else if (!this.client) void this.connect();
  }

  /** True while every channel is listened to on a live connection. */
  listening(): boolean {
    return this.connected;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    this.connected = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ ...poolOf(this.dataSource).options, keepAlive: true });
    this.client = client;
    client.on('notification', (message) => this.channels.get(message.channel)?.notified(message.payload ?? ''));
    client.on('error', (error) => this.lost(error));
    client.on('end', () => this.lost(new Error('connection ended')));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
      if (this.client !== client) return;
      this.connected = true;
      this.attempt = 0;
      // Anything derived before now may have missed a change made before the LISTEN.
      for (const listener of this.channels.values()) listener.reset();
    } catch (error) {
      this.lost(error as Error);
    }
  }

  private lost(error: Error): void {
    const client = this.client;
    if (!client || this.stopped) return;
    this.client = null;
    this.connected = false;
    for (const listener of this.channels.values()) listener.reset();
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    const wait = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)];
    this.logger.warn(`Lost the database notification connection (${error.message}); caches are bypassed until it is back, retrying in ${wait} ms`);
    setTimeout(() => {
      if (!this.stopped && !this.client) void this.connect();
    }, wait).unref();
  }
}
