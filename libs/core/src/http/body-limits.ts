import type { FastifyRequest } from 'fastify';

/** Largest CSV upload accepted by the import endpoints. */
export const CSV_BODY_LIMIT = '10mb';

/** The media types read as text: CSV uploads, and plain text for clients that label them so. */
export const TEXT_BODY_TYPES = ['text/csv', 'text/plain'];

/** A size setting such as 1mb or 512kb in bytes. */
export function bytes(size: string): number {
  const [, amount, unit] = /^(\d+)(b|kb|mb)$/i.exec(size) ?? [];
  return Number(amount) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit.toLowerCase() as 'b' | 'kb' | 'mb'];
}

/** The most bytes of body a request may send: the CSV limit for text, BODY_LIMIT for JSON. */
export function bodyLimitOf(request: FastifyRequest): number {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return TEXT_BODY_TYPES.includes(mediaType) ? bytes(CSV_BODY_LIMIT) : (request.server.initialConfig.bodyLimit ?? 0);
}
