import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { serversPerTest, type TestServer } from '../helpers/server.js';

/*
 * The hot response layer replays answers before Apollo runs: it must not hand one client an answer
 * shaped by another's headers (a federation trace, a CSV export), and caches in front of the
 * service must be told which headers shape an answer (`Vary`).
 */
const sandbox = useSandbox();
// Tracing on, whichever way the service gates it, so that a gateway's request gets its trace.
const start = serversPerTest(sandbox, { FEDERATION_TRACING: 'true' });

/** A list fed by the embedded geography alone: cacheable for a day, no upstream needed. */
const COMMUNES = '{ communes(search: "nantes", first: 3) { nodes { code name } } }';

function post(server: TestServer, query: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
}

/** A GET as a BI tool sends it (the preflight header is no longer needed, issue 16: kept to show it changes nothing). */
function get(server: TestServer, query: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`, {
    headers: { 'apollo-require-preflight': 'true', ...headers },
  });
}

function varyOf(response: Response): string[] {
  return (response.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());
}

describe('the hot response layer and the headers that change an answer', () => {
  it('never replays a federation trace to a plain client, nor a plain answer to a gateway asking for one', async () => {
    const server = await start();
    const traced = await post(server, COMMUNES, { 'apollo-federation-include-trace': 'ftv1' });
    expect(((await traced.json()) as any).extensions?.ftv1).toEqual(expect.any(String));
    for (let i = 0; i < 2; i++) {
      const plain = await post(server, COMMUNES);
      const body = (await plain.json()) as any;
      expect(body.data.communes.nodes.length).toBeGreaterThan(0);
      expect(body.extensions?.ftv1).toBeUndefined();
    }
    // A plain answer made hot first: a gateway still gets a trace of its own request.
    const other = '{ communes(search: "rennes", first: 2) { nodes { code name } } }';
    await post(server, other);
    expect((await post(server, other)).headers.get('x-response-cache')).toBe('hit');
    const tracedAfter = await post(server, other, { 'apollo-federation-include-trace': 'ftv1' });
    expect(((await tracedAfter.json()) as any).extensions?.ftv1).toEqual(expect.any(String));
  });

  it('answers CSV to a client accepting CSV on a URL first answered as JSON, and JSON after CSV', async () => {
    const server = await start();
    const json = await get(server, COMMUNES);
    expect(json.headers.get('content-type')).toMatch(/json/);
    const csv = await get(server, COMMUNES, { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toMatch(/^code,name\r\n44109,Nantes\r\n/);
    // The JSON answer stayed hot for JSON clients.
    const jsonAgain = await get(server, COMMUNES);
    expect(jsonAgain.headers.get('x-response-cache')).toBe('hit');
    expect(jsonAgain.headers.get('content-type')).toMatch(/json/);

    const other = '{ communes(search: "rennes", first: 2) { nodes { code name } } }';
    expect((await get(server, other, { accept: 'text/csv' })).headers.get('content-type')).toMatch(/^text\/csv/);
    for (let i = 0; i < 2; i++) {
      const after = await get(server, other);
      expect(after.headers.get('content-type')).toMatch(/json/);
      expect(((await after.json()) as any).data.communes.nodes[0]).toMatchObject({ name: 'Rennes' });
    }
    expect((await get(server, other, { accept: 'text/csv' })).headers.get('content-type')).toMatch(/^text\/csv/);
  });

  it('answers a GET the same with or without a preflight header, hot or not (issue 16)', async () => {
    const server = await start();
    expect((await get(server, COMMUNES)).status).toBe(200);
    const simple = await fetch(`${server.url}/graphql?query=${encodeURIComponent(COMMUNES)}`);
    expect(simple.status).toBe(200);
    expect(simple.headers.get('x-response-cache')).toBe('hit');
  });

  it('says which headers an answer varies on, keeping CORS’s Origin, on executed and hot answers alike', async () => {
    const server = await start();
    const origin = { origin: 'https://example.org' };
    const first = await post(server, COMMUNES, origin);
    const hot = await post(server, COMMUNES, origin);
    expect(hot.headers.get('x-response-cache')).toBe('hit');
    const csv = await get(server, COMMUNES, { ...origin, accept: 'text/csv' });
    for (const response of [first, hot, csv])
      expect(varyOf(response)).toEqual(expect.arrayContaining(['origin', 'accept', 'apollo-federation-include-trace']));
    // Each name once.
    expect(new Set(varyOf(hot)).size).toBe(varyOf(hot).length);
  });
});
