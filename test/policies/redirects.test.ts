import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectionsFor, failure } from '../helpers/connections.js';
import { useSandbox } from '../helpers/sandbox.js';

/*
 * An upstream that answers every request with a redirect, and a recorder on another origin
 * that notes whatever reaches it: no credential, no caller's key and no write may ever get there.
 */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const sandbox = useSandbox();
const recorded: Seen[] = [];
const landed: Seen[] = [];
let recorder: Server;
let redirector: Server;
let recorderUrl = '';
let redirectorUrl = '';
/** Where the redirector sends requests: `elsewhere` (the recorder) or `here` (its own /landing). */
let target: 'elsewhere' | 'here' = 'elsewhere';

beforeAll(async () => {
  recorder = createServer((request, response) => {
    recorded.push({ method: request.method!, url: request.url!, headers: request.headers });
    response.setHeader('content-type', 'application/json');
    response.end('{}');
  });
  recorderUrl = await listen(recorder);
  redirector = createServer((request, response) => {
    if (request.url!.startsWith('/landing')) {
      landed.push({ method: request.method!, url: request.url!, headers: request.headers });
      response.statusCode = 401;
      response.end('{"detail": "Not authenticated"}');
      return;
    }
    const status = request.method === 'GET' ? 302 : 307;
    response.writeHead(status, { location: target === 'here' ? `/landing${request.url}` : `${recorderUrl}${request.url}` });
    response.end();
  });
  redirectorUrl = await listen(redirector);
});
afterAll(async () => {
  await new Promise((resolve) => recorder.close(resolve));
  await new Promise((resolve) => redirector.close(resolve));
});
beforeEach(() => {
  recorded.length = 0;
  landed.length = 0;
  target = 'elsewhere';
});

function redirectedClients() {
  return connectionsFor(sandbox(), {
    DATA_INCLUSION_URL: redirectorUrl,
    DATA_INCLUSION_TOKEN: 'di-secret-token',
    INSERJEUNES_URL: redirectorUrl,
    INSERJEUNES_CLIENT_ID: '',
    INSERJEUNES_CLIENT_SECRET: '',
    INSERJEUNES_API_KEY: 'ij-secret-key',
    DATAGOUV_URL: redirectorUrl,
    DATAGOUV_API_KEY: 'operator-secret-key',
    DATA_INCLUSION_RETRIES: '0',
    INSERJEUNES_RETRIES: '0',
    DATAGOUV_RETRIES: '0',
  });
}

describe('redirects from an upstream', () => {
  it('are not followed to another host: neither a bearer token nor a key reaches it', async () => {
    const c = redirectedClients();
    try {
      expect((await failure(c.dataInclusion.structure('source--1'))).code).toBe('UPSTREAM_UNAVAILABLE');
      expect((await failure(c.inserjeunes.certifications({}, { page: 1, perPage: 1 }))).code).toBe('UPSTREAM_UNAVAILABLE');
      expect((await failure(c.datagouv.dataset('budget'))).code).toBe('UPSTREAM_UNAVAILABLE');
      expect(recorded).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('never re-send a write, its body or the caller’s key, anywhere', async () => {
    const c = redirectedClients();
    try {
      const error = await failure(c.datagouv.createDataset({ title: 'Offre' }, 'caller-secret-key'));
      expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', details: { status: 307 } });
      target = 'here';
      await failure(c.datagouv.createDataset({ title: 'Offre' }, 'caller-secret-key'));
      expect(recorded).toEqual([]);
      expect(landed).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('are followed within the same origin, without the credential', async () => {
    const c = redirectedClients();
    target = 'here';
    try {
      expect((await failure(c.dataInclusion.structure('source--1'))).code).toBe('UPSTREAM_UNAUTHORIZED');
      expect((await failure(c.inserjeunes.certifications({}, { page: 1, perPage: 1 }))).code).toBe('UPSTREAM_UNAUTHORIZED');
      expect(landed.map((r) => r.url)).toEqual([
        '/landing/api/v1/structures/source--1',
        '/landing/api/inserjeunes/certifications?page=1&items_par_page=1',
      ]);
      for (const request of landed) {
        expect(request.headers.authorization).toBeUndefined();
        expect(request.headers['x-api-key']).toBeUndefined();
      }
    } finally {
      await c.close();
    }
  });
});
