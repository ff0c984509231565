import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { detailedServiceSchema, diPageSchema, serviceSearchPageSchema, structureSchema } from '../../src/sources/data-inclusion/schemas.js';
import { datagouvPageSchema, datasetSchema, discussionSchema, spatialZonesSchema } from '../../src/sources/datagouv/schemas.js';
import { inseeCubeSchema } from '../../src/sources/insee/schemas.js';
import {
  certificationStatsSchema,
  certificationsPageSchema,
  formationsPageSchema,
  regionalesPageSchema,
} from '../../src/sources/inserjeunes/schemas.js';
import { marchePageSchema, siaeListSchema, siaeSchema } from '../../src/sources/lemarche/schemas.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/*
 * The sandbox against the response skeletons the contracts describe, as the project's own
 * validators read them. Where no upstream spec file exists (Marché, Insee, data.gouv.fr's current
 * API), this is what pins the sandbox to its contract.
 */
const sandbox = useSandbox({ inseeQuota: { limit: 1000, windowMs: 60_000 } });

function expectValid(schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.success ? [] : result.error.issues.slice(0, 5)).toEqual([]);
}

describe('sandbox responses match the contracts’ skeletons', () => {
  it('Insee cubes, with every Valeur a decimal string', async () => {
    for (const path of [
      'geo-IND_POPLEGALES@POPLEG2020/COM-44109.all',
      'geo-SEXE-AGE15_15_90@GEO2023RP2020/DEP-2A.all.all',
      'geo-INDICS_FILO_DISP@GEO2022FILO2020/EPCI-244400404.1',
    ]) {
      const { status, body } = await getJson(`${sandbox().urls.insee}/donnees-locales/donnees/${path}`);
      expect(status).toBe(200);
      expectValid(inseeCubeSchema, body);
      const cube = inseeCubeSchema.parse(body);
      expect(cube.Cellule.every((cell) => typeof cell.Valeur === 'number')).toBe(true);
    }
  });

  it('Marché pages, SIRET arrays and details', async () => {
    const headers = { authorization: `Bearer ${sandbox().credentials.lemarcheToken}` };
    const page = await getJson(`${sandbox().urls.lemarche}/api/siae/?limit=1000`, headers);
    expectValid(marchePageSchema(siaeSchema), page.body);
    const siret = page.body.results[0].siret;
    expectValid(siaeListSchema, (await getJson(`${sandbox().urls.lemarche}/api/siae/siret/${siret}/`, headers)).body);
    expectValid(siaeSchema, (await getJson(`${sandbox().urls.lemarche}/api/siae/${page.body.results[0].id}/`, headers)).body);
  });

  it('data.gouv.fr pages (v1 and v2), datasets, discussions and zones', async () => {
    const v1 = (await getJson(`${sandbox().urls.datagouv}/api/1/datasets/?page_size=100`)).body;
    expectValid(datagouvPageSchema(datasetSchema), v1);
    expectValid(datagouvPageSchema(datasetSchema), (await getJson(`${sandbox().urls.datagouv}/api/2/datasets/search/?q=budget`)).body);
    expectValid(datasetSchema, (await getJson(`${sandbox().urls.datagouv}/api/1/datasets/${v1.data[0].id}/`)).body);
    expectValid(datagouvPageSchema(discussionSchema), (await getJson(`${sandbox().urls.datagouv}/api/1/discussions/?page_size=50`)).body);
    expectValid(
      spatialZonesSchema,
      (await getJson(`${sandbox().urls.datagouv}/api/1/spatial/zones/fr:commune:44109,fr:departement:2A/`)).body,
    );
  });

  it('data·inclusion and InserJeunes pages, as the clients will read them', async () => {
    const auth = { authorization: `Bearer ${sandbox().credentials.dataInclusionToken}` };
    expectValid(
      diPageSchema(structureSchema),
      (await getJson(`${sandbox().urls['data-inclusion']}/api/v1/structures?size=500`, auth)).body,
    );
    expectValid(
      serviceSearchPageSchema,
      (await getJson(`${sandbox().urls['data-inclusion']}/api/v1/search/services?code_commune=97411&size=100`, auth)).body,
    );
    const services = (await getJson(`${sandbox().urls['data-inclusion']}/api/v1/services?size=1`, auth)).body;
    expectValid(
      detailedServiceSchema,
      (await getJson(`${sandbox().urls['data-inclusion']}/api/v1/services/${encodeURIComponent(services.items[0].id)}`, auth)).body,
    );
    const key = { 'x-api-key': sandbox().credentials.inserjeunesApiKey };
    expectValid(
      certificationsPageSchema,
      (await getJson(`${sandbox().urls.inserjeunes}/api/inserjeunes/certifications?items_par_page=100`, key)).body,
    );
    expectValid(
      formationsPageSchema,
      (await getJson(`${sandbox().urls.inserjeunes}/api/inserjeunes/formations?items_par_page=500`, key)).body,
    );
    expectValid(
      regionalesPageSchema,
      (await getJson(`${sandbox().urls.inserjeunes}/api/inserjeunes/regionales?items_par_page=500`, key)).body,
    );
    expectValid(certificationStatsSchema, (await getJson(`${sandbox().urls.inserjeunes}/api/inserjeunes/certifications/40025214`)).body);
  });
});
