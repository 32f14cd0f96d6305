import cluster, { type Worker } from 'node:cluster';
// Like main.ts, only the file it needs from @pp/core, so the primary stays small.
import { serveClusterMetrics } from '../../../libs/core/src/metrics/cluster-metrics';
import pino from 'pino';

const RESTART_DELAY_MS = 1_000;

/**
 * V8 heap settings for API processes:
 * - a 4 MB young generation, and the old one collected once it has grown by 35% rather than by up
 *   to four times. The API's live heap is small and streaming exports make garbage fast: these hold
 *   a 2.25M-row export (CSV, NDJSON, CSV again) at 172-191 MB peak RSS (bench/export.mjs).
 * - no allocation-site pretenuring. Under many concurrent requests, V8 saw the response's header
 *   strings and arrays outlive a scavenge and began allocating them straight in the old generation,
 *   which then filled every few hundred milliseconds: a mark-compact 2-5 times a second in each
 *   process. Without it they die young: the footprint summary under 100 clients went from 14.5k to
 *   20-22k requests/s and its p99 from 38-44 ms to 25-31 ms, with the export's peak RSS unchanged.
 * None is a cap, so none can run a process out of memory. Flags given to the primary's node come
 * later and win.
 */
const API_HEAP_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=35', '--no-allocation-site-pretenuring'];

/**
 * The API's primary process: runs `processes` API processes that share the port (connections are
 * handed to them in turn) with API_HEAP_FLAGS, restarts one that dies after it started serving,
 * and stops them all on SIGTERM or SIGINT. A process that dies before serving (a setting it
 * refused, the port taken) would only die again: the cluster stops and exits with its code.
 */
export function runApiCluster(processes: number, logLevel: string): void {
  cluster.setupPrimary({ execArgv: [...API_HEAP_FLAGS, ...process.execArgv] });
  const logger = pino({ level: logLevel, base: { pid: process.pid, context: 'ApiCluster' } });
  const serving = new Set<number>();
  let stopping = false;

  const start = (): Worker =>
    cluster.fork().once('listening', function (this: Worker) {
      serving.add(this.id);
      logger.info(`API process ${this.process.pid} is serving`);
    });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} API processes`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  cluster.on('exit', (worker, code, signal) => {
    const served = serving.delete(worker.id);
    const remaining = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (remaining === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (!served) {
      logger.error(`An API process exited (${signal ?? `code ${code}`}) before it served; stopping the cluster`);
      process.exitCode = code || 1;
      stop('SIGTERM');
      if (remaining === 0) process.exit(process.exitCode);
      return;
    }
    logger.error(`API process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another in ${RESTART_DELAY_MS} ms`);
    setTimeout(() => stopping || start(), RESTART_DELAY_MS);
  });

  serveClusterMetrics();
  for (let i = 0; i < processes; i++) start();
  logger.info(`Started ${processes} API processes`);
}
