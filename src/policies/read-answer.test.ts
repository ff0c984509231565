import { describe, expect, it } from 'vitest';
import { httpError, networkError, timeoutError } from '../../test/helpers/fake-got.js';
import { UpstreamMetrics } from './metrics.js';
import type { ReadCall } from './read-call.js';
import { readAnswer } from './read-answer.js';

const call = (keepNotFoundBody = false): ReadCall => ({ url: '/items?page=2', authenticated: false, keepNotFoundBody, scope: undefined });
const failing = (error: unknown) => async () => Promise.reject(error);
const counted = async (metrics: UpstreamMetrics) =>
  Object.fromEntries((await metrics.requests.get()).values.map((v) => [v.labels.status, v.value]));

describe('readAnswer', () => {
  it('answers the body the transport got', async () => {
    const answer = await readAnswer('datagouv', new UpstreamMetrics(), call(), async () => ({ statusCode: 200, body: '{"a":1}' }));
    expect(answer).toEqual({ body: '{"a":1}', notFound: false });
  });

  it('takes a 404 or a 410 for a resource that is not there', async () => {
    for (const status of [404, 410]) {
      const answer = await readAnswer('datagouv', new UpstreamMetrics(), call(), failing(httpError(status, '{"message":"gone"}')));
      expect(answer).toEqual({ body: null, notFound: true });
    }
  });

  it('keeps a not-found’s JSON body when the call asks for it, never a body that is not JSON', async () => {
    const kept = await readAnswer('inserjeunes', new UpstreamMetrics(), call(true), failing(httpError(404, '{"millesimes":[]}')));
    expect(kept).toEqual({ body: '{"millesimes":[]}', notFound: true });
    const page = await readAnswer('inserjeunes', new UpstreamMetrics(), call(true), failing(httpError(404, '<html>')));
    expect(page).toEqual({ body: null, notFound: true });
  });

  it('maps other failures to the contract’s codes, counting those no response was counted for', async () => {
    const metrics = new UpstreamMetrics();
    const read = (error: unknown) => readAnswer('melodi', metrics, call(), failing(error));
    await expect(read(httpError(503))).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'melodi', details: { status: 503 } });
    await expect(read(timeoutError())).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'melodi' });
    await expect(read(networkError('ECONNRESET'))).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'melodi' });
    // The 503's response was counted by the transport as it came; the others by their code here.
    expect(await counted(metrics)).toEqual({ ETIMEDOUT: 1, ECONNRESET: 1 });
    expect((await metrics.latency.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(3);
  });
});
