import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium as playwrightChromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { useServer } from '../helpers/server.js';
import { CHROMIUM, chromium, itNeeding } from '../helpers/system.js';

const sandbox = useSandbox();
const server = useServer(sandbox);
const closeLater: Server[] = [];
afterAll(() => closeLater.forEach((s) => s.close()));

/*
 * What a browser app (an Observable notebook, a dashboard in a page) may read of an answer: the
 * headers it is told it may read (Access-Control-Expose-Headers), and how long it may keep a
 * preflight's answer (Access-Control-Max-Age) before asking again.
 */
const ORIGIN = 'https://dashboard.example.org';
const READABLE = ['x-export-total', 'x-export-truncated', 'x-graphql-errors', 'etag', 'age', 'x-response-cache'];

const exposedOf = (response: Response) =>
  (response.headers.get('access-control-expose-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);

describe('CORS for browser apps', () => {
  it('answers a preflight with how long it may be kept', async () => {
    const preflight = await fetch(`${server().url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(Number(preflight.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  it('lets a browser read the export, cache and validation headers of an export and of a named endpoint', async () => {
    const query = 'query($d: String!) { communes(department: $d, first: 50) { nodes { code name } } }';
    const params = new URLSearchParams({ query, variables: JSON.stringify({ d: '2A' }), format: 'csv' });
    const csv = await fetch(`${server().url}/graphql?${params}`, { headers: { origin: ORIGIN } });
    expect(csv.status).toBe(200);
    expect(Number(csv.headers.get('x-export-total'))).toBeGreaterThan(50);
    expect(exposedOf(csv)).toEqual(expect.arrayContaining(READABLE));
    await csv.arrayBuffer();
    const json = await fetch(`${server().url}/rest/communes-search.json?search=nantes`, { headers: { origin: ORIGIN } });
    expect(json.status).toBe(200);
    expect(json.headers.get('etag')).toBeTruthy();
    expect(exposedOf(json)).toEqual(expect.arrayContaining(READABLE));
  });

  itNeeding(
    chromium,
    'lets a page of another origin, in a real browser, read an export’s X-Export-Total',
    async () => {
      const browser = await playwrightChromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
      try {
        const page = await browser.newPage();
        // A dashboard's page on an origin of its own: another port of this machine, served for real
        // (Chromium keeps a page it cannot place on the network from reaching a loopback address).
        const dashboard = createServer((_request, response) => response.end('<!doctype html><title>dashboard</title>'));
        dashboard.listen(0, '127.0.0.1');
        await once(dashboard, 'listening');
        closeLater.push(dashboard);
        await page.goto(`http://127.0.0.1:${(dashboard.address() as AddressInfo).port}/`);
        const query = '{ communes(department: "2A", first: 50) { nodes { code name } } }';
        const url = `${server().url}/graphql?${new URLSearchParams({ query, format: 'csv' })}`;
        const read = await page.evaluate(async (target) => {
          // A custom header: the browser sends a preflight first.
          const response = await fetch(target, { headers: { 'x-api-key': 'none' } });
          await response.text();
          return { status: response.status, total: response.headers.get('x-export-total') };
        }, url);
        expect(read.status).toBe(200);
        expect(Number(read.total)).toBeGreaterThan(50);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
