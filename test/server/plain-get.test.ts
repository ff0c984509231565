import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { useServer } from '../helpers/server.js';

const sandbox = useSandbox();
const server = useServer(sandbox);

/*
 * A GET query needs no preflight header (BI tools, curl, a URL pasted in a browser), and a
 * request gets the same answer whatever was asked before it: the hot response layer applies the
 * server's request rule, not a history of its own. Mutations stay POST-only and JSON-only.
 */
const QUERY = '{ communes(search: "nantes") { nodes { code } } }';
const BODY = JSON.stringify({ query: QUERY });

async function statusAndText(response: Response) {
  return { status: response.status, text: await response.text() };
}

describe('requests as clients really send them', () => {
  it('answers a plain GET query without any header, cold and hot alike', async () => {
    const url = `${server().url}/graphql?query=${encodeURIComponent(QUERY)}`;
    const cold = await fetch(url);
    expect(cold.status).toBe(200);
    expect(((await cold.json()) as any).data.communes.nodes[0]).toEqual({ code: '44109' });
    const hot = await fetch(url);
    expect(hot.status).toBe(200);
    expect(hot.headers.get('x-response-cache')).toBe('hit');
  });

  it('refuses a non-JSON POST the same way before and after the same bytes were answered as JSON', async () => {
    const asText = () => fetch(`${server().url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: BODY });
    const before = await statusAndText(await asText());
    expect(before.status).toBe(415);
    const json = { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY };
    await fetch(`${server().url}/graphql`, json);
    expect((await fetch(`${server().url}/graphql`, json)).headers.get('x-response-cache')).toBe('hit');
    expect(await statusAndText(await asText())).toEqual(before);
  });

  it('runs mutations only by a JSON POST: by GET, by export, by form post they are refused before running', async () => {
    sandbox().controls.resetCounters();
    const mutation = 'mutation { createDataset(input: { title: "x", description: "y" }) { id } }';
    const key = { 'x-datagouv-api-key': sandbox().credentials.datagouvApiKey };
    const byGet = await fetch(`${server().url}/graphql?query=${encodeURIComponent(mutation)}`, { headers: key });
    expect(byGet.status).toBe(405);
    const byExport = await fetch(`${server().url}/graphql?format=csv&query=${encodeURIComponent(mutation)}`, { headers: key });
    expect(byExport.status).toBe(405);
    const byForm = await fetch(`${server().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...key },
      body: new URLSearchParams({ query: mutation }).toString(),
    });
    expect(byForm.status).toBe(415);
    expect(sandbox().controls.count('datagouv')).toBe(0);
  });
});
