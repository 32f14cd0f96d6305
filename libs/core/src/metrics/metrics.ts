import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { joinClusterMetrics, scrapeMetrics } from './cluster-metrics';

/** This process's Prometheus registry: default Node metrics plus HTTP request durations. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    joinClusterMetrics(this.registry);
  }

  /** The text GET /metrics serves: see scrapeMetrics. */
  scrape(): Promise<string> {
    return scrapeMetrics(this.registry);
  }
}
