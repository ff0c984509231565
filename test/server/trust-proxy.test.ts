import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer } from '../helpers/server.js';

/*
 * Client identity for the rate limit: a caller's own `X-Forwarded-For` is believed only when the
 * peer is a proxy the operator trusts (here the test itself, on loopback, plays the proxy).
 */
const sandbox = useSandbox();

async function statuses(url: string, forwardedFor: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const address of forwardedFor) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    out.push(response.status);
  }
  return out;
}

describe('TRUST_PROXY', () => {
  it('by default, ignores X-Forwarded-For: a caller cannot pick a fresh rate-limit bucket', async () => {
    const server = await startServer(sandbox(), { RATE_LIMIT_PER_MINUTE: '2' });
    try {
      expect(await statuses(server.url, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([200, 200, 429]);
    } finally {
      await server.close();
    }
  });

  it('behind a trusted proxy, gives each client the proxy saw its own bucket', async () => {
    for (const trust of ['127.0.0.1', '127.0.0.0/8,::1', '1']) {
      const server = await startServer(sandbox(), { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: trust });
      try {
        expect(await statuses(server.url, ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.1']), trust).toEqual([
          200, 200, 200, 429,
        ]);
      } finally {
        await server.close();
      }
    }
  });

  it('does not believe a proxy it was not told to trust', async () => {
    const server = await startServer(sandbox(), { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '10.0.0.0/8' });
    try {
      expect(await statuses(server.url, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([200, 200, 429]);
    } finally {
      await server.close();
    }
  });
});
