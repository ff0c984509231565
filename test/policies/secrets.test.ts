import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { connectionsFor } from '../helpers/connections.js';
import { secretCredentials, useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();

describe('credentials', () => {
  it('never reach logs, metrics or error messages, through successes and every kind of failure', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const { credentials } = sandbox();
    const c = connectionsFor(
      sandbox(),
      { DATAGOUV_API_KEY: credentials.datagouvApiKey, BREAKER_MIN_REQUESTS: '2', DATA_INCLUSION_RETRIES: '0' },
      logger,
    );
    const messages: string[] = [];
    const attempt = async (call: () => Promise<unknown>) => {
      try {
        await call();
      } catch (error) {
        messages.push(String(error), JSON.stringify(error));
      }
    };
    await attempt(() => c.dataInclusion.structures({ codeCommune: '44109' }, { page: 1, size: 2 }));
    await attempt(() => c.lemarche.siaesBySiret('12345678901234'));
    await attempt(() => c.inserjeunes.formations({ regions: ['52'] }, { page: 1, perPage: 2 }));
    await attempt(() => c.datagouv.dataset('budget'));
    for (const kind of ['status', 'malformed-json', 'reset'] as const) {
      sandbox().controls.addFault({ source: 'data-inclusion', kind, status: 500, times: 3 });
      await attempt(() => c.dataInclusion.structures({ codeCommune: kind }, { page: 1, size: 2 }));
    }
    await attempt(() => c.datagouv.createDataset({ title: '' }, credentials.datagouvApiKey));
    const metrics = await c.metrics.registry.metrics();
    await c.close();
    const everything = [...lines, ...messages, metrics].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of secretCredentials(credentials)) expect(everything).not.toContain(secret);
  });
});
