import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { publicOnlyLookup, RefusedTargetError, urlProblem } from '../webhooks/webhook-targets';

export interface WebhookResponse {
  statusCode: number;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** What is read of a receiver's answer; the rest is discarded. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one webhook. Redirects are not followed (a redirect could point anywhere), and unless
 * private targets are allowed the socket connects only to vetted public addresses.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, allowPrivate: boolean): Promise<WebhookResponse> {
  const target = new URL(url);
  // Also vets IP literals, which never reach a socket's lookup.
  const problem = urlProblem(target, allowPrivate);
  if (problem) throw new RefusedTargetError(`The URL ${problem}`);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body).toString() },
        timeout: WEBHOOK_TIMEOUT_MS,
        ...(allowPrivate ? {} : { lookup: publicOnlyLookup() }),
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('close', () => resolve({ statusCode: res.statusCode ?? 0 }));
        res.on('error', () => resolve({ statusCode: res.statusCode ?? 0 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`No answer within ${WEBHOOK_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
