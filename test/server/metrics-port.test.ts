import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer } from '../helpers/server.js';

/*
 * `/metrics` on a port of its own (METRICS_PORT), with `npm start`'s command, and the rendering
 * kept for a second so that a flood of scrapes costs one rendering a second.
 */
const sandbox = useSandbox();
const started: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop('SIGKILL')));
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own listener only, and stops it with the server', async () => {
    const server = await startServerProcess({ UPSTREAMS: 'live', ...sandbox().env, METRICS_PORT: '0' });
    started.push(server);
    const [serving] = await server.logged(/inclusion-graph is serving/);
    const metricsUrl = JSON.parse(serving!).metrics as string;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(metricsUrl).port).not.toBe(new URL(server.url).port);

    const publicAnswer = await fetch(`${server.url}/metrics`);
    expect(publicAnswer.status).toBe(404);
    await publicAnswer.text();
    const scraped = await fetch(metricsUrl);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await scraped.text()).toMatch(/^upstream_breaker_state\{source="insee"\} 0$/m);
    // Readiness in detail, for operators: which credentials are configured, the latest errors.
    const readiness = (await (await fetch(new URL('/readyz', metricsUrl))).json()) as any;
    expect(readiness.upstreams.insee).toMatchObject({ state: 'ok', breaker: 'closed', lastError: null });
    expect(typeof readiness.upstreams.insee.credential).toBe('boolean');
    // Nothing else is served there.
    expect((await fetch(new URL('/graphql?query=%7B__typename%7D', metricsUrl))).status).toBe(404);

    expect(await server.stop('SIGTERM')).toBe(0);
    await expect(fetch(metricsUrl)).rejects.toThrow();
  }, 60_000);

  it('unset, serves /metrics on the public port', async () => {
    const server = await startServer(sandbox());
    try {
      const answer = await fetch(`${server.url}/metrics`);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toMatch(/^upstream_breaker_state\{source="insee"\} 0$/m);
    } finally {
      await server.close();
    }
  });
});

describe('/metrics rendering', () => {
  it('is rendered at most once a second: scrapes within it get the same text', async () => {
    const server = await startServer(sandbox());
    const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
    try {
      const first = await scrape();
      await server.graphql('{ __typename }');
      expect(await scrape()).toBe(first);
      server.advanceMetricsClock(1100);
      expect(await scrape()).not.toBe(first);
    } finally {
      await server.close();
    }
  });
});
