import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnections, type Connections } from '../../src/connections.js';
import { readEnvironment } from '../../src/config.js';
import { mountGraphQL } from '../../src/server/graphql.js';
import { createHttpServer } from '../../src/server/http.js';
import { InserJeunesClient } from '../../src/sources/inserjeunes/client.js';
import { resolveOrigins } from '../../src/origins.js';
import { useSandbox } from '../helpers/sandbox.js';

/*
 * The legacy host (no client id: no gateway, no token): list routes with the shared key in
 * `x-api-key`, single-item reads public. The sandbox still serves that layout at its root.
 */

const sandbox = useSandbox();

/** The sandbox's environment with InserJeunes reached the old way, with `inserjeunes` as given. */
function legacyEnvironment(inserjeunes: Record<string, string>) {
  const others = Object.entries(sandbox().env).filter(([name]) => !name.startsWith('INSERJEUNES_'));
  return readEnvironment({ ...Object.fromEntries(others), INSERJEUNES_URL: sandbox().urls.inserjeunes, ...inserjeunes });
}

describe('InserJeunes on the legacy host', () => {
  let clients: Connections;
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const config = legacyEnvironment({ INSERJEUNES_API_KEY: sandbox().credentials.inserjeunesApiKey });
    const logger = pino({ level: 'silent' });
    clients = createConnections(config, resolveOrigins(config, sandbox()), logger);
    const app = await createHttpServer({ logger, connections: clients, config });
    await mountGraphQL(app, clients, config);
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    close = async () => {
      await app.close();
      await clients.close();
    };
  });
  afterAll(async () => close());

  it('answers national, regional and establishment figures with the key, and asks for no token', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ national: formation(code: "40025214") { code millesime terminalCertifications { code } }
                  regional: formation(code: "40025214", region: "52", millesime: "2023") { millesime }
                  formations(filter: { codes: ["40025214"], region: "52" }, first: 2) { totalCount } }`,
      }),
    });
    const body = (await response.json()) as { data: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({
      national: { code: '40025214', millesime: '2024', terminalCertifications: [] },
      regional: { millesime: '2022_2023' },
      formations: { totalCount: expect.any(Number) },
    });
    const paths = sandbox()
      .controls.requests('inserjeunes')
      .map((r) => `${r.method} ${r.path}`);
    expect(paths.length).toBe(3);
    for (const path of paths) expect(path).toMatch(/^GET \/api\/inserjeunes\//);
  });

  it('without any key, single-item reads still go (public there), lists are refused before any call', async () => {
    const config = legacyEnvironment({});
    const keyless = createConnections(config, resolveOrigins(config, sandbox()), pino({ level: 'silent' }));
    try {
      const client = new InserJeunesClient(keyless.policies.inserjeunes, { behindGateway: false });
      expect((await client.certification('40025214')).value).toMatchObject({ code_certification: '40025214' });
      await expect(client.formations({ regions: ['52'] }, { page: 1, perPage: 1 })).rejects.toMatchObject({
        code: 'UPSTREAM_UNAUTHORIZED',
      });
      expect(sandbox().controls.count('inserjeunes')).toBe(1);
      // Behind the gateway every read needs the credential: none is sent without one.
      const gated = new InserJeunesClient(keyless.policies.inserjeunes, { behindGateway: true });
      await expect(gated.certification('40025213')).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED' });
      expect(sandbox().controls.count('inserjeunes')).toBe(1);
    } finally {
      await keyless.close();
    }
  });
});
