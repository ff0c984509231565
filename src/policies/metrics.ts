import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Per-source upstream metrics. Labels are the source and outcomes, never URLs with parameters
 * nor headers, so no credential or personal data can reach /metrics.
 */
export class UpstreamMetrics {
  readonly requests: Counter<'source' | 'status'>;
  readonly latency: Histogram<'source'>;
  readonly cache: Counter<'source' | 'result'>;
  readonly retries: Counter<'source'>;
  readonly breakerState: Gauge<'source'>;
  readonly quotaWait: Histogram<'source'>;
  readonly quotaRejections: Counter<'source'>;

  constructor(readonly registry: Registry = new Registry()) {
    this.requests = new Counter({
      name: 'upstream_requests_total',
      help: 'Requests sent to upstreams, by HTTP status or network error code',
      labelNames: ['source', 'status'],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'upstream_request_duration_seconds',
      help: 'Duration of upstream requests, retries included',
      labelNames: ['source'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.cache = new Counter({
      name: 'upstream_cache_total',
      help: 'Upstream cache look-ups: hit, miss or stale (expired entry served on error)',
      labelNames: ['source', 'result'],
      registers: [registry],
    });
    this.retries = new Counter({
      name: 'upstream_retries_total',
      help: 'Retries of upstream requests',
      labelNames: ['source'],
      registers: [registry],
    });
    this.breakerState = new Gauge({
      name: 'upstream_breaker_state',
      help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
      labelNames: ['source'],
      registers: [registry],
    });
    this.quotaWait = new Histogram({
      name: 'upstream_quota_wait_seconds',
      help: 'Time spent waiting for a source quota slot',
      labelNames: ['source'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2],
      registers: [registry],
    });
    this.quotaRejections = new Counter({
      name: 'upstream_quota_rejections_total',
      help: 'Requests refused because a source quota was spent',
      labelNames: ['source'],
      registers: [registry],
    });
  }
}
