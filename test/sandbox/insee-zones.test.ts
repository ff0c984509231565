import { describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox({ inseeQuota: { limit: 1000, windowMs: 60_000 } });
const cube = (path: string) => getJson(`${sandbox().urls.insee}/donnees-locales/donnees/${path}`);
const NO_ZONE = 'Aucune zone ne correspond à la requête';

describe('Insee simulator: every zoning, on the geography of its cubes', () => {
  it.each([
    ['ARR', '442'],
    ['FE', '1'],
    ['ZE2020', '5213'],
    ['UU2020', '00851'],
    ['AAV2020', '008'],
  ])('answers cubes at level %s (%s), naming the zone as asked', async (nivgeo, codgeo) => {
    const { status, body } = await cube(`geo-TYPMR@GEO2023RP2020/${nivgeo}-${codgeo}.all`);
    expect(status).toBe(200);
    expect(body.Zone).toEqual([{ codgeo, nivgeo, Evenement: [] }]);
    expect(Number(body.Cellule[0].Valeur)).toBeGreaterThan(0);
  });

  it('answers "no zone" for a code unknown at its level', async () => {
    for (const path of ['ARR-999', 'ZE2020-9999', 'UU2020-99999', 'AAV2020-999']) {
      const { status, body } = await cube(`geo-TYPMR@GEO2023RP2020/${path}.all`);
      expect([path, status, body.message]).toEqual([path, 404, NO_ZONE]);
    }
  });

  it('does not know a commune created since its 2023 geography, but knows its former communes', async () => {
    const young = await cube('geo-TYPMR@GEO2023RP2020/COM-25223.all');
    expect([young.status, young.body.message]).toEqual([404, NO_ZONE]);
    const former = geography()
      .formerCommunesOf('25223')
      .map((f) => f.code);
    expect(former).toHaveLength(5);
    for (const code of former) expect((await cube(`geo-IND_POPLEGALES@POPLEG2020/COM-${code}.all`)).status).toBe(200);
    // Former communes merged before the cubes' geography are unknown to it, as is usual.
    const older = await cube('geo-TYPMR@GEO2023RP2020/COM-50173.all');
    expect([older.status, older.body.message]).toEqual([404, NO_ZONE]);
    expect((await cube('geo-TYPMR@GEO2023RP2020/COM-50129.all')).status).toBe(200);
  });
});
