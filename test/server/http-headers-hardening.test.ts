import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

/*
 * Issue 23, point 7's HTTP items: what the named endpoints say to caches and to readers of their
 * listing, names with dots, and `nosniff` on every answer.
 */
const sandbox = useSandbox();
const persisted = mkdtempSync(join(tmpdir(), 'persisted-dots-'));
writeFileSync(
  join(persisted, 'communes.v2.graphql'),
  '# Communes of a department, second version.\nquery CommunesV2($code: String!) { communes(department: $code, first: 5) { totalCount nodes { code name } } }\n',
);

let server: TestServer;
beforeAll(async () => {
  server = await startServer(sandbox(), { PERSISTED_QUERIES_DIR: persisted });
});
afterAll(async () => server?.close());

const varyOf = (response: Response) => (response.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());

/** A GET with a `Host` of the caller's choosing (fetch would not send one). */
function getWithHost(path: string, host: string): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('named endpoints and caches', () => {
  it('varies on Accept when the format comes from Accept', async () => {
    const json = await fetch(`${server.url}/rest/communes-search?search=nantes`);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('cache-control')).toMatch(/public/);
    expect(varyOf(json)).toContain('accept');
    await json.text();
    const csv = await fetch(`${server.url}/rest/communes-search?search=nantes`, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(varyOf(csv)).toContain('accept');
    await csv.text();
  });

  it('lists URLs that do not come from the request’s Host', async () => {
    const listing = JSON.parse(await getWithHost('/rest', 'evil.example')) as { endpoints: { name: string; urls: string[] }[] };
    const urls = listing.endpoints.flatMap((endpoint) => endpoint.urls);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).not.toContain('evil.example');
    // Each listed URL answers (relative to the server).
    const v2 = listing.endpoints.find((endpoint) => endpoint.name === 'communes.v2')!;
    expect(v2).toBeDefined();
    for (const url of v2.urls) {
      const answer = await fetch(`${server.url}${url}?code=2A`);
      expect(answer.status).toBe(200);
      // Read whole: an export holds one of the client's export slots until it ends.
      await answer.arrayBuffer();
    }
  });

  it('serves a persisted query whose name holds a dot, by each of its listed URLs and without extension', async () => {
    const bare = await fetch(`${server.url}/rest/communes.v2?code=2A`);
    expect(bare.status).toBe(200);
    expect(((await bare.json()) as any).data.communes.nodes).toHaveLength(5);
    const csv = await fetch(`${server.url}/rest/communes.v2.csv?code=2A`);
    expect(csv.status).toBe(200);
    // (fetch's text() drops the BOM)
    expect(await csv.text()).toMatch(/^code,name\r\n2A/);
  });
});

describe('X-Content-Type-Options', () => {
  it('is nosniff on every answer: JSON, replayed JSON, CSV, errors, health', async () => {
    const query = encodeURIComponent('{ communes(search: "lille", first: 1) { nodes { code } } }');
    const answers = [
      await fetch(`${server.url}/graphql?query=${query}`),
      await fetch(`${server.url}/graphql?query=${query}`),
      await fetch(`${server.url}/graphql?query=${query}&format=csv`),
      await fetch(`${server.url}/rest/communes.v2.ndjson?code=2A`),
      await fetch(`${server.url}/rest/no-such-thing`),
      await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }),
      await fetch(`${server.url}/healthz`),
    ];
    expect(answers[1]!.headers.get('x-response-cache')).toBe('hit');
    for (const answer of answers) {
      expect(answer.headers.get('x-content-type-options'), answer.url).toBe('nosniff');
      await answer.arrayBuffer();
    }
  });
});
