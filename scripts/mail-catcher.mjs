#!/usr/bin/env node
// A real SMTP server for the demo and the tests, on loopback only: it accepts every message,
// parses it and keeps the latest ones in memory, and shows them over a small HTTP API.
//   node scripts/mail-catcher.mjs --smtp-port 1025 --http-port 8025
//   GET  /messages[?to=address]  the messages, newest first (from, to, subject, text, messageId, headers)
//   DELETE /messages             forget them all
//   GET  /health                 200 once both servers listen, with this process's pid
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    'smtp-port': { type: 'string', default: '1025' },
    'http-port': { type: 'string', default: '8025' },
    'max-messages': { type: 'string', default: '1000' },
  },
});
const maxMessages = Number(values['max-messages']);
let messages = [];
let sequence = 0;

const addresses = (field) => (field ? [field].flat().flatMap((group) => group.value.map((a) => a.address?.toLowerCase())) : []);

const smtp = new SMTPServer({
  // Loopback only and for local use: no TLS, no authentication.
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  size: 10 * 1024 * 1024,
  async onData(stream, session, callback) {
    try {
      const parsed = await simpleParser(stream);
      sequence += 1;
      messages.unshift({
        id: sequence,
        receivedAt: new Date().toISOString(),
        envelope: { from: session.envelope.mailFrom?.address ?? null, to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()) },
        from: parsed.from?.text ?? null,
        to: addresses(parsed.to),
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : null,
        messageId: parsed.messageId ?? null,
        headers: Object.fromEntries([...parsed.headers].map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])),
      });
      messages = messages.slice(0, maxMessages);
      callback();
    } catch (error) {
      callback(error);
    }
  },
});

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const json = (status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'GET' && url.pathname === '/health') return json(200, { status: 'ok', pid: process.pid, messages: messages.length });
  if (req.method === 'GET' && url.pathname === '/messages') {
    const to = url.searchParams.get('to')?.toLowerCase();
    return json(200, to ? messages.filter((m) => m.envelope.to.includes(to) || m.to.includes(to)) : messages);
  }
  if (req.method === 'DELETE' && url.pathname === '/messages') {
    messages = [];
    return json(200, { status: 'ok' });
  }
  return json(404, { error: 'not found' });
});

smtp.on('error', (error) => process.stderr.write(`[mail-catcher] ${error.message}\n`));
smtp.listen(Number(values['smtp-port']), values.host, () => {
  http.listen(Number(values['http-port']), values.host, () => {
    process.stdout.write(`[mail-catcher] SMTP on ${values.host}:${values['smtp-port']}, messages at http://${values.host}:${values['http-port']}/messages\n`);
  });
});

const stop = () => smtp.close(() => http.close(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
