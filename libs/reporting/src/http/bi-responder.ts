import { pipeline } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { type Action, type Actor, scopeOf } from '@pp/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReadQuery } from '../dto/bi-query';
import { CsvRows, MEDIA_TYPES, NdjsonRows, negotiate } from '../export/formats';
import { BiReader } from '../read-models/bi-reader';
import type { ReadModel } from '../read-models/read-model';

/** If-None-Match names `etag` (weak comparison, RFC 9110 §13.1.2), or is `*`. */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** The request's URL with `cursor` replaced, absolute, for the Link header. */
function nextUrl(request: FastifyRequest, cursor: string): string {
  const url = new URL(request.url, `${request.protocol}://${request.host || 'localhost'}`);
  url.searchParams.set('cursor', cursor);
  return url.toString();
}

/**
 * Answers a BI list request in the representation asked for: 304 when the caller's ETag is still
 * current (checked before any row is read), a JSON page with `Link: rel="next"`, or the whole
 * result streamed as CSV or NDJSON with backpressure, cancelled when the client goes away.
 */
@Injectable()
export class BiResponder {
  private readonly logger = new Logger('BiExport');

  constructor(private readonly reader: BiReader) {}

  async respond<Q extends ReadQuery>(model: ReadModel<Q>, query: Q, actor: Actor, action: Action, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const format = negotiate(query.format, request.headers.accept);
    this.reader.check(model, query);
    const scope = scopeOf(actor, action);
    const search = new URL(request.url, 'http://x').search;
    const etag = await this.reader.etag(model, format, search, scope);
    reply.header('ETag', etag);
    reply.header('Vary', 'Accept, Authorization, X-API-Key');
    reply.header('Cache-Control', 'private, no-cache');
    if (matches(request.headers['if-none-match'], etag)) {
      await reply.code(304).send();
      return;
    }
    if (format === 'json') {
      const page = await this.reader.page(model, query, scope);
      if (page.nextCursor) reply.header('Link', `<${nextUrl(request, page.nextCursor)}>; rel="next"`);
      await reply.code(200).send(page);
      return;
    }
    const abort = new AbortController();
    const rows = this.reader.export(model, query, scope, abort.signal);
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    // Fastify writes the stream with backpressure, and cuts the connection if it fails after the
    // headers have gone out: a truncated body must not look complete.
    const columns = this.reader.columns(model, query);
    const body = pipeline(rows, format === 'csv' ? new CsvRows(columns) : new NdjsonRows(columns), (error) => {
      if (error && !abort.signal.aborted) this.logger.error(`Export of ${model.name} failed: ${error.stack ?? String(error)}`);
    });
    await reply
      .code(200)
      .header('Content-Type', `${MEDIA_TYPES[format]}; charset=utf-8`)
      .header('Content-Disposition', `attachment; filename="${model.name}.${format}"`)
      .send(body);
  }
}
