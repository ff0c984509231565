import { afterAll, describe, expect, it } from 'vitest';
import type { Connections } from '../../src/connections.js';
import { connectionsFor } from '../helpers/connections.js';
import { useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
let shared: Connections | undefined;
const clients = () => (shared ??= connectionsFor(sandbox()));
afterAll(async () => {
  await shared?.close();
});

describe('each client speaks its upstream as documented', () => {
  it('Insee: one zone and one cube per request, values as numbers, null for a missing cube', async () => {
    const ages = await clients().insee.cube({
      dataset: 'GEO2023RP2020',
      variables: ['SEXE', 'AGE15_15_90'],
      level: 'COM',
      code: '44109',
      modalities: ['1+2', 'all'],
    });
    expect(ages.value!.Cellule).toHaveLength(2 * 8);
    expect(sandbox().controls.requests('insee')[0]!.path).toBe(
      '/donnees-locales/donnees/geo-SEXE-AGE15_15_90@GEO2023RP2020/COM-44109.1%2B2.all',
    );
    expect(
      (await clients().insee.cube({ dataset: 'POPLEG2023', variables: ['IND_POPLEGALES'], level: 'COM', code: '97611' })).value,
    ).toBeNull();
  });

  it('data·inclusion: repeated keys, ids encoded in paths, search around a commune', async () => {
    const page = await clients().dataInclusion.services(
      { codeDepartement: '44', thematiques: ['numerique', 'mobilite'] },
      { page: 1, size: 20 },
    );
    expect(page.value!.total).toBeGreaterThan(0);
    expect(sandbox().controls.requests('data-inclusion').at(-1)!.query).toBe(
      'code_departement=44&thematiques=numerique&thematiques=mobilite&page=1&size=20',
    );
    const withColon = (await clients().dataInclusion.structures({ sources: ['dora'] }, { page: 1, size: 10000 })).value!.items.find((s) =>
      s.id.includes(':'),
    )!;
    expect((await clients().dataInclusion.structure(withColon.id)).value!.id).toBe(withColon.id);
    const near = await clients().dataInclusion.searchServices('44109', { thematiques: ['numerique'] }, { page: 1, size: 5 });
    expect(near.value!.items[0]!.service.structure.id).toBe(near.value!.items[0]!.service.structure_id);
  });

  it('Marché: department lists, SIRET look-ups as arrays, details', async () => {
    const list = await clients().lemarche.siaes({ department: '44', kinds: ['EI', 'ACI'] }, { limit: 10, offset: 0 });
    expect(list.value!.results.every((s) => s.department === '44' && ['EI', 'ACI'].includes(s.kind))).toBe(true);
    const bySiret = await clients().lemarche.siaesBySiret(list.value!.results[0]!.siret);
    expect(bySiret.value!.map((s) => s.id)).toContain(list.value!.results[0]!.id);
    expect((await clients().lemarche.siae(999_999)).value).toBeNull();
  });

  it('InserJeunes: exactly the parameters each route declares', async () => {
    const c = clients();
    expect((await c.inserjeunes.certification('40025214')).value!.code_certification).toBe('40025214');
    expect((await c.inserjeunes.regionalCertification('52', '40025214')).value!.millesime).toBe('2023_2024');
    const establishments = await c.inserjeunes.formations(
      { codes: ['40025214', '24733405110'], regions: ['52'] },
      { page: 1, perPage: 50 },
    );
    expect(establishments.value!.formations.length).toBeGreaterThan(0);
    const row = establishments.value!.formations[0]!;
    expect((await c.inserjeunes.formation(row.uai, row.code_certification)).value!.uai).toBe(row.uai);
    expect(
      (await c.inserjeunes.certifications({ millesimes: ['2023'] }, { page: 1, perPage: 5 })).value!.certifications[0]!.millesime,
    ).toBe('2023');
    expect((await c.inserjeunes.regionales({ regions: ['94'] }, { page: 1, perPage: 5 })).value!.regionales.length).toBeGreaterThan(0);
    expect((await c.inserjeunes.certification('99999999')).value).toBeNull();
  });

  it('data.gouv.fr: searches, reads an empty page past the end, writes with the caller’s key', async () => {
    const c = clients();
    const page = await c.datagouv.datasets({ geozone: 'fr:commune:44109', q: 'budget' }, { page: 1, pageSize: 5 });
    expect(page.value.data[0]!.organization!.name).toBe('Ville de Nantes');
    expect((await c.datagouv.datasets({ geozone: 'fr:commune:44109' }, { page: 99, pageSize: 5 })).value).toMatchObject({
      data: [],
      total: 0,
    });
    expect((await c.datagouv.discussions(page.value.data[0]!.id, { page: 1, pageSize: 5 })).value!.data).toBeInstanceOf(Array);
    const key = sandbox().credentials.datagouvApiKey;
    const created = await c.datagouv.createDataset(
      { title: 'Offre d’insertion à Nantes', description: 'Structures et services.', tags: ['insertion'], frequency: 'weekly' },
      key,
    );
    expect(created).toMatchObject({ title: 'Offre d’insertion à Nantes', frequency: 'weekly' });
    expect(await c.datagouv.updateDataset(created.id, { tags: ['insertion', 'nantes'] }, key)).toMatchObject({
      tags: ['insertion', 'nantes'],
    });
    await expect(c.datagouv.createDataset({ title: '', frequency: 'sometimes' }, key)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { fields: { title: expect.any(Array), frequency: expect.any(Array) } },
    });
    await expect(c.datagouv.createDataset({ title: 'x' }, 'udata_wrong')).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED' });
    await expect(c.datagouv.createDataset({ title: 'x' }, '')).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED' });
    // Writes are never retried.
    sandbox().controls.resetCounters();
    sandbox().controls.addFault({ source: 'datagouv', kind: 'status', status: 503 });
    await expect(c.datagouv.createDataset({ title: 'x', description: 'y' }, key)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(sandbox().controls.count('datagouv')).toBe(1);
  });

  it('Insee at its real default quota: a burst of 40 distinct cubes makes 30 calls, the rest rate-limited', async () => {
    const c = connectionsFor(sandbox(), { QUOTA_MAX_WAIT_MS: '0' });
    try {
      const codes = Array.from({ length: 40 }, (_, i) => `44${String(i + 1).padStart(3, '0')}`);
      const outcomes = await Promise.allSettled(
        codes.map((code) => c.insee.cube({ dataset: 'POPLEG2020', variables: ['IND_POPLEGALES'], level: 'COM', code })),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(30);
      expect(sandbox().controls.count('insee')).toBe(30);
      expect(
        outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason.code === 'UPSTREAM_RATE_LIMITED'),
      ).toBe(true);
    } finally {
      await c.close();
    }
  });
});
