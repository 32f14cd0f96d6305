import { pipeline } from 'node:stream/promises';
import { Injectable, Logger } from '@nestjs/common';
import { type Action, type Actor, scopeOf } from '@pp/identity';
import type { Request, Response } from 'express';
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
function nextUrl(request: Request, cursor: string): string {
  const url = new URL(request.originalUrl, `${request.protocol}://${request.get('host') ?? 'localhost'}`);
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

  async respond<Q extends ReadQuery>(model: ReadModel<Q>, query: Q, actor: Actor, action: Action, request: Request, response: Response): Promise<void> {
    const format = negotiate(query.format, request.headers.accept);
    this.reader.check(model, query);
    const scope = scopeOf(actor, action);
    const search = new URL(request.originalUrl, 'http://x').search;
    const etag = await this.reader.etag(model, format, search, scope);
    response.setHeader('ETag', etag);
    response.setHeader('Vary', 'Accept, Authorization, X-API-Key');
    response.setHeader('Cache-Control', 'private, no-cache');
    if (matches(request.headers['if-none-match'], etag)) {
      response.status(304).end();
      return;
    }
    if (format === 'json') {
      const page = await this.reader.page(model, query, scope);
      if (page.nextCursor) response.setHeader('Link', `<${nextUrl(request, page.nextCursor)}>; rel="next"`);
      response.status(200).json(page);
      return;
    }
    const abort = new AbortController();
    const rows = this.reader.export(model, query, scope, abort.signal);
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    response.status(200);
    response.setHeader('Content-Type', `${MEDIA_TYPES[format]}; charset=utf-8`);
    response.setHeader('Content-Disposition', `attachment; filename="${model.name}.${format}"`);
    try {
      await pipeline(rows, format === 'csv' ? new CsvRows(model.columns) : new NdjsonRows(model.columns), response);
    } catch (error) {
      // Headers and rows have gone out: a truncated body must not look complete, so the connection is cut.
      if (!abort.signal.aborted) this.logger.error(`Export of ${model.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      response.destroy();
    }
  }
}
