import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;
const ASSIGNED = Symbol('request-id');

/**
 * A request's id: the caller's X-Request-Id when it is sane, so traces join across systems,
 * otherwise one we mint. Asked by the HTTP server and by the request logger, it answers both the same.
 */
export function requestId(request: IncomingMessage & { [ASSIGNED]?: string }): string {
  if (request[ASSIGNED]) return request[ASSIGNED];
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  request[ASSIGNED] = id;
  return id;
}
