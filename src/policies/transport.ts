import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Method } from 'got';
import type { SourceName } from '../sources/names.js';
import type { UpstreamMetrics } from './metrics.js';
import { guardRedirects } from './redirects.js';
import { retryPolicy, type RetryWindow } from './retry-policy.js';
import type { SourceSettings } from './settings.js';

/** One request as a policy hands it to the transport. */
export interface TransportRequest {
  /** Path and query from the origin, with or without the leading `/`. */
  readonly path: string;
  readonly method?: Method;
  readonly headers: Readonly<Record<string, string>>;
  /** A write's body, sent as JSON. */
  readonly json?: unknown;
  /** The client request's id, sent along so that an operator can follow it into the upstream's logs. */
  readonly requestId?: string;
  /** Before each request goes out (the first, each retry, each redirect): waits for its turn. */
  beforeSend(): Promise<void>;
  /** A read's retries, bounded by its call's window (retry-policy.ts); `none` for a write. */
  readonly retry: RetryWindow | 'none';
}

/** The answer of a request the upstream answered with a 2xx (got throws on any other). */
export interface TransportResponse {
  readonly statusCode: number;
  readonly body: string;
}

/** Sends one request to a source's origin; got's errors (HTTPError, TimeoutError…) are thrown as they are. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export interface HttpTransport {
  send: Transport;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

/**
 * got for one source: its origin, a timeout per attempt, keep-alive sockets (twice the source's
 * concurrency), retries of reads (retry-policy.ts), redirects kept within the origin without
 * credentials (redirects.ts), and the metrics of every response. A write follows no redirect and
 * is never retried.
 */
export function createHttpTransport(options: {
  name: SourceName;
  origin: string;
  settings: SourceSettings;
  metrics: UpstreamMetrics;
  /** Extra request headers every call sends (Accept). */
  headers?: Record<string, string>;
}): HttpTransport {
  const { name, origin, settings, metrics } = options;
  const agentOptions = { keepAlive: true, maxSockets: settings.concurrency * 2 };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const http = got.extend({
    prefixUrl: origin,
    headers: { 'user-agent': 'inclusion-graph/0.1', ...options.headers },
    timeout: { request: settings.timeoutMs },
    agent: agents,
    responseType: 'text',
    retry: retryPolicy(settings.retries),
    hooks: {
      beforeRetry: [() => metrics.retries.inc({ source: name })],
      beforeRedirect: [guardRedirects(name, origin)],
      afterResponse: [
        (response) => {
          metrics.requests.inc({ source: name, status: String(response.statusCode) });
          return response;
        },
      ],
    },
  });
  const send: Transport = async (request) => {
    const { retry } = request;
    const response = await http(request.path.replace(/^\//, ''), {
      method: request.method ?? 'GET',
      ...(request.json === undefined ? {} : { json: request.json }),
      headers: request.requestId ? { ...request.headers, 'x-request-id': request.requestId } : request.headers,
      // This request's own hook, after the instance's: every attempt, retries and redirects included, waits for its turn.
      hooks: { beforeRequest: [() => request.beforeSend()] },
      retry: retry === 'none' ? { limit: 0 } : retryPolicy(settings.retries, retry),
      followRedirect: retry !== 'none',
    });
    return { statusCode: response.statusCode, body: response.body };
  };
  return {
    send,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
