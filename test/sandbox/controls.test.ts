import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../sandbox/controls.js';
import { useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const inclusion = () => sandbox().urls['data-inclusion'];
const auth = () => ({ authorization: `Bearer ${sandbox().credentials.dataInclusionToken}` });

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox().urls.control}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('sandbox controls', () => {
  it('counts every request by source and path, readable and resettable in-process and over HTTP', async () => {
    await fetch(`${inclusion()}/api/v1/structures?size=1`, { headers: auth() });
    await fetch(`${inclusion()}/api/v1/structures?size=2`, { headers: auth() });
    await fetch(`${sandbox().urls.inserjeunes}/api`);
    const counters = sandbox().controls.counters();
    expect(counters.total).toBe(3);
    expect(counters.bySource['data-inclusion']).toEqual({ total: 2, byPath: { 'GET /api/v1/structures': 2 } });
    expect(
      sandbox()
        .controls.requests('data-inclusion')
        .map((r) => r.query),
    ).toEqual(['size=1', 'size=2']);
    const overHttp = (await (await control('GET', '/counters')).json()) as { total: number };
    expect(overHttp.total).toBe(3);
    expect((await control('DELETE', '/counters')).status).toBe(204);
    expect(sandbox().controls.count()).toBe(0);
  });

  it('adds latency per source', async () => {
    expect((await control('PUT', '/latency', { 'data-inclusion': 150 })).status).toBe(204);
    const started = performance.now();
    await fetch(`${inclusion()}/api/v1/doc/frais`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const other = performance.now();
    await fetch(`${sandbox().urls.inserjeunes}/api`);
    expect(performance.now() - other).toBeLessThan(140);
  });

  it('injects a status with the source’s error body, for a number of times, on matching paths only', async () => {
    sandbox().controls.addFault({ source: 'data-inclusion', kind: 'status', status: 503, path: '^/api/v1/services', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${inclusion()}/api/v1/services?size=1`, { headers: auth() })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await fetch(`${inclusion()}/api/v1/structures?size=1`, { headers: auth() })).status).toBe(200);
  });

  it('injects 429 with Retry-After, malformed JSON and off-contract JSON', async () => {
    const id = sandbox().controls.addFault({ source: 'lemarche', kind: 'rate-limit', retryAfter: 7 });
    const limited = await fetch(`${sandbox().urls.lemarche}/api/siae/`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    sandbox().controls.removeFault(id);

    sandbox().controls.addFault({ source: 'datagouv', kind: 'malformed-json', path: '^/api/1/datasets/$' });
    const malformed = await fetch(`${sandbox().urls.datagouv}/api/1/datasets/`);
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();

    sandbox().controls.addFault({ source: 'insee', kind: 'off-contract' });
    const offContract = (await (
      await fetch(`${sandbox().urls.insee}/donnees-locales/donnees/geo-IND_POPLEGALES@POPLEG2020/COM-44109.all`)
    ).json()) as Record<string, unknown>;
    expect(offContract).not.toHaveProperty('Cellule');
  });

  it('hangs or resets connections', async () => {
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'hang', path: '^/api$' });
    await expect(fetch(`${sandbox().urls.inserjeunes}/api`, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);
    sandbox().controls.addFault({ source: 'lemarche', kind: 'reset' });
    await expect(fetch(`${sandbox().urls.lemarche}/api/siae/`)).rejects.toThrow(/fetch failed/);
  });

  it('hits a share of requests with a probability, the same share on every run', async () => {
    const run = async () => {
      sandbox().reset();
      sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 500, probability: 0.3 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await fetch(`${sandbox().urls.inserjeunes}/api`)).status);
      return statuses;
    };
    const first = await run();
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(25);
    expect(await run()).toEqual(first);
  });

  it('validates fault rules on the control route', async () => {
    expect((await control('POST', '/faults', { source: 'nowhere', kind: 'status' })).status).toBe(400);
    expect((await control('POST', '/faults', { source: 'insee', kind: 'status', path: '(' })).status).toBe(400);
    const added = await control('POST', '/faults', { source: 'insee', kind: 'status', status: 502 });
    expect(added.status).toBe(201);
    expect((await (await control('GET', '/faults')).json()) as unknown[]).toHaveLength(1);
    expect((await fetch(`${sandbox().urls.insee}/donnees-locales/donnees/geo-IND_POPLEGALES@POPLEG2020/COM-44109.all`)).status).toBe(502);
    expect((await control('DELETE', '/faults')).status).toBe(204);
    expect((await fetch(`${sandbox().urls.insee}/donnees-locales/donnees/geo-IND_POPLEGALES@POPLEG2020/COM-44109.all`)).status).toBe(200);
  });

  it('takes over HTTP every kind of fault the controls apply, and no other', async () => {
    for (const kind of FAULT_KINDS) {
      expect((await control('POST', '/faults', { source: 'insee', kind, path: '^/nowhere$' })).status).toBe(201);
    }
    const refused = await control('POST', '/faults', { source: 'insee', kind: 'slow' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain(FAULT_KINDS.join(', '));
    expect((await control('DELETE', '/faults')).status).toBe(204);
  });
});
