import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer } from '../helpers/server.js';

/*
 * Overload: the server runs in this process, so the test itself saturates its event loop (busy
 * slices of 150 ms, one after another) while it sends requests, with a low threshold. Bounded:
 * the load stops after a few seconds whatever happens.
 */
const sandbox = useSandbox();

/** Keeps the event loop busy in slices (requests are still read between them) until stopped or `maxMs`. */
function saturateEventLoop(maxMs: number): () => void {
  const until = Date.now() + maxMs;
  let stopped = false;
  const slice = () => {
    if (stopped || Date.now() > until) return;
    const end = Date.now() + 150;
    while (Date.now() < end) {
      // busy: the event loop lags as it would behind more work than a core can do
    }
    setImmediate(slice);
  };
  setImmediate(slice);
  return () => (stopped = true);
}

async function get(url: string): Promise<{ status: number; retryAfter: string | null; body: any }> {
  const response = await fetch(url, { headers: { 'content-type': 'application/json' } });
  const text = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: text ? JSON.parse(text) : undefined };
}

describe('overload', () => {
  it('sheds requests with 503, Retry-After and SERVER_OVERLOADED while the event loop lags, /healthz still answers', async () => {
    const server = await startServer(sandbox(), { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '50' });
    const query = `${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    try {
      expect((await get(query)).status).toBe(200);
      const stop = saturateEventLoop(8000);
      let shed: Awaited<ReturnType<typeof get>> | undefined;
      let health: Awaited<ReturnType<typeof get>> | undefined;
      try {
        // The pressure is measured each second: within a few, requests are refused.
        for (let i = 0; i < 40 && !shed; i++) {
          const answer = await get(query);
          if (answer.status !== 200) shed = answer;
        }
        health = await get(`${server.url}/healthz`);
      } finally {
        stop();
      }
      expect(shed).toEqual({
        status: 503,
        retryAfter: '5',
        body: { errors: [{ message: 'The server is overloaded; retry in 5 s', extensions: { code: 'SERVER_OVERLOADED' } }] },
      });
      expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
      // Once the loop is free again, requests are served again.
      let recovered = 0;
      for (let i = 0; i < 40 && recovered !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        recovered = (await get(query)).status;
      }
      expect(recovered).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('sheds requests while the heap in use is over OVERLOAD_MAX_HEAP_USED_MB', async () => {
    // Any live process uses more than 1 MB: overloaded from the first measure after start-up.
    const server = await startServer(sandbox(), { OVERLOAD_MAX_HEAP_USED_MB: '1', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
    const query = `${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    try {
      let answer = await get(query);
      for (let i = 0; i < 50 && answer.status === 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await get(query);
      }
      expect(answer).toMatchObject({ status: 503, retryAfter: '5', body: { errors: [{ extensions: { code: 'SERVER_OVERLOADED' } }] } });
      expect((await get(`${server.url}/healthz`)).status).toBe(200);
      expect((await get(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
