#!/usr/bin/env node
// A webhook endpoint for trying alerts out locally: it checks each delivery's signature with the
// secret the API showed when the endpoint was created, and prints the alert.
//   WEBHOOK_SECRET=whsec_… node scripts/webhook-receiver.mjs --port 8090
// then add http://127.0.0.1:8090/ as a webhook of a footprint (WEBHOOK_ALLOW_PRIVATE_TARGETS=true).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '8090' } } });
const secret = process.env.WEBHOOK_SECRET;
/** Deliveries older than this are refused, so a captured one cannot be replayed later. */
const TOLERANCE_SECONDS = 300;

function verified(timestamp, signature, body) {
  if (!secret || !timestamp || !signature) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const ok = verified(req.headers['x-pulse-timestamp'], req.headers['x-pulse-signature'], body);
    const alert = ok ? JSON.parse(body).alert : null;
    process.stdout.write(ok ? `[webhook] ${alert.severity}: ${alert.summary} (${alert.footprint.code}, ${alert.round.period})\n` : '[webhook] refused a delivery whose signature does not verify\n');
    res.writeHead(ok ? 204 : 401).end();
  });
}).listen(Number(values.port), values.host, () => {
  process.stdout.write(`[webhook] listening on http://${values.host}:${values.port}/${secret ? '' : ' (WEBHOOK_SECRET is not set: every delivery will be refused)'}\n`);
});
