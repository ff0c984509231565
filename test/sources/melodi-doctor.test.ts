import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnections, type Connections } from '../../src/connections.js';
import { readEnvironment } from '../../src/config.js';
import { checkSource } from '../../src/doctor/checks.js';
import { resolveOrigins } from '../../src/origins.js';
import { connectionsFor } from '../helpers/connections.js';
import { examplesAvailable } from '../helpers/examples.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startStandIn, type StandIn } from './melodi-standin.js';

const sandbox = useSandbox();
let clients: Connections | undefined;
let standIn: StandIn | undefined;
afterEach(async () => {
  await clients?.close();
  await standIn?.close();
  clients = undefined;
  standIn = undefined;
});

describe('the doctor’s Melodi check', () => {
  it('reads the catalogue once, without a key, and reports each typed figure’s latest vintage', async () => {
    clients = connectionsFor(sandbox());
    sandbox().controls.resetCounters();
    const report = await checkSource('melodi', clients);
    expect(report).toMatchObject({ configured: true, reachable: true, credential: 'not needed', onContract: true });
    const requests = sandbox().controls.requests('melodi');
    expect(requests.map((r) => r.path)).toEqual(['/melodi/catalog/all']);
    expect(requests[0]!.headerNames.filter((h) => /insee|api-key|authorization/i.test(h))).toEqual([]);
    const { body } = await (await fetch(`${sandbox().env.MELODI_URL}/catalog/all`)).json().then((b) => ({ body: b as any[] }));
    const popref = body.find((d) => d.identifier === 'DS_POPULATIONS_REFERENCE');
    expect(report.found).toContain(
      `DS_POPULATIONS_REFERENCE ${popref.temporal.endPeriod.slice(0, 4)} (geography ${popref.spatialTemporal.slice(0, 4)})`,
    );
    for (const dataset of [
      'DS_RP_POPULATION_PRINC',
      'DS_RP_EMPLOI_LR_PRINC',
      'DS_RP_LOGEMENT_PRINC',
      'DS_FILOSOFI_CC',
      'DS_ETAT_CIVIL_NAIS_COMMUNES',
    ])
      expect(report.found).toContain(dataset);
  });

  it.skipIf(!examplesAvailable)(
    'fails where the catalogue lacks a dataset the figures read (the empty catalogue of February 2025)',
    async () => {
      const folder = resolve(
        process.env.UPSTREAM_EXAMPLES_DIR ?? resolve(import.meta.dirname, '../../../shared/upstreams/examples'),
        'insee-melodi',
      );
      standIn = await startStandIn(() => ({ body: readFileSync(resolve(folder, 'catalog_all_empty_20250219.json'), 'utf8') }));
      const config = readEnvironment({ UPSTREAMS: 'live', MELODI_URL: standIn.base });
      clients = createConnections(config, resolveOrigins(config, undefined), pino({ level: 'silent' }));
      const report = await checkSource('melodi', clients);
      expect(report).toMatchObject({ reachable: true, onContract: false });
      expect(report.problem).toMatch(/^the catalogue has no vintage of DS_POPULATIONS_REFERENCE/);
    },
  );
});
