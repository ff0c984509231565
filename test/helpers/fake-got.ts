import { HTTPError, RequestError, TimeoutError } from 'got';

/*
 * The errors got throws, built without a socket, for unit tests whose fake transport stands for
 * got (src/policies/*.test.ts).
 */

const request = { options: { method: 'GET', url: new URL('http://upstream.test/') } };

/** What got throws for a response outside 2xx. */
export function httpError(statusCode: number, body = '', headers: Record<string, string> = {}): HTTPError {
  const response = { statusCode, statusMessage: '', body, headers, request };
  const error = new HTTPError(response as never);
  // got's error reads its response from its request object, which a fake cannot be.
  Object.defineProperty(error, 'response', { value: response });
  return error;
}

/** What got throws when an attempt outlives its timeout. */
export function timeoutError(): TimeoutError {
  return new TimeoutError(
    Object.assign(new Error('timed out'), { event: 'request', code: 'ETIMEDOUT' }) as never,
    {} as never,
    request as never,
  );
}

/** What got throws when the upstream cannot be reached. */
export function networkError(code = 'ECONNREFUSED'): RequestError {
  return new RequestError('connect failed', Object.assign(new Error('connect failed'), { code }), request as never);
}
