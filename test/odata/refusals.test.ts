import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

/*
 * What the feed answers when the server refuses a request before the feed's code runs (the rate
 * limit, load shedding, a body too large or of the wrong type) or when a client writes: OData's
 * error body, which is what a BI tool shows its user, with the status, `Retry-After` and version.
 */
const sandbox = useSandbox();
/** Runs `check` against a server of its own (each test refuses in its own way), closed afterwards. */
async function withServer(env: Record<string, string>, check: (server: TestServer) => Promise<void>) {
  const server = await startServer(sandbox(), env);
  try {
    await check(server);
  } finally {
    await server.close();
  }
}

async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, { ...init, headers: { 'odata-maxversion': '4.0', ...(init.headers as Record<string, string>) } });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    retryAfter: response.headers.get('retry-after'),
    version: response.headers.get('odata-version'),
    body: (await response.json()) as any,
  };
}

const odataError = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('refusals on the OData feed', () => {
  it('answers the rate limit (429) with an OData error body, Retry-After kept; /graphql keeps its own', async () => {
    await withServer({ RATE_LIMIT_PER_MINUTE: '1' }, async (server) => {
      expect((await call(`${server.url}/odata/Regions`)).status).toBe(200);
      const refused = await call(`${server.url}/odata/Regions`);
      expect(refused).toMatchObject({ status: 429, version: '4.0', body: odataError('RATE_LIMITED') });
      expect(refused.body.error.message).toMatch(/requests per minute/);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(refused.type).toMatch(/^application\/json/);
      const graphql = await call(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
      expect(graphql).toMatchObject({ status: 429, body: { errors: [{ extensions: { code: 'RATE_LIMITED' } }] } });
    });
  });

  it('answers load shedding (503) with an OData error body and Retry-After', async () => {
    // Any live process uses more than 1 MB: overloaded from the first measure after start-up.
    await withServer({ OVERLOAD_MAX_HEAP_USED_MB: '1', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' }, async (server) => {
      let answer = await call(`${server.url}/odata/Regions`);
      for (let i = 0; i < 50 && answer.status === 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await call(`${server.url}/odata/Regions`);
      }
      expect(answer).toMatchObject({ status: 503, retryAfter: '5', version: '4.0', body: odataError('SERVER_OVERLOADED') });
    });
  });

  it('refuses writes (405), and a body too large (413) or of another type (415), in OData error bodies', async () => {
    await withServer({}, async (server) => {
      const url = `${server.url}/odata/Structures`;
      const json = { 'content-type': 'application/json' };
      expect(await call(url, { method: 'POST', headers: json, body: '{}' })).toMatchObject({
        status: 405,
        version: '4.0',
        body: odataError('METHOD_NOT_ALLOWED'),
      });
      const large = JSON.stringify({ name: 'x'.repeat(2 * 2 ** 20) });
      expect(await call(url, { method: 'POST', headers: json, body: large })).toMatchObject({
        status: 413,
        body: odataError('PAYLOAD_TOO_LARGE'),
      });
      expect(await call(url, { method: 'PATCH', headers: { 'content-type': 'application/xml' }, body: '<a/>' })).toMatchObject({
        status: 415,
        body: odataError('UNSUPPORTED_MEDIA_TYPE'),
      });
    });
  });
});
