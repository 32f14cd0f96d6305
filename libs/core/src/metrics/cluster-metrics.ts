import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const ASK = 'pulse:metrics?';
const ANSWER = 'pulse:metrics!';

interface MetricsMessage {
  type: typeof ASK | typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

/**
 * In a cluster's primary: answers its processes' requests for the whole cluster's metrics, which it
 * gathers from each of them (prom-client's AggregatorRegistry sums counters and histograms).
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: MetricsMessage) => {
    if (message?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text }),
      (error: Error) => worker.send({ type: ANSWER, id: message.id, error: error.message }),
    );
  });
}

let asked = 0;
const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();

/**
 * What GET /metrics answers: this process's registry, or in a cluster the whole cluster's, so a
 * scrape that lands on any process sees every request the API has served.
 */
export function scrapeMetrics(registry: Registry): Promise<string> {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  return new Promise((resolve, reject) => {
    const id = ++asked;
    pending.set(id, { resolve, reject });
    process.send?.({ type: ASK, id } satisfies MetricsMessage);
  });
}

/** In a cluster's process: lets the primary read `registry`, and takes the primary's answers. */
export function joinClusterMetrics(registry: Registry): void {
  if (!cluster.isWorker) return;
  // Constructing one makes prom-client answer the primary's requests for this process's metrics.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  process.on('message', (message: MetricsMessage) => {
    if (message?.type !== ANSWER) return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.text !== undefined) waiting?.resolve(message.text);
    else waiting?.reject(new Error(message.error ?? 'no metrics from the cluster'));
  });
}
