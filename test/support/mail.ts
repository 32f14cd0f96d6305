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
