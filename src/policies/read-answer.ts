import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { HTTPError } from 'got';
import type { SourceName } from '../sources/names.js';
import { errorBody, toUpstreamError } from './error-mapping.js';
import type { UpstreamMetrics } from './metrics.js';
import type { RawAnswer, ReadCall } from './read-call.js';
import type { TransportResponse } from './transport.js';

const tracer = trace.getTracer('inclusion-graph');

/** Statuses that say the resource is not there (unknown id, cube a zone lacks, deleted dataset). */
const NOT_FOUND = new Set([404, 410]);

/**
 * A read's answer from what the transport gave: its body, or a not-found (`null`, or the 404's
 * body when the call keeps it); any other failure mapped to the contract's codes. One client span
 * per upstream call (retries included; a no-op unless tracing is on), its latency measured, and
 * the failures no response was counted for (timeouts, resets) counted by their code.
 */
export async function readAnswer(
  source: SourceName,
  metrics: UpstreamMetrics,
  call: ReadCall,
  send: () => Promise<TransportResponse>,
): Promise<RawAnswer> {
  const attributes = { 'upstream.source': source, 'http.request.method': 'GET', 'url.path': call.url.split('?', 1)[0] };
  return tracer.startActiveSpan(`upstream ${source}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const started = performance.now();
    try {
      const response = await send();
      span.setAttribute('http.response.status_code', response.statusCode);
      return { body: response.body, notFound: false };
    } catch (error) {
      if (error instanceof HTTPError && NOT_FOUND.has(error.response.statusCode)) {
        span.setAttribute('http.response.status_code', error.response.statusCode);
        const kept = call.keepNotFoundBody && errorBody(error) !== undefined;
        return { body: kept ? String(error.response.body) : null, notFound: true };
      }
      const failure = toUpstreamError(source, error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.code });
      if (!(error instanceof HTTPError) && failure.code !== 'UPSTREAM_RATE_LIMITED') {
        metrics.requests.inc({ source, status: (error as { code?: string }).code ?? 'error' });
      }
      throw failure;
    } finally {
      metrics.latency.observe({ source }, (performance.now() - started) / 1000);
      span.end();
    }
  });
}
