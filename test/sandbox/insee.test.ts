import { describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox({ inseeQuota: { limit: 1000, windowMs: 60_000 } });
const cube = (path: string, accept = 'application/json') => getJson(`${sandbox().urls.insee}/donnees-locales/donnees/${path}`, { accept });

interface Cell {
  Mesure: { code: string };
  Modalite: { code: string; variable: string }[];
  Valeur: string;
}

describe('Insee Données locales simulator', () => {
  it('answers the generation-2 shape: arrays everywhere, Annee a number, Valeur strings', async () => {
    const { status, body, headers } = await cube('geo-IND_POPLEGALES@POPLEG2020/COM-44109.all');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(Object.keys(body)).toEqual(['Croisement', 'Zone', 'Variable', 'Cellule']);
    expect(body.Croisement.JeuDonnees).toMatchObject({ code: 'POPLEG2020', Annee: 2020 });
    expect(body.Zone).toEqual([{ codgeo: '44109', nivgeo: 'COM', Evenement: [] }]);
    for (const cell of body.Cellule as Cell[]) expect(typeof cell.Valeur).toBe('string');
    const value = (measure: string) => Number(body.Cellule.find((c: Cell) => c.Mesure.code === measure).Valeur);
    expect(value('POPTOT')).toBe(value('POPMUN') + value('POPCAP'));
    // An older vintage than the embedded geography's: close to its population, not equal.
    expect(Math.abs(value('POPMUN') / geography().commune('44109')!.population! - 1)).toBeLessThan(0.03);
  });

  it('codes an indicator cube by its only modality `1`, never ENS, whether asked `all` or `1`', async () => {
    for (const path of ['geo-IND_POPLEGALES@POPLEG2020/COM-44109.all', 'geo-INDICS_FILO_DISP@GEO2022FILO2020/COM-44109.all']) {
      const { body } = await cube(path);
      expect(body.Variable[0].Modalite).toEqual([{ code: '1', variable: '' }]);
      // One cell per measure: the single modality holds each measure's whole.
      expect(new Set(body.Cellule.map((c: Cell) => c.Mesure.code)).size).toBe(body.Cellule.length);
      for (const cell of body.Cellule as Cell[]) expect(cell.Modalite).toEqual([{ code: '1', variable: body.Variable[0].code }]);
    }
    const one = await cube('geo-INDICS_ETATCIVIL@GEO2022RFD2021/COM-44109.1');
    expect(one.body.Cellule.map((c: Cell) => c.Modalite[0]!.code)).toEqual(['1', '1']);
    // ENS is no modality of an indicator: asking it finds no cell.
    expect((await cube('geo-IND_POPLEGALES@POPLEG2020/COM-44109.ENS')).status).toBe(404);
  });

  it('keeps totals consistent: every ENS cell is the sum of its parts', async () => {
    const { body } = await cube('geo-SEXE-AGE15_15_90@GEO2023RP2020/COM-2A004.all.all');
    const cells = body.Cellule as Cell[];
    expect(cells).toHaveLength(3 * 8);
    const at = (sexe: string, age: string) =>
      Number(cells.find((c) => c.Modalite[0]!.code === sexe && c.Modalite[1]!.code === age)!.Valeur);
    const ages = ['00', '15', '30', '45', '60', '75', '90'];
    const total = at('ENS', 'ENS');
    expect(ages.reduce((sum, age) => sum + at('ENS', age), 0)).toBeCloseTo(total, 3);
    expect(at('1', 'ENS') + at('2', 'ENS')).toBeCloseTo(total, 3);
    // The first variable varies fastest, ENS first.
    expect(cells.slice(0, 3).map((c) => c.Modalite[0]!.code)).toEqual(['ENS', '1', '2']);
    // Census estimates stay within a few percent of the commune's population.
    expect(Math.abs(total / geography().commune('2A004')!.population! - 1)).toBeLessThan(0.03);
  });

  it('selects modalities with `+` lists, is case-insensitive, and aggregates departments', async () => {
    const { body } = await cube('geo-typlr-catl@geo2023rp2020/COM-75111.1%2B2.ENS');
    expect(body.Croisement.JeuDonnees.code).toBe('GEO2023RP2020');
    expect(body.Cellule.map((c: Cell) => c.Modalite.map((m) => m.code).join('.'))).toEqual(['1.ENS', '2.ENS']);
    const department = await cube('geo-INDICS_ETATCIVIL@GEO2022RFD2021/DEP-44.1');
    expect(department.status).toBe(200);
    expect(department.body.Cellule.map((c: Cell) => c.Mesure.code)).toEqual(['NBNAIS', 'NBDEC']);
  });

  it('answers 404 for cubes a zone lacks, unknown zones and unknown datasets', async () => {
    // Detailed income figures exist only for zones of 2 000+ inhabitants.
    const small = geography().communes.find((c) => c.departmentCode === '44' && (c.population ?? 0) < 500)!;
    expect((await cube(`geo-INDICS_FILO_DISP_DET@GEO2022FILO2020/COM-${small.code}.1`)).status).toBe(404);
    expect((await cube('geo-INDICS_FILO_DISP_DET@GEO2022FILO2020/COM-44109.1')).status).toBe(200);
    // Legal populations: published up to POPLEG2020 (see src/sources/insee/datasets.ts), not after;
    // for communes only, Mayotte's included (their group is not "France hors Mayotte").
    expect((await cube('geo-IND_POPLEGALES@POPLEG2020/COM-97611.all')).status).toBe(200);
    for (const later of ['POPLEG2021', 'POPLEG2022', 'POPLEG2023']) {
      expect((await cube(`geo-IND_POPLEGALES@${later}/COM-44109.all`)).status).toBe(404);
    }
    expect((await cube('geo-IND_POPLEGALES@POPLEG2020/DEP-44.all')).status).toBe(404);
    const unknownZone = await cube('geo-IND_POPLEGALES@POPLEG2020/COM-99999.all');
    expect(unknownZone.status).toBe(404);
    expect(unknownZone.body.message).toBe('Aucune zone ne correspond à la requête');
    expect((await cube('geo-IND_POPLEGALES@POPLEG1999/COM-44109.all')).status).toBe(404);
    expect((await cube('geo-SEXE-AGE15_15_90@GEO2023RP2020/COM-44109.all')).status).toBe(400);
  });

  it('answers XML unless JSON is asked for', async () => {
    const path = 'geo-IND_POPLEGALES@POPLEG2020/COM-44109.all';
    const response = await fetch(`${sandbox().urls.insee}/donnees-locales/donnees/${path}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await response.text();
    expect(xml).toContain('<Zone codgeo="44109" nivgeo="COM"/>');
    const { body } = await cube(path);
    expect(xml).toContain(`<Valeur>${body.Cellule[0].Valeur}</Valeur>`);
    expect(xml).toContain('<Modalite code="1" variable="IND_POPLEGALES"/>');
    expect(xml).not.toContain('code="ENS"');
  });
});

describe('Insee quota', () => {
  const limited = useSandbox();

  it('answers 429 past 30 requests in a rolling minute, with the gateway body and no Retry-After', async () => {
    const url = `${limited().urls.insee}/donnees-locales/donnees/geo-IND_POPLEGALES@POPLEG2020/COM-44109.1`;
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await fetch(url, { headers: { accept: 'application/json' } })).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    const rejected = await getJson(url);
    expect(rejected.status).toBe(429);
    expect(rejected.body).toEqual({
      message: 'Rate limit exceeded ! You reach the limit of 30 requests per 1 minutes',
      http_status_code: 429,
    });
    expect(rejected.headers.get('retry-after')).toBeNull();
    expect(statuses.slice(30)).toEqual([429, 429]);
    limited().reset();
    expect((await fetch(url)).status).toBe(200);
  });
});
