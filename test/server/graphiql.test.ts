import { chromium as playwrightChromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { exampleQueries, startServer, type TestServer } from '../helpers/server.js';
import { CHROMIUM, chromium, describeNeeding } from '../helpers/system.js';

const sandbox = useSandbox();

describeNeeding(chromium, 'GraphiQL in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer(sandbox());
    browser = await playwrightChromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads from the server alone, runs the commune dashboard and shows the result', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    // The Content-Security-Policy lets the page run: the browser refuses nothing.
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(`${server.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    // The contract's client queries are there as tabs, the dashboard first.
    const tabs = await page.locator('.graphiql-tab').allTextContents();
    expect(tabs.join(' ')).toMatch(/CommuneDashboard/);
    // One tab per client query of schema/examples.
    expect(tabs.length).toBe(exampleQueries().length);
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await expect.poll(async () => (await result.textContent()) ?? '', { timeout: 20_000 }).toContain('"name": "Nantes"');
    expect(await result.textContent()).toContain('"legalPopulation"');
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/graphiql.png` });
    // Everything came from this server: no CDN.
    expect(requested.every((url) => url.startsWith(server.url))).toBe(true);
    expect(requested.some((url) => url.endsWith('/graphiql/assets/graphiql.js'))).toBe(true);
    expect(refused).toEqual([]);
  }, 60_000);
});

describe('GraphiQL over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(sandbox());
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends a Content-Security-Policy and refuses to be framed', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers 404 for names that are not assets, inherited ones included', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'nothing.js']) {
      const response = await fetch(`${server.url}/graphiql/assets/${name}`);
      expect(response.status, name).toBe(404);
    }
  });
});
