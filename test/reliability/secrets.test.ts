import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { SOURCE_NAMES } from '../../src/sources/names.js';
import { useSandbox } from '../helpers/sandbox.js';
import { example, startServer } from '../helpers/server.js';

const sandbox = useSandbox({ inseeQuota: { limit: 100_000, windowMs: 60_000 } });

const QUERIES: [string, Record<string, unknown>][] = [
  ['commune-dashboard', { code: '44109' }],
  ['communes-search', { search: 'nantes' }],
  ['datasets-of-commune', { commune: '44109', query: 'budget' }],
  ['formation-outcomes', { code: '40025214', region: '52' }],
  ['services-near', { commune: '75056', themes: ['numerique'] }],
  ['structures-of-department', { department: '44' }],
  ['create-dataset', { input: { title: 'Essai', description: 'Un jeu de données.', tags: ['essai'] } }],
];

describe('credentials never leak', () => {
  it('from any query or fault: not in responses, headers, logs or metrics', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const { credentials } = sandbox();
    const callerKey = `udata_caller_${'k'.repeat(32)}`;
    const server = await startServer(
      sandbox(),
      { DATAGOUV_API_KEY: credentials.datagouvApiKey, BREAKER_MIN_REQUESTS: '1000', INSEE_TIMEOUT_MS: '300', INSEE_RETRIES: '0' },
      logger,
    );
    const seen: string[] = [];
    try {
      for (const fault of [undefined, 'status', 'malformed-json', 'off-contract', 'reset', 'hang'] as const) {
        sandbox().controls.clearFaults();
        if (fault) for (const source of SOURCE_NAMES) sandbox().controls.addFault({ source, kind: fault, status: 401 });
        for (const [name, variables] of QUERIES) {
          const response = await fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-datagouv-api-key': name === 'create-dataset' ? callerKey : '' },
            body: JSON.stringify({ query: example(name), variables }),
          });
          seen.push(JSON.stringify([...response.headers.entries()]), await response.text());
        }
      }
      seen.push(await (await fetch(`${server.url}/metrics`)).text(), await (await fetch(`${server.url}/readyz`)).text());
    } finally {
      await server.close();
    }
    const everything = [...seen, ...lines].join('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of [
      credentials.dataInclusionToken,
      credentials.lemarcheToken,
      credentials.inserjeunesApiKey,
      credentials.inserjeunesClientSecret,
      credentials.inserjeunesOmogenKey,
      credentials.datagouvApiKey,
      callerKey,
    ]) {
      expect(everything).not.toContain(secret);
    }
  }, 120_000);
});
