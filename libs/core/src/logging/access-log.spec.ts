import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { logAccess } from './access-log';

/** A Fastify app logging to memory at `level`, with a route that answers, one that fails, and a probe. */
function appLoggingAt(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const server = Fastify();
  logAccess(server, pino({ level }, sink), ['health']);
  server.get('/api/v1/things/:id', async () => ({ ok: true }));
  server.get('/api/v1/broken', async (_request, reply) => reply.code(500).send({ broken: true }));
  server.get('/api/v1/unavailable', async (_request, reply) => reply.code(503).send({ down: true }));
  server.get('/health', async () => ({ status: 'ok' }));
  return { server, lines };
}

/** Sends the requests one after another over real HTTP, then waits for the last one's line: the log is written once a response is sent. */
async function send(server: FastifyInstance, lines: Record<string, unknown>[], requests: [string, Record<string, string>?][]): Promise<void> {
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  try {
    for (const [path, headers] of requests) await (await fetch(base + path, { headers })).arrayBuffer();
    const last = requests.at(-1)?.[0];
    for (let waited = 0; !lines.some((line) => line.url === last) && waited < 2_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    await server.close();
  }
}

describe('access log', () => {
  it('writes one flat line per request, with no headers, and none for probes', async () => {
    const { server, lines } = appLoggingAt('info');
    await send(server, lines, [['/api/v1/things/7?x=1', { authorization: 'Bearer secret-token', 'user-agent': 'PowerBI/2.1' }], ['/health'], ['/api/v1/unavailable'], ['/api/v1/broken']]);
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'request completed', method: 'GET', url: '/api/v1/things/7?x=1', statusCode: 200, userAgent: 'PowerBI/2.1', requestId: expect.any(String), responseTime: expect.any(Number) }),
      // A 503 is an outage, logged once by Outages: its requests are warnings, not errors.
      expect.objectContaining({ level: 40, msg: 'request failed', url: '/api/v1/unavailable', statusCode: 503 }),
      expect.objectContaining({ level: 50, msg: 'request failed', url: '/api/v1/broken', statusCode: 500 }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('writes nothing for answered requests at warn, and still the failures', async () => {
    const { server, lines } = appLoggingAt('warn');
    await send(server, lines, [['/api/v1/things/7'], ['/api/v1/unavailable'], ['/api/v1/broken']]);
    expect(lines.map((line) => line.statusCode)).toEqual([503, 500]);
  });
});
