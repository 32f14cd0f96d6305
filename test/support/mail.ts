import type { INestApplicationContext } from '@nestjs/common';
import { type Settings, SettingsService } from '@pp/core';

/**
 * What the local SMTP catcher (scripts/mail-catcher.mjs, started by scripts/services.sh) received.
 * Tests address their mail to unique recipients, so they never see each other's messages.
 */
export interface CaughtMail {
  id: number;
  envelope: { from: string | null; to: string[] };
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  headers: Record<string, string>;
}

function catcherUrl(): string {
  const url = process.env.MAIL_CATCHER_URL;
  if (!url) throw new Error('MAIL_CATCHER_URL is not set: run the tests with `npm test`, which starts the SMTP catcher');
  return url;
}

export async function mailTo(address: string): Promise<CaughtMail[]> {
  const res = await fetch(`${catcherUrl()}/messages?to=${encodeURIComponent(address)}`);
  return (await res.json()) as CaughtMail[];
}

/** Waits until `address` has received at least `count` messages; returns them, newest first. */
export async function waitForMail(address: string, count = 1, timeoutMs = 10_000): Promise<CaughtMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await mailTo(address);
    if (messages.length >= count) return messages;
    if (Date.now() > deadline) throw new Error(`${address} received ${messages.length} of ${count} messages within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The link to a page of the web app (`${appUrl}/${page}`, with any id or #token after it) that a
 * message carries on a line of its plain text; fails unless its HTML part links to the same URL.
 */
export function linkIn(mail: CaughtMail | undefined, appUrl: string, page: string): string {
  const prefix = `${appUrl}/${page}`;
  const url = mail?.text.split('\n').find((line) => line.startsWith(prefix));
  if (!url) throw new Error(`No link to ${prefix} in the plain text of "${mail?.subject}":\n${mail?.text}`);
  const href = url.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  if (!mail?.html?.includes(`href="${href}"`)) throw new Error(`The HTML part of "${mail?.subject}" does not link to ${url}:\n${mail?.html}`);
  return url;
}

/** The base URL of the web app that an application's emails link to (the APP_URL setting). */
export function appUrlOf(app: INestApplicationContext): string {
  return app.get<Settings>(SettingsService).get('APP_URL', { infer: true });
}
