import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { CubeRequest } from '../../src/sources/insee/client.js';
import { cellValue, legalPopulationFromInsee } from '../../src/sources/insee/cells.js';
import type { InseeCube } from '../../src/sources/insee/schemas.js';
import { connectionsFor } from '../helpers/connections.js';
import { example, exampleFiles, examplesAvailable, shapeDifferences } from '../helpers/examples.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/*
 * The recorded answers of Données locales (examples/insee-donnees-locales, read in place) against
 * our client and our sandbox: the client reads each recording to the right figures, and the
 * sandbox, asked the recorded request, answers the same shape with the same modality coding.
 */

const SOURCE = 'insee-donnees-locales';
/** What the recording client (the R package inseeLocalData, through httr) sent. */
const RECORDED_ACCEPT = 'application/json, text/xml, application/xml, */*';

interface Recording {
  /** The recorded request's path, as sent (case included). */
  path: string;
  /** The same cube through our client: it must build exactly `path`. */
  request: CubeRequest;
}

/** The generation-2 recordings (the gateway in service), with the request that produced each. */
const GEN2: Record<string, Recording> = {
  'gen2.popleg2020.ind_poplegales.com-44109.all.200.json': {
    path: '/donnees-locales/donnees/geo-ind_poplegales@popleg2020/COM-44109.all',
    request: { dataset: 'popleg2020', variables: ['ind_poplegales'], level: 'COM', code: '44109' },
  },
  'gen2.geo2017ree2017.na5_b-entr_individuelle.com-44115.all.all.200.json': {
    path: '/donnees-locales/donnees/geo-NA5_B-ENTR_INDIVIDUELLE@GEO2017REE2017/COM-44115.all.all',
    request: { dataset: 'GEO2017REE2017', variables: ['NA5_B', 'ENTR_INDIVIDUELLE'], level: 'COM', code: '44115' },
  },
};
/** The retired generation 1 (`/V0.1/`, WSO2 gateway closed in 2025): only its refusal is tested. */
const GEN1 = 'gen1.geo2017ree2017.na5_b-entr_individuelle.com-44115.all.all.200.json';

interface RawCell {
  Mesure: { code: string };
  Modalite: { code: string; variable: string }[];
  Valeur: string;
}

/** The raw value of the one recorded cell matching `match`, read without our mapping. */
function recorded(file: string, match: (cell: RawCell) => boolean): number {
  const cells = (example(SOURCE, file).Cellule as RawCell[]).filter(match);
  expect(cells).toHaveLength(1);
  return Number(cells[0]!.Valeur);
}

/**
 * Everything of a cube but its figures and labels: dataset, group, zone, variables with their
 * modality codes in order, and each cell's measure and modality coding in order.
 */
function coding(body: any) {
  return {
    keys: Object.keys(body),
    croisement: {
      filtre: body.Croisement.Filtre,
      dataset: body.Croisement.JeuDonnees.code,
      year: body.Croisement.JeuDonnees.Annee,
      group: body.Croisement.Groupe.code,
    },
    zones: body.Zone,
    variables: body.Variable.map((v: any) => ({ code: v.code, modalities: v.Modalite })),
    cells: body.Cellule.map((c: RawCell & { Zone: unknown }) => ({ zone: c.Zone, measure: c.Mesure.code, modalities: c.Modalite })),
  };
}

/** An HTTP server answering one recorded body at one path, as the real gateway did (404 elsewhere). */
async function replay(path: string | null, body: unknown): Promise<{ url: string; server: Server; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((request, response) => {
    asked.push(request.url ?? '');
    if (path !== null && request.url !== path) {
      response.writeHead(404, { 'content-type': 'application/json;charset=utf-8' }).end('{}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, asked };
}

describe.skipIf(!examplesAvailable)('Insee Données locales against its recordings', () => {
  const sandbox = useSandbox({ inseeQuota: { limit: 1000, windowMs: 60_000 } });
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /** The recorded cube read through our real client (URL building, HTTP, zod schema). */
  async function throughClient(
    path: string | null,
    body: unknown,
    request: CubeRequest,
  ): Promise<{ cube: InseeCube | null; asked: string[] }> {
    const upstream = await replay(path, body);
    servers.push(upstream.server);
    const clients = connectionsFor(sandbox(), { INSEE_URL: upstream.url, INSEE_RETRIES: '0' });
    try {
      return { cube: (await clients.insee.cube(request)).value, asked: upstream.asked };
    } finally {
      await clients.close();
    }
  }

  it('covers every recorded file', () => {
    expect(exampleFiles(SOURCE)).toEqual([...Object.keys(GEN2), GEN1].sort());
  });

  describe('the client reads each recording to its figures', () => {
    it('legal population of COM-44109: POPMUN, POPCAP and POPTOT from the indicator cube coded `1`, not ENS', async () => {
      const file = 'gen2.popleg2020.ind_poplegales.com-44109.all.200.json';
      const { path, request } = GEN2[file]!;
      const { cube, asked } = await throughClient(path, example(SOURCE, file), request);
      expect(asked).toEqual([path]);
      const measure = (code: string) => recorded(file, (c) => c.Mesure.code === code);
      const population = legalPopulationFromInsee(cube!);
      expect(population).toEqual({
        year: example(SOURCE, file).Croisement.JeuDonnees.Annee,
        municipal: measure('POPMUN'),
        countedSeparately: measure('POPCAP'),
        total: measure('POPTOT'),
      });
      expect(population!.municipal).toBeGreaterThan(0);
      expect(population!.total).toBe(population!.municipal + population!.countedSeparately);
    });

    it('NA5_B × ENTR_INDIVIDUELLE of COM-44115: the NBCRENT total is the ENS × ENS cell, and any cell is found by its codes', async () => {
      const file = 'gen2.geo2017ree2017.na5_b-entr_individuelle.com-44115.all.all.200.json';
      const { path, request } = GEN2[file]!;
      const { cube, asked } = await throughClient(path, example(SOURCE, file), request);
      expect(asked).toEqual([path]);
      const at = (na5: string, individual: string) =>
        recorded(
          file,
          (c) =>
            c.Mesure.code === 'NBCRENT' &&
            c.Modalite.some((m) => m.variable === 'NA5_B' && m.code === na5) &&
            c.Modalite.some((m) => m.variable === 'ENTR_INDIVIDUELLE' && m.code === individual),
        );
      expect(cellValue(cube!, 'NBCRENT')).toBe(at('ENS', 'ENS'));
      expect(cellValue(cube!, 'NBCRENT', { NA5_B: 'BE' })).toBe(at('BE', 'ENS'));
      expect(cellValue(cube!, 'NBCRENT', { NA5_B: 'GI', ENTR_INDIVIDUELLE: '1' })).toBe(at('GI', '1'));
      expect(cellValue(cube!, 'NBCRENT')).toBeGreaterThan(0);
    });

    it('refuses the retired generation-1 shape as an invalid response, without crashing', async () => {
      const { request } = GEN2['gen2.geo2017ree2017.na5_b-entr_individuelle.com-44115.all.all.200.json']!;
      await expect(throughClient(null, example(SOURCE, GEN1), request)).rejects.toMatchObject({
        code: 'UPSTREAM_INVALID_RESPONSE',
        source: 'insee',
      });
    });
  });

  describe('the sandbox answers the recorded requests like the recordings', () => {
    it.each(Object.entries(GEN2))('%s: same shape, same modality coding', async (file, { path }) => {
      const expected = example(SOURCE, file);
      const { status, body, headers } = await getJson(`${sandbox().urls.insee}${path}`, { accept: RECORDED_ACCEPT });
      expect(status).toBe(200);
      expect(headers.get('content-type')).toBe('application/json;charset=utf-8');
      expect(shapeDifferences(expected, body)).toEqual([]);
      expect(coding(body)).toEqual(coding(expected));
    });

    it('never answers the generation-1 shape on the generation-2 path, nor serves the retired /V0.1/ path', async () => {
      const { path } = GEN2['gen2.geo2017ree2017.na5_b-entr_individuelle.com-44115.all.all.200.json']!;
      const { body } = await getJson(`${sandbox().urls.insee}${path}`, { accept: RECORDED_ACCEPT });
      expect(shapeDifferences(example(SOURCE, GEN1), body)).not.toEqual([]);
      const retired = await getJson(`${sandbox().urls.insee}${path.replace('/donnees-locales/', '/donnees-locales/V0.1/')}`, {
        accept: RECORDED_ACCEPT,
      });
      expect(retired.status).toBe(404);
    });
  });
});
