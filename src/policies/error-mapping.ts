import { HTTPError, RequestError, TimeoutError } from 'got';
import type { SourceName } from '../sources/names.js';
import { refusalError } from './error-body.js';
import { UpstreamError } from './errors.js';

/** The body of an error response, when it is JSON. */
export function errorBody(error: HTTPError): unknown {
  try {
    return JSON.parse(String(error.response.body));
  } catch {
    return undefined;
  }
}

/** Maps anything thrown on the way to the contract's error codes. */
export function toUpstreamError(name: SourceName, error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof UpstreamError) return cause;
  if ((error as { code?: string }).code === 'EOPENBREAKER') {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', name, `${name} is failing; its circuit is open and requests fail fast for a while`);
  }
  // got's timeout of an attempt, or the breaker's backstop (opossum's code).
  const backstop = !(error instanceof RequestError) && (error as { code?: string }).code === 'ETIMEDOUT';
  if (error instanceof TimeoutError || backstop) return new UpstreamError('UPSTREAM_TIMEOUT', name, `${name} did not answer in time`);
  if (error instanceof HTTPError) {
    const status = error.response.statusCode;
    if (status === 401 || status === 403)
      return new UpstreamError('UPSTREAM_UNAUTHORIZED', name, `${name} rejected the credential (${status})`, { status });
    if (status === 429) return new UpstreamError('UPSTREAM_RATE_LIMITED', name, `${name} is rate-limiting requests`, { status });
    // The upstream's words stay out of the message (its internals could be in them).
    if (status === 400 || status === 422) return refusalError(name, status, errorBody(error));
    return new UpstreamError('UPSTREAM_UNAVAILABLE', name, `${name} answered ${status}`, { status });
  }
  if (error instanceof RequestError) return new UpstreamError('UPSTREAM_UNAVAILABLE', name, `${name} could not be reached (${error.code})`);
  return new UpstreamError('UPSTREAM_UNAVAILABLE', name, `${name} failed unexpectedly`);
}
