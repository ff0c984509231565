import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer } from '../helpers/server.js';

/*
 * Edges of the GraphQL endpoint: a persisted query whose hash does not match its text, and
 * inline tracing (`ftv1`), which only a gateway configured for it may turn on.
 */
const sandbox = useSandbox();

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const TRACE = { 'apollo-federation-include-trace': 'ftv1' };

describe('automatic persisted queries', () => {
  it('answers a hash that does not match the query with 400 and Apollo’s APQ error, not a 500', async () => {
    const server = await startServer(sandbox());
    try {
      const query = '{ __typename }';
      const mismatch = await post(server.url, {
        query,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ something { else } }') } },
      });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.errors).toEqual([
        expect.objectContaining({
          message: 'provided sha does not match query',
          extensions: expect.objectContaining({ code: 'BAD_REQUEST' }),
        }),
      ]);
      // The right hash still works, and registers the query for hash-only requests.
      const registered = await post(server.url, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(registered).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    } finally {
      await server.close();
    }
  });
});

describe('inline tracing (ftv1)', () => {
  it('is off by default: a caller asking for a trace gets none', async () => {
    const server = await startServer(sandbox());
    try {
      const answer = await post(server.url, { query: '{ __typename }' }, TRACE);
      expect(answer.status).toBe(200);
      expect(answer.body.extensions?.ftv1).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('with FEDERATION_TRACING=true, gives a gateway that asks its trace', async () => {
    const server = await startServer(sandbox(), { FEDERATION_TRACING: 'true' });
    try {
      const traced = await post(server.url, { query: '{ __typename }' }, TRACE);
      expect(typeof traced.body.extensions?.ftv1).toBe('string');
      const plain = await post(server.url, { query: '{ __typename }' });
      expect(plain.body.extensions?.ftv1).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
