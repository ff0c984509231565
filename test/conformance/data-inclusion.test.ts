import { describe, expect, it } from 'vitest';
import { serviceFromDataInclusion } from '../../src/modules/service/from-data-inclusion.js';
import { structureFromDataInclusion } from '../../src/modules/structure/from-data-inclusion.js';
import { diPageSchema, serviceSchema, structureSchema } from '../../src/sources/data-inclusion/schemas.js';
import { readRefusal } from '../../src/policies/error-body.js';
import { example, exampleFiles, examplesAvailable, shapeDifferences } from '../helpers/examples.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/** The address a recorded structure or service maps to: its own fields, as they came. */
function recordedAddress(item: Record<string, unknown>) {
  return {
    street: item.adresse,
    postalCode: item.code_postal,
    city: item.commune,
    communeCode: item.code_insee,
    latitude: item.latitude,
    longitude: item.longitude,
  };
}

/*
 * The recorded answers of data·inclusion (examples/data-inclusion, read in place) against our
 * client and our sandbox: the client parses each 200 body and maps it to the recorded values,
 * the sandbox answers the same requests in the same shape, error bodies included.
 */

const SOURCE = 'data-inclusion';
const FILES = {
  structures: 'v1.structures.page.200.json',
  services: 'v1.services.page.200.json',
  sources: 'v1.sources.200.json',
  noBearer: 'fastapi.401.no-bearer.json',
  validation: 'fastapi.422.enum-validation.json',
  latWithoutLon: 'v1.search-services.422.lat-without-lon.json',
} as const;

const recorded = (file: keyof typeof FILES) => example(SOURCE, FILES[file]);

/**
 * Every key of an item but the ones the API requires is `T | null` (the API writes each declared
 * key, null when empty): a null on either side says nothing of the type there.
 */
function nullableItemKeys(item: Record<string, unknown>, required: string[], prefix: string): string[] {
  return Object.keys(item)
    .filter((key) => !required.includes(key))
    .map((key) => `${prefix}${key}`);
}

/** Required keys of `ListedStructure` and `Service` in the API's OpenAPI document. */
const STRUCTURE_REQUIRED = ['source', 'id', 'nom', 'date_maj', 'adresse_certifiee', 'score_qualite', 'doublons'];
const SERVICE_REQUIRED = ['source', 'structure_id', 'id', 'nom', 'description', 'date_maj', 'adresse_certifiee', 'score_qualite'];

describe.skipIf(!examplesAvailable)('data·inclusion against its recordings', () => {
  const sandbox = useSandbox();
  const di = (path: string, authenticated = true) =>
    getJson(
      `${sandbox().urls['data-inclusion']}${path}`,
      authenticated ? { authorization: `Bearer ${sandbox().credentials.dataInclusionToken}` } : {},
    );

  it('covers every recorded file', () => {
    expect(exampleFiles(SOURCE)).toEqual(Object.values(FILES).sort());
  });

  describe('the client reads each recorded 200 answer', () => {
    it('structures page: parsed, and mapped to the structure’s name, SIRET, networks, website and address', () => {
      const raw = recorded('structures');
      const page = diPageSchema(structureSchema).parse(raw);
      expect(page).toMatchObject({ total: raw.total, page: raw.page, size: raw.size, pages: raw.pages });
      const item = raw.items[0];
      expect(structureFromDataInclusion(page.items[0]!)).toEqual({
        id: item.id,
        name: item.nom,
        siret: item.siret,
        sources: ['DATA_INCLUSION'],
        networks: item.reseaux_porteurs,
        description: item.description,
        website: item.site_web,
        address: recordedAddress(item),
        communeCode: item.code_insee,
        siae: undefined,
        services: undefined,
      });
    });

    it('services page: parsed, and mapped to the service’s themes, single fee and kind, reception modes and address', () => {
      const raw = recorded('services');
      const page = diPageSchema(serviceSchema).parse(raw);
      const item = raw.items[0];
      expect(serviceFromDataInclusion(page.items[0]!)).toEqual({
        id: item.id,
        name: item.nom,
        description: item.description,
        themes: item.thematiques,
        fees: item.frais,
        kind: item.type,
        receptionModes: item.modes_accueil,
        source: item.source,
        address: recordedAddress(item),
        communeCode: item.code_insee,
        structureId: item.structure_id,
        structure: undefined,
        distanceKm: null,
      });
    });

    it('sources: not read by the client (no field needs them); the sandbox lists the same slugs', async () => {
      const raw: { slug: string }[] = recorded('sources');
      const served = await di('/api/v1/sources');
      expect(shapeDifferences(raw, served.body, ['[].description'])).toEqual([]);
      expect(served.body.map((s: { slug: string }) => s.slug)).toEqual(raw.map((s) => s.slug));
    });
  });

  describe('the sandbox answers the same requests in the same shape', () => {
    it('GET /api/v1/structures', async () => {
      const raw = recorded('structures');
      const served = await di('/api/v1/structures?size=200');
      expect(served.status).toBe(200);
      const nullable = nullableItemKeys(raw.items[0], STRUCTURE_REQUIRED, 'items[].');
      expect(shapeDifferences(raw, served.body, nullable)).toEqual([]);
      // Duplicates are listed as {source, id} (the recording has none to show it).
      const withDuplicates = (await di('/api/v1/structures?code_region=52&size=2000')).body.items.find(
        (s: { doublons: unknown[] }) => s.doublons.length > 0,
      );
      expect(Object.keys(withDuplicates.doublons[0]).sort()).toEqual(['id', 'source']);
    });

    it('GET /api/v1/services', async () => {
      const raw = recorded('services');
      const served = await di('/api/v1/services?size=200');
      expect(served.status).toBe(200);
      const nullable = nullableItemKeys(raw.items[0], SERVICE_REQUIRED, 'items[].');
      expect(shapeDifferences(raw, served.body, nullable)).toEqual([]);
    });

    it('401 without a bearer token, with WWW-Authenticate: Bearer', async () => {
      const served = await di('/api/v1/structures', false);
      expect(served.status).toBe(401);
      expect(served.headers.get('www-authenticate')).toBe('Bearer');
      expect(served.body).toEqual(recorded('noBearer'));
    });

    it('422 from parameter validation: a `detail` array of {type, loc, msg, input, ctx}, read into a message by field', async () => {
      const raw = recorded('validation');
      // An enum of a single-valued parameter: `loc` holds strings only, as in the recording (a
      // list parameter adds the item's index, an integer, which the OpenAPI allows).
      const served = await di('/api/v1/structures?code_departement=975');
      expect(served.status).toBe(422);
      expect(shapeDifferences(raw, served.body)).toEqual([]);
      expect(served.body.detail[0]).toMatchObject({ type: 'enum', loc: ['query', 'code_departement'], input: '975' });
      // The recorded body (a path parameter) as our error reader words it.
      const refusal = readRefusal(raw);
      expect(refusal.message).toBe(`${raw.detail[0].loc[1]}: ${raw.detail[0].msg}`);
      expect(refusal.fields).toEqual({ [raw.detail[0].loc[1]]: [raw.detail[0].msg] });
    });

    it('422 raised by hand: a `detail` string', async () => {
      const raw = recorded('latWithoutLon');
      const served = await di('/api/v1/search/services?code_commune=59392&lat=48.003954');
      expect(served.status).toBe(422);
      expect(served.body).toEqual(raw);
      expect(readRefusal(raw).message).toBe(raw.detail);
    });
  });
});
