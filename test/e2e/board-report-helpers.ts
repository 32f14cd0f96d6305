import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import type request from 'supertest';
import { DataSource } from 'typeorm';
import { BoardReportProcessor } from '../../libs/reporting/src/board-report/board-report.processor';
import { GateProcessor } from '../../libs/reporting/src/jobs/gate.processor';
import { job } from './alerts-helpers';

const run = promisify(execFile);

/** The PDF's text as pdftotext reads it (content order), every run of white space one space. */
export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'board-report-'));
  try {
    const file = join(dir, 'report.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']);
    const info = await run('pdfinfo', [file]);
    return { text: stdout.replace(/\s+/g, ' '), pages: Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A binary response body as a Buffer (supertest leaves application/pdf unparsed otherwise). */
export function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * The worker's report jobs as the queues would run them: `gateAndRender` runs a round's latest
 * queued 'round.gate' job, then each 'round.report' job it queued (`renderQueued`), each once.
 */
export function reportJobs(worker: INestApplicationContext) {
  const db = worker.get(DataSource);
  const rendered = new Set<string>();
  async function renderQueued(roundId: string): Promise<number> {
    const queued: { job_id: string }[] = await db.query("SELECT job_id FROM outbox WHERE job_name = 'round.report' AND payload->>'roundId' = $1 ORDER BY job_id", [roundId]);
    let count = 0;
    for (const { job_id } of queued.filter((q) => !rendered.has(q.job_id))) {
      rendered.add(job_id);
      await worker.get(BoardReportProcessor).process(job('round.report', { roundId }, job_id) as never);
      count++;
    }
    return count;
  }
  async function gateAndRender(roundId: string): Promise<number> {
    const [gate] = await db.query("SELECT job_id FROM outbox WHERE job_name = 'round.gate' AND payload->>'roundId' = $1 ORDER BY created_at DESC LIMIT 1", [roundId]);
    await worker.get(GateProcessor).process(job('round.gate', { roundId }, gate.job_id) as never);
    return renderQueued(roundId);
  }
  return { gateAndRender, renderQueued, forgetRendered: () => rendered.clear() };
}
