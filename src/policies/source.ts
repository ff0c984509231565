import type { Method } from 'got';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { SourceName } from '../sources/names.js';
import { admitted } from './admission.js';
import { sourceBreaker, type BreakerOptions, type BreakerState, type SourceBreaker } from './breaker.js';
import type { SourceCache } from './cache.js';
import { cachedRead, type CachedReadDeps } from './cached-read.js';
import { withCredential, type UpstreamCredential } from './credential.js';
import { toUpstreamError } from './error-mapping.js';
import { UpstreamError } from './errors.js';
import { FairQuotaQueue } from './fair-queue.js';
import { fairUseOf, queueBoundsOf } from './fair-use.js';
import type { UpstreamMetrics } from './metrics.js';
import type { RollingQuota } from './quota.js';
import type { ReadCall } from './read-call.js';
import { readAnswer } from './read-answer.js';
import { redirectedWrite } from './redirects.js';
import { spendRequestBudget, type RequestScope } from './request-context.js';
import type { FairUse, SourceSettings } from './settings.js';
import { SingleFlight } from './single-flight.js';
import { encodePath, type Fetched, type SourceCalls, type UpstreamRequest } from './source-calls.js';
import { SourceHealth, type LastError, type SourceState } from './source-health.js';
import { createHttpTransport, type HttpTransport } from './transport.js';
import { notFoundBody, validated } from './validation.js';

export type { Fetched, QueryParams, SourceCalls, UpstreamRequest } from './source-calls.js';
export { fixedCredential, type UpstreamCredential } from './credential.js';
export type { BreakerOptions } from './breaker.js';

export interface SourceDependencies {
  origin: string;
  settings: SourceSettings;
  /** The source's credential; undefined when none is configured. */
  credential: UpstreamCredential | undefined;
  cache: SourceCache;
  quota: RollingQuota;
  quotaMaxWaitMs: number;
  breaker: BreakerOptions;
  metrics: UpstreamMetrics;
  logger: Logger;
  /** Extra request headers every call sends (Accept). */
  headers?: Record<string, string>;
  /** Share concurrent identical calls (off only for the benchmarks' naive baseline). */
  singleFlight?: boolean;
  /** What sends the requests: got to the origin (transport.ts) unless a test stands in for it. */
  transport?: HttpTransport;
}

/**
 * One source's policies: small ones, each in its own file, composed around the transport (got).
 * A read goes through
 *
 *   cache (fresh; stale on failure: cached-read.ts) → single flight (single-flight.ts)
 *   → validation (validation.ts) → circuit breaker (breaker.ts)
 *   → admission: request budget, concurrency and quota slots in a fair queue (admission.ts)
 *   → answer: not-found, tracing, metrics (read-answer.ts) → credential and its 401 (credential.ts)
 *   → transport: got, timeouts, retries with backoff (transport.ts, retry-policy.ts)
 *
 * and a write (`send`) only through the request budget, its turn in the queue and the transport,
 * never cached, retried nor shared. Errors become the contract's codes (error-mapping.ts).
 */
export class SourcePolicies {
  /** How this source's quota is shared between requests and clients. */
  readonly fairUse: FairUse;
  /** Calls waiting for a concurrency and a quota slot, in turn by client (fair-queue.ts). */
  private readonly queue: FairQuotaQueue;
  private readonly transport: HttpTransport;
  private readonly breaker: SourceBreaker;
  private readonly reads: CachedReadDeps;
  /** Recent calls as readiness sees them (source-health.ts). */
  private readonly health = new SourceHealth();

  constructor(
    readonly name: SourceName,
    private readonly deps: SourceDependencies,
  ) {
    const { settings, metrics, logger } = deps;
    this.fairUse = fairUseOf(settings, deps.quotaMaxWaitMs);
    this.queue = new FairQuotaQueue({
      source: name,
      quota: deps.quota,
      concurrency: settings.concurrency,
      maxWaitMs: deps.quotaMaxWaitMs,
      // A call that cannot have a slot within one attempt's timeout would be as late as a timeout.
      maxSlotWaitMs: settings.timeoutMs,
      ...queueBoundsOf(settings, this.fairUse, deps.quotaMaxWaitMs),
      onWait: (ms) => metrics.quotaWait.observe({ source: name }, ms / 1000),
      onRejected: () => metrics.quotaRejections.inc({ source: name }),
    });
    this.transport = deps.transport ?? createHttpTransport({ name, origin: deps.origin, settings, metrics, headers: deps.headers });
    const admission = admitted({ source: name, settings, queue: this.queue, health: this.health }, (call, slot) =>
      readAnswer(name, metrics, call, () =>
        withCredential(call.authenticated ? deps.credential : undefined, (headers) =>
          this.transport.send({
            path: call.url,
            headers,
            requestId: call.scope?.requestId,
            // The first attempt's slots came with admission; a retry waits for its turn again.
            beforeSend: () => slot.beforeAttempt(),
            retry: slot,
          }),
        ),
      ),
    );
    this.breaker = sourceBreaker({ source: name, settings, options: deps.breaker, metrics, logger }, admission);
    const flights = deps.singleFlight === false ? undefined : new SingleFlight();
    this.reads = { source: name, cache: deps.cache, flights, metrics, logger };
  }

  /** `closed`, `half-open` or `open`. */
  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  /** What readiness says of the source (source-health.ts). */
  get state(): SourceState {
    const now = Date.now();
    return this.health.state(this.breakerState, this.queue.oldestWaitMs(now), this.deps.settings.timeoutMs + 1000, now);
  }

  /** The latest failure of the source, for operators' readiness. */
  get lastError(): LastError | undefined {
    return this.health.lastError;
  }

  /** Stops the breaker's timers and closes idle keep-alive sockets. */
  shutdown(): void {
    this.breaker.shutdown();
    this.transport.close();
  }

  /** How long this source's answers stay fresh, in seconds. */
  get cacheTtlS(): number {
    return this.deps.settings.cacheTtlS;
  }

  get hasCredential(): boolean {
    return this.deps.credential !== undefined;
  }

  /** This source's calls on behalf of one client request: what its per-request clients call. */
  for(scope: RequestScope | undefined): SourceCalls {
    return {
      get: (request, schema) => this.get(request, schema, scope),
      send: (method, path, body, headers, schema) => this.send(method, path, body, headers, schema, scope),
    };
  }

  /**
   * A cached, validated GET. A 404 or 410 answers `null` (unknown id, a cube the zone lacks, a
   * deleted dataset) and is cached like any answer.
   */
  async get<S extends z.ZodType>(request: UpstreamRequest, schema: S, scope?: RequestScope): Promise<Fetched<z.output<S> | null>> {
    if (request.authenticated && !this.hasCredential) {
      throw new UpstreamError('UPSTREAM_UNAUTHORIZED', this.name, `No credential is configured for ${this.name}`);
    }
    const url = encodePath(request);
    const call: ReadCall = { url, authenticated: request.authenticated, keepNotFoundBody: request.keepNotFoundBody === true, scope };
    return cachedRead<z.output<S> | null>(this.reads, url, async () => {
      const answer = await this.breaker.fire(call);
      if (answer.body === null) return null;
      return answer.notFound ? notFoundBody(answer.body, schema) : validated(this.name, answer.body, schema);
    });
  }

  /**
   * A write on the caller's behalf: never cached, never retried, never shared, never redirected.
   * `headers` carries the caller's own credential for this request only.
   */
  async send<S extends z.ZodType>(
    method: Method,
    path: string,
    body: unknown,
    headers: Record<string, string>,
    schema: S,
    scope?: RequestScope,
  ): Promise<z.output<S>> {
    const started = performance.now();
    try {
      spendRequestBudget(this.name, scope);
      const response = await this.transport.send({
        path,
        method,
        json: body,
        headers,
        requestId: scope?.requestId,
        // A write takes a quota slot in its client's turn, but no concurrency slot.
        beforeSend: () => this.queue.acquire(scope?.client, false),
        retry: 'none',
      });
      if (response.statusCode >= 300) throw redirectedWrite(this.name, response.statusCode);
      return validated(this.name, response.body, schema);
    } catch (error) {
      throw toUpstreamError(this.name, error);
    } finally {
      this.deps.metrics.latency.observe({ source: this.name }, (performance.now() - started) / 1000);
    }
  }
}
