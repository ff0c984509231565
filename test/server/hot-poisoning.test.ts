import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

/*
 * Issue 23, points 4 and 7: the hot layer must key a request on exactly what will answer it. A raw
 * `#` or an undecodable `%E9` in a GET URL made Fastify's reading of the parameters (the key's)
 * differ from Apollo's (the answer's), and `Accept` was read one way by the key, another by the
 * export detection: one client could then leave a wrong answer for every other client.
 */
const sandbox = useSandbox();
let server: TestServer;
beforeAll(async () => {
  server = await startServer(sandbox());
});
afterAll(async () => {
  await server?.close();
});

const QUERY = 'query Communes($first: Int = 20) { communes(first: $first) { nodes { code } } }';

/**
 * A GET sent byte for byte as written (fetch would drop a fragment and re-encode the URL), with
 * the `Accept` fetch sends, so that only the URL tells it from the POSTs that follow.
 */
function rawGet(path: string, headers: Record<string, string> = { accept: '*/*' }): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

async function postCount(variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
  const { status, body } = await server.graphql(QUERY, variables, headers);
  expect(status).toBe(200);
  return body.data.communes.nodes.length;
}

describe('the hot layer keys a GET on what Apollo executes', () => {
  it('does not store the answer of a URL cut at a raw `#` under the key of what follows it', async () => {
    const poison = await rawGet(`/graphql?query=${encodeURIComponent(QUERY)}#&variables=${encodeURIComponent('{"first":1}')}`);
    expect(poison.status).toBe(200);
    // Apollo read no variables: the default 20.
    expect(JSON.parse(poison.body).data.communes.nodes).toHaveLength(20);
    expect(await postCount({ first: 1 })).toBe(1);
    expect(await postCount({ first: 1 })).toBe(1);
  });

  it('does not store the answer of an undecodable `%E9` under the key of the undecoded text', async () => {
    // Fastify leaves the whole value undecoded (`%22` stays `%22`); Apollo decodes it, sees a second
    // `first` and keeps the last (20).
    const variables = '{"first":1,"x":"%E9%22,%22first%22:20,%22y%22:%22"}';
    const poison = await rawGet(`/graphql?query=${encodeURIComponent(QUERY)}&variables=${variables}`);
    expect(poison.status).toBe(200);
    expect(JSON.parse(poison.body).data.communes.nodes).toHaveLength(20);
    const asFastifyRead = { first: 1, x: '%E9%22,%22first%22:20,%22y%22:%22' };
    expect(await postCount(asFastifyRead)).toBe(1);
    expect(await postCount(asFastifyRead)).toBe(1);
  });
});

describe('one reading of Accept for the hot layer and the exports', () => {
  const other = '{ communes(search: "brest", first: 2) { nodes { code name } } }';
  const url = () => `${server.url}/graphql?query=${encodeURIComponent(other)}`;

  it('answers CSV to `Accept: TEXT/CSV`, and never a JSON answer kept for another spelling', async () => {
    const upper = await fetch(url(), { headers: { accept: 'TEXT/CSV' } });
    expect(upper.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await upper.text()).toMatch(/^\uFEFF?code,name\r\n/);
    const lower = await fetch(url(), { headers: { accept: 'text/csv' } });
    expect(lower.headers.get('content-type')).toMatch(/^text\/csv/);
    await lower.text();
  });

  it('never answers CSV to a client that refuses it (`q=0`)', async () => {
    const refused = await fetch(url(), { headers: { accept: 'text/csv;q=0, application/json' } });
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await refused.json()) as any).data.communes.nodes).toHaveLength(2);
    // And a client that prefers CSV over JSON gets CSV, whatever JSON answer is hot.
    const csv = await fetch(url(), { headers: { accept: 'application/json;q=0.5, text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    await csv.text();
  });
});
