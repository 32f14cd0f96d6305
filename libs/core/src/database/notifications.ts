import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { isConnectionError, outages } from '../health/outages';
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
 * when it is lost. A listener may trust what it derived only while `listening(channel)` is true,
 * from the moment its channel's LISTEN has taken effect; it is reset whenever notifications may
 * have been missed. Several listeners may share a channel.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly channels = new Map<string, Set<NotificationListener>>();
  /** Channels whose LISTEN has taken effect on the live connection. */
  private readonly heard = new Set<string>();
  private client: Client | null = null;
  private connected = false;
  private attempt = 0;
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Starts listening on `channel` (a plain identifier); the listener is told of every notification and every reset. */
  listen(channel: string, listener: NotificationListener): void {
    // Caches call this on every read; only a listener's first call does anything.
    if (this.channels.get(channel)?.has(listener) || this.stopped) return;
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
    const listeners = this.channels.get(channel);
    if (listeners) {
      listeners.add(listener);
      return;
    }
    this.channels.set(channel, new Set([listener]));
    if (this.client && this.connected) void this.listenOn(this.client, channel);
    else if (!this.client) void this.connect();
  }

  /** True once `channel` is listened to on a live connection, so no change to it can go unheard. */
  listening(channel: string): boolean {
    return this.connected && this.heard.has(channel);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    this.connected = false;
    this.heard.clear();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ ...poolOf(this.dataSource).options, keepAlive: true });
    this.client = client;
    client.on('notification', (message) => this.channels.get(message.channel)?.forEach((listener) => listener.notified(message.payload ?? '')));
    client.on('error', (error) => this.lost(error));
    client.on('end', () => this.lost(new Error('connection ended')));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
      if (this.client !== client) return;
      this.connected = true;
      this.attempt = 0;
      outages.up('postgres');
      for (const channel of this.channels.keys()) this.nowHeard(channel);
    } catch (error) {
      this.lost(error as Error);
    }
  }

  /** A channel added while the connection is live: heard once its LISTEN has taken effect. */
  private async listenOn(client: Client, channel: string): Promise<void> {
    try {
      await client.query(`LISTEN ${channel}`);
      if (this.client === client && this.connected) this.nowHeard(channel);
    } catch (error) {
      this.lost(error as Error);
    }
  }

  private nowHeard(channel: string): void {
    this.heard.add(channel);
    // Anything derived before now may have missed a change made before the LISTEN.
    for (const listener of this.channels.get(channel) ?? []) listener.reset();
  }

  private lost(error: Error): void {
    const client = this.client;
    if (!client || this.stopped) return;
    this.client = null;
    this.connected = false;
    this.heard.clear();
    for (const listeners of this.channels.values()) for (const listener of listeners) listener.reset();
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    const wait = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)];
    // While PostgreSQL is down this retries every few seconds; the outage is logged once, where it starts.
    if (isConnectionError(error)) outages.down('postgres', error);
    else this.logger.warn(`Lost the database notification connection (${error.message}); caches are bypassed until it is back, retrying in ${wait} ms`);
    setTimeout(() => {
      if (!this.stopped && !this.client) void this.connect();
    }, wait).unref();
  }
}
