import type { FastifyRequest } from 'fastify';

/** Largest CSV upload accepted by the import endpoints. */
export const CSV_BODY_LIMIT = '10mb';

/** A size setting such as 1mb or 512kb in bytes. */
export function bytes(size: string): number {
  const [, amount, unit] = /^(\d+)(b|kb|mb)$/i.exec(size) ?? [];
  return Number(amount) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit.toLowerCase() as 'b' | 'kb' | 'mb'];
}

/** Whether a request's body is read as text (a CSV upload) rather than JSON. */
export function isTextBody(request: FastifyRequest): boolean {
  return /^text\/(csv|plain)\b/i.test(request.headers['content-type'] ?? '');
}

/** The most bytes of body a request may send. */
export function bodyLimitOf(request: FastifyRequest): number {
  return isTextBody(request) ? bytes(CSV_BODY_LIMIT) : (request.server.initialConfig.bodyLimit ?? 0);
}
