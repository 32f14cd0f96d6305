import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived: what the signature covers. */
  body: string;
}

/**
 * A real HTTP server on loopback that records every request. It answers each with the next of
 * `statuses` (the last one repeats), so a test can make a delivery fail before it succeeds; a
 * status of 0 never answers (a target that times out).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server: Server | undefined;

  constructor(private readonly statuses: number[] = [204]) {}

  get url(): string {
    const { port } = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${port}/hooks/pulse`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const status = this.statuses[Math.min(this.received.length, this.statuses.length - 1)] as number;
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (status !== 0) res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
