import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestOutcome, type ResponseCacheVerdict } from '../graphql/request-outcome.js';
import { registerHotResponses } from './hot-responses.js';
import { decorateWithOutcome } from './outcome-decoration.js';

/**
 * The hot layer in front of a stand-in for GraphQL that tells, through the request's outcome
 * only (no header), how its answer may be cached and what the response cache said of it.
 */
function appTelling(verdict: ResponseCacheVerdict | undefined) {
  const app = Fastify();
  decorateWithOutcome(app);
  registerHotResponses(app, new Registry(), { maxEntries: 10, maxBytes: 1_000_000 });
  const state = { executions: 0 };
  app.post('/graphql', async (request, reply) => {
    state.executions++;
    const outcome = new RequestOutcome();
    outcome.sentCacheable = { maxAgeS: 60, scope: 'PUBLIC' };
    outcome.responseCache = verdict;
    request.outcome = outcome;
    return reply.type('application/json').send(JSON.stringify({ data: { executions: state.executions } }));
  });
  return { app, state };
}

const ask = (app: ReturnType<typeof Fastify>) =>
  app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: '{ a }' } });

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('the hot layer reads what a request learnt from its outcome', () => {
  it('keeps an answer the response cache judged, with no header saying so, and replays it', async () => {
    const { app, state } = appTelling({ hit: false });
    close = () => app.close();
    const first = await ask(app);
    expect(first.headers['x-response-cache']).toBeUndefined();
    const second = await ask(app);
    expect(state.executions).toBe(1);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['x-response-cache']).toBe('hit');
  });

  it('counts the age the response cache told from its hit: the entry ends with the data', async () => {
    const { app } = appTelling({ hit: true, ageS: 20 });
    close = () => app.close();
    await ask(app);
    const replay = await ask(app);
    expect(Number(replay.headers.age)).toBeGreaterThanOrEqual(20);
  });

  it('keeps nothing the response cache did not judge', async () => {
    const { app, state } = appTelling(undefined);
    close = () => app.close();
    await ask(app);
    await ask(app);
    expect(state.executions).toBe(2);
  });
});
