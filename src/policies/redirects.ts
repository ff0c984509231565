import type { BeforeRedirectHook } from 'got';
import type { SourceName } from '../sources/names.js';
import { UpstreamError } from './errors.js';

/**
 * Redirects are where credentials leak: got drops `Authorization` and `Cookie` on a cross-host
 * redirect but keeps any other header, such as `x-api-key`, and a 307 re-sends a write's body.
 * So a read follows a redirect only within its source's own origin, and without any credential
 * (only these headers survive it); a write follows none (see `SourcePolicies.send`).
 */
const HEADERS_KEPT_ON_REDIRECT = new Set(['accept', 'accept-encoding', 'user-agent', 'x-request-id']);

export function guardRedirects(source: SourceName, base: string): BeforeRedirectHook {
  const origin = new URL(base).origin;
  return (options, response) => {
    const target = options.url instanceof URL ? options.url : new URL(String(options.url));
    if (target.origin !== origin) {
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', source, `${source} redirected to another host; the redirect was not followed`, {
        status: response.statusCode,
      });
    }
    for (const name of Object.keys(options.headers)) if (!HEADERS_KEPT_ON_REDIRECT.has(name.toLowerCase())) delete options.headers[name];
  };
}

/** A write answered by a redirect: never followed, since it would re-send the caller's key and body. */
export function redirectedWrite(source: SourceName, status: number): UpstreamError {
  return new UpstreamError('UPSTREAM_UNAVAILABLE', source, `${source} answered a redirect (${status}); writes never follow redirects`, {
    status,
  });
}
