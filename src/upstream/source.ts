/*
 * Over 300 lines on purpose: this file is the whole path of one upstream call, read top to
 * bottom (cache, single-flight, breaker, concurrency, quota, credential and its one retry after a
 * 401, redirects, retries, validation), so that nothing between a client method and the network
 * hides in another file. Its helpers that stand alone live beside it (error-mapping.ts,
 * error-body.ts, redirects.ts, quota.ts, cache.ts, call-slot.ts, retry-policy.ts,
 * source-health.ts).
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import CircuitBreaker from 'opossum';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { HTTPError, type Got, type Method } from 'got';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { SourceName } from '../sources/names.js';
import { SingleFlight, type SourceCache } from './cache.js';
import { CallSlot, callBudgetMs } from './call-slot.js';
import { errorBody, toUpstreamError } from './error-mapping.js';
import { guardRedirects, redirectedWrite } from './redirects.js';
import { UpstreamError } from './errors.js';
import type { UpstreamMetrics } from './metrics.js';
import { FairQuotaQueue } from './fair-queue.js';
import { fairUseOf, queueBoundsOf } from './fair-use.js';
import type { RollingQuota } from './quota.js';
import { spendRequestBudget, type RequestScope } from './request-context.js';
import { retryPolicy } from './retry-policy.js';
import type { FairUse, SourceSettings } from './settings.js';
import { SourceHealth, type LastError, type SourceState } from './source-health.js';

/** Query parameters in the order they are sent; repeated keys stay repeated. */
export type QueryParams = [string, string][];

export interface UpstreamRequest {
  /** Path from the origin, starting with `/`. */
  path: string;
  query?: QueryParams;
  /**
   * Whether the route needs the source's credential: without one, no call is made. Only these
   * requests carry it: a public read never sends the operator's key, which could only hurt it.
   */
  authenticated: boolean;
  /**
   * Read a 404 or 410 whose body is JSON with the same schema instead of answering `null`, for
   * upstreams whose "not found" says something worth reading (InserJeunes lists the millésimes
   * it has). Cached like any answer.
   */
  keepNotFoundBody?: boolean;
}

/**
 * A source's credential, asked for its headers before each authenticated attempt: fixed headers
 * for a key, a token fetched and renewed for OAuth. `rejected` hears of a 401: the source then
 * tries once more with fresh headers.
 */
export interface UpstreamCredential {
  headers(): Promise<Record<string, string>>;
  rejected?(): void;
}

/** A credential that is the same headers on every call (an API key, a static bearer token). */
export function fixedCredential(headers: Record<string, string>): UpstreamCredential {
  return { headers: async () => headers };
}

/** A body, or null for a resource that is not there; `notFound` when the body is a 404's or 410's. */
interface Answer {
  body: string | null;
  notFound: boolean;
}

/** One upstream call as the breaker sees it. */
interface Call {
  url: string;
  authenticated: boolean;
  keepNotFoundBody: boolean;
  /** The client request the call is made for (the first one, when identical calls share it). */
  scope: RequestScope | undefined;
}

/** What a client calls on its source, on behalf of one client request (`UpstreamSource.for`). */
export interface SourceCalls {
  get<S extends z.ZodType>(request: UpstreamRequest, schema: S): Promise<Fetched<z.output<S> | null>>;
  send<S extends z.ZodType>(method: Method, path: string, body: unknown, headers: Record<string, string>, schema: S): Promise<z.output<S>>;
}

export interface Fetched<T> {
  value: T;
  /** True when the upstream failed and an expired cached answer was served instead. */
  stale: boolean;
  /** When the answer was obtained from the upstream (ms since epoch). */
  storedAt: number;
}

export interface BreakerOptions {
  errorThresholdPercentage: number;
  volumeThreshold: number;
  resetTimeout: number;
}

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
  /** Extra request headers every call sends (Accept, User-Agent). */
  headers?: Record<string, string>;
  /** Share concurrent identical calls (off only for the benchmarks' naive baseline). */
  singleFlight?: boolean;
}

const tracer = trace.getTracer('inclusion-graph');

function encodePath(request: UpstreamRequest): string {
  const search = new URLSearchParams(request.query ?? []).toString();
  return search ? `${request.path}?${search}` : request.path;
}

/** Statuses that say the resource is not there (unknown id, cube a zone lacks, deleted dataset). */
const NOT_FOUND = new Set([404, 410]);

/**
 * Everything between a client method and the network for one source: cache (fresh, then stale
 * on failure), single-flight, circuit breaker, concurrency cap, rolling quota, retries with
 * jittered backoff honouring Retry-After, timeouts, response validation and error mapping.
 */
export class UpstreamSource {
  private readonly http: Got;
  private readonly breaker: CircuitBreaker<[Call], Answer>;
  /** Calls waiting for a concurrency and a quota slot, in turn by client (fair-queue.ts). */
  private readonly queue: FairQuotaQueue;
  /** How this source's quota is shared between requests and clients. */
  readonly fairUse: FairUse;
  private readonly flights = new SingleFlight();
  private readonly agents: { http: HttpAgent; https: HttpsAgent };
  /** Recent calls as readiness sees them (source-health.ts). */
  private readonly health = new SourceHealth();

  constructor(
    readonly name: SourceName,
    private readonly deps: SourceDependencies,
  ) {
    const { settings, metrics } = deps;
    const agentOptions = { keepAlive: true, maxSockets: settings.concurrency * 2 };
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
    this.agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
    this.http = got.extend({
      prefixUrl: deps.origin,
      headers: { 'user-agent': 'inclusion-graph/0.1', ...deps.headers },
      timeout: { request: settings.timeoutMs },
      agent: this.agents,
      responseType: 'text',
      retry: retryPolicy(settings.retries),
      hooks: {
        // Every attempt, retries included, takes a quota slot: a read's first attempt took it
        // with its turn in the queue (`admitted`); a retry waits for its turn again (call-slot.ts).
        beforeRequest: [
          (options) => {
            // Lets an operator follow one client request into the upstreams' logs.
            const requestId = (options.context.scope as RequestScope | undefined)?.requestId;
            if (requestId) options.headers['x-request-id'] = requestId;
          },
          async (options) => {
            const slot = options.context.slot as CallSlot | undefined;
            if (slot) await slot.beforeAttempt();
            else await this.queue.acquire((options.context.scope as RequestScope | undefined)?.client, false);
          },
        ],
        beforeRetry: [() => metrics.retries.inc({ source: name })],
        beforeRedirect: [guardRedirects(name, deps.origin)],
        afterResponse: [
          (response) => {
            metrics.requests.inc({ source: name, status: String(response.statusCode) });
            return response;
          },
        ],
      },
    });

    this.breaker = this.createBreaker();
  }

  /**
   * The circuit breaker around every call: it opens when too many recent calls failed in a way
   * that says the source is unwell, and says so in the metrics and the log.
   */
  private createBreaker(): CircuitBreaker<[Call], Answer> {
    const { deps, name } = this;
    const { metrics } = deps;
    const breaker = new CircuitBreaker((call: Call) => this.admitted(call), {
      // A backstop only: a call ends by its own deadline (call-slot.ts), its last attempt's
      // timeout at most after it.
      timeout: callBudgetMs(deps.settings) + 2 * deps.settings.timeoutMs,
      errorThresholdPercentage: deps.breaker.errorThresholdPercentage,
      volumeThreshold: deps.breaker.volumeThreshold,
      resetTimeout: deps.breaker.resetTimeout,
      rollingCountTimeout: 10_000,
      // Only failures that say the source is unwell count; a 401 or our own quota do not.
      errorFilter: (error: unknown) => !(error instanceof UpstreamError && error.countsAgainstSource),
    });
    metrics.breakerState.set({ source: name }, 0);
    breaker.on('open', () => {
      metrics.breakerState.set({ source: name }, 2);
      deps.logger.warn({ source: name }, 'upstream circuit opened');
    });
    breaker.on('halfOpen', () => metrics.breakerState.set({ source: name }, 1));
    breaker.on('close', () => {
      metrics.breakerState.set({ source: name }, 0);
      deps.logger.info({ source: name }, 'upstream circuit closed');
    });
    return breaker;
  }

  /** `closed`, `half-open` or `open`. */
  get breakerState(): 'closed' | 'half-open' | 'open' {
    return this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'half-open' : 'closed';
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
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** How long this source's answers stay fresh, in seconds. */
  get cacheTtlS(): number {
    return this.deps.settings.cacheTtlS;
  }

  get hasCredential(): boolean {
    return this.deps.credential !== undefined;
  }

  /**
   * A cached, validated GET. A 404 or 410 answers `null` (unknown id, a cube the zone lacks, a
   * deleted dataset) and is cached like any answer.
   */
  /** This source's calls on behalf of one client request: what its per-request clients call. */
  for(scope: RequestScope | undefined): SourceCalls {
    return {
      get: (request, schema) => this.get(request, schema, scope),
      send: (method, path, body, headers, schema) => this.send(method, path, body, headers, schema, scope),
    };
  }

  async get<S extends z.ZodType>(request: UpstreamRequest, schema: S, scope?: RequestScope): Promise<Fetched<z.output<S> | null>> {
    if (request.authenticated && !this.hasCredential) {
      throw new UpstreamError('UPSTREAM_UNAUTHORIZED', this.name, `No credential is configured for ${this.name}`);
    }
    const url = encodePath(request);
    const cached = await this.deps.cache.read<z.output<S> | null>(url);
    if (cached?.fresh) {
      this.deps.metrics.cache.inc({ source: this.name, result: 'hit' });
      return { value: cached.envelope.v, stale: false, storedAt: cached.envelope.t };
    }
    this.deps.metrics.cache.inc({ source: this.name, result: 'miss' });
    const run = <T>(work: () => Promise<T>) => (this.deps.singleFlight === false ? work() : this.flights.run(url, work));
    return run(async () => {
      try {
        const answer = await this.breaker.fire({
          url,
          authenticated: request.authenticated,
          keepNotFoundBody: request.keepNotFoundBody === true,
          scope,
        });
        const value =
          answer.body === null ? null : answer.notFound ? this.readNotFound(answer.body, schema) : this.validate(answer.body, schema);
        const storedAt = await this.deps.cache.write(url, value);
        return { value, stale: false, storedAt };
      } catch (error) {
        const failure = toUpstreamError(this.name, error);
        if (cached && failure.code !== 'BAD_USER_INPUT' && failure.code !== 'UPSTREAM_UNAUTHORIZED') {
          this.deps.metrics.cache.inc({ source: this.name, result: 'stale' });
          this.deps.logger.warn({ source: this.name, code: failure.code }, 'upstream failed; serving a stale cached answer');
          return { value: cached.envelope.v, stale: true, storedAt: cached.envelope.t };
        }
        throw failure;
      }
    });
  }

  /**
   * A write on the caller's behalf: never cached, never retried, never shared. `headers` carries
   * the caller's own credential for this request only.
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
      const response = await this.http(path.replace(/^\//, ''), {
        method,
        json: body,
        headers,
        context: { scope },
        retry: { limit: 0 },
        followRedirect: false,
      });
      if (response.statusCode >= 300) throw redirectedWrite(this.name, response.statusCode);
      return this.validate(response.body, schema);
    } catch (error) {
      throw toUpstreamError(this.name, error);
    } finally {
      this.deps.metrics.latency.observe({ source: this.name }, (performance.now() - started) / 1000);
    }
  }

  /**
   * Runs one call once it is counted against its request's budget and has its turn: a
   * concurrency slot and a quota slot, in turn with other clients' calls (fair-queue.ts), all
   * within the call's deadline, after which its slot is always given back.
   */
  private async admitted(call: Call): Promise<Answer> {
    spendRequestBudget(this.name, call.scope);
    const { timeoutMs } = this.deps.settings;
    const slot = new CallSlot(this.queue, call.scope?.client, Date.now() + callBudgetMs(this.deps.settings));
    return this.health.watch(slot.deadline + timeoutMs, async () => {
      try {
        await slot.take();
        const answer = await this.fetchText(call, slot);
        this.health.succeeded();
        return answer;
      } catch (error) {
        this.health.failed(toUpstreamError(this.name, error));
        throw error;
      } finally {
        slot.giveBack();
      }
    });
  }

  /** One GET with the credential if the route needs it; after a 401, once more with fresh headers. */
  private async attempt(call: Call, slot: CallSlot): Promise<{ statusCode: number; body: string }> {
    const credential = call.authenticated ? this.deps.credential : undefined;
    const path = call.url.replace(/^\//, '');
    const headers = credential ? await credential.headers() : {};
    try {
      return await this.http(path, { headers, context: { slot, scope: call.scope } });
    } catch (error) {
      if (!(credential?.rejected && error instanceof HTTPError && error.response.statusCode === 401)) throw error;
      credential.rejected();
      return await this.http(path, { headers: await credential.headers(), context: { slot, scope: call.scope } });
    }
  }

  private async fetchText(call: Call, slot: CallSlot): Promise<Answer> {
    const { url } = call;
    // One client span per upstream call (retries included); a no-op unless tracing is on.
    return tracer.startActiveSpan(
      `upstream ${this.name}`,
      {
        kind: SpanKind.CLIENT,
        attributes: { 'upstream.source': this.name, 'http.request.method': 'GET', 'url.path': url.split('?', 1)[0] },
      },
      async (span) => {
        const started = performance.now();
        try {
          const response = await this.attempt(call, slot);
          span.setAttribute('http.response.status_code', response.statusCode);
          return { body: response.body, notFound: false };
        } catch (error) {
          if (error instanceof HTTPError && NOT_FOUND.has(error.response.statusCode)) {
            span.setAttribute('http.response.status_code', error.response.statusCode);
            const kept = call.keepNotFoundBody && errorBody(error) !== undefined;
            return { body: kept ? String(error.response.body) : null, notFound: true };
          }
          const failure = toUpstreamError(this.name, error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: failure.code });
          if (!(error instanceof HTTPError) && failure.code !== 'UPSTREAM_RATE_LIMITED') {
            this.deps.metrics.requests.inc({ source: this.name, status: (error as { code?: string }).code ?? 'error' });
          }
          throw failure;
        } finally {
          this.deps.metrics.latency.observe({ source: this.name }, (performance.now() - started) / 1000);
          span.end();
        }
      },
    );
  }

  /**
   * A kept "not found" body, when the schema describes it; one it does not describe (a gateway's
   * own 404, say) is only a not-found: `null`, never an invalid response.
   */
  private readNotFound<S extends z.ZodType>(text: string, schema: S): z.output<S> | null {
    try {
      const result = schema.safeParse(JSON.parse(text));
      return result.success ? result.data : null;
    } catch {
      return null;
    }
  }

  private validate<S extends z.ZodType>(text: string, schema: S): z.output<S> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UpstreamError('UPSTREAM_INVALID_RESPONSE', this.name, `${this.name} answered a body that is not JSON`, { notJson: true });
    }
    const result = schema.safeParse(json);
    if (!result.success) {
      const where = result.error.issues[0]?.path.join('.') || 'the top level';
      throw new UpstreamError(
        'UPSTREAM_INVALID_RESPONSE',
        this.name,
        `${this.name} answered a body that breaks its contract (at ${where})`,
      );
    }
    return result.data;
  }
}
