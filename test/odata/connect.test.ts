import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer } from '../helpers/server.js';

/*
 * The ready-made connection files: the feed's address as the client reached the server, the
 * forwarded host and scheme believed only from a proxy TRUST_PROXY trusts.
 */
const sandbox = useSandbox();

const FORWARDED = { 'x-forwarded-host': 'data.example.org', 'x-forwarded-proto': 'https' };

describe('connection files', () => {
  it('gives Power BI a .pbids and Excel an .odc pointing at the feed a trusted proxy was asked for', async () => {
    const server = await startServer(sandbox(), { TRUST_PROXY: '127.0.0.1' });
    try {
      const pbids = await fetch(`${server.url}/odata/connect.pbids`, { headers: FORWARDED });
      expect(pbids.headers.get('content-disposition')).toContain('.pbids');
      expect(await pbids.json()).toMatchObject({
        version: '0.1',
        connections: [{ details: { protocol: 'odata', address: { url: 'https://data.example.org/odata/' } }, mode: 'Import' }],
      });
      const odc = await fetch(`${server.url}/odata/connect.odc`, { headers: FORWARDED });
      expect(odc.headers.get('content-type')).toMatch(/^text\/x-ms-odc/);
      const text = await odc.text();
      expect(text).toContain('<odc:Connection odc:Type="DATAFEED">');
      expect(text).toContain('Data Source=https://data.example.org/odata/;');
    } finally {
      await server.close();
    }
  });

  it('ignores forwarded headers from a client no proxy setting trusts', async () => {
    const server = await startServer(sandbox());
    try {
      const body = (await (await fetch(`${server.url}/odata/connect.pbids`, { headers: FORWARDED })).json()) as any;
      expect(body.connections[0].details.address.url).toBe(`${server.url}/odata/`);
    } finally {
      await server.close();
    }
  });
});
