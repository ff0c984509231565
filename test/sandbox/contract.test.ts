import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/*
 * Conformance of the sandbox with the upstreams' own OpenAPI and JSON-schema files. Those files
 * are third-party and live beside the project (../shared), never in it: where they are absent,
 * as in a user's clone, these tests report themselves skipped.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const specs = resolve(process.env.UPSTREAM_SPECS_DIR ?? resolve(root, '../shared/upstreams/specs'));
const available = existsSync(resolve(specs, 'data-inclusion.openapi.json'));
const read = (file: string) => readFileSync(resolve(specs, file), 'utf8');

function report(validate: ValidateFunction, value: unknown): string {
  validate(value);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

/** OpenAPI 3.0 `nullable: true` as JSON Schema: the type also admits null. */
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'nullable') out[key] = nullableToJsonSchema(value);
  const record = node as Record<string, unknown>;
  if (record.nullable === true && typeof record.type === 'string') out.type = [record.type, 'null'];
  return out;
}

const sandbox = useSandbox();

describe.skipIf(!available)('data·inclusion sandbox against the real OpenAPI and JSON schemas', () => {
  const openapi = available ? JSON.parse(read('data-inclusion.openapi.json')) : {};
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  if (available) ajv.addSchema(openapi, 'openapi.json');
  const responseSchema = (path: string) =>
    ajv.compile({
      $ref: `openapi.json#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/get/responses/200/content/application~1json/schema`,
    });
  const get = async (path: string) => {
    const response = await getJson(`${sandbox().urls['data-inclusion']}${path}`, {
      authorization: `Bearer ${sandbox().credentials.dataInclusionToken}`,
    });
    expect(response.status).toBe(200);
    return response.body;
  };

  it('list and search pages match their declared schemas', async () => {
    expect(report(responseSchema('/api/v1/structures'), await get('/api/v1/structures?code_region=52&size=300'))).toBe('');
    expect(report(responseSchema('/api/v1/services'), await get('/api/v1/services?code_departement=2A&size=300'))).toBe('');
    expect(
      report(
        responseSchema('/api/v1/search/services'),
        await get('/api/v1/search/services?code_commune=75056&thematiques=numerique&size=200'),
      ),
    ).toBe('');
    expect(report(responseSchema('/api/v1/search'), await get('/api/v1/search?q=emploi&size=50'))).toBe('');
    expect(report(responseSchema('/api/v1/sources'), await get('/api/v1/sources'))).toBe('');
  });

  it('details match their declared schemas, including duplicates and services', async () => {
    const page = await get('/api/v1/structures?code_region=11&size=2000');
    const duplicated = page.items.find((s: { doublons: unknown[] }) => s.doublons.length > 0);
    for (const s of [page.items[0], duplicated]) {
      expect(report(responseSchema('/api/v1/structures/{id}'), await get(`/api/v1/structures/${encodeURIComponent(s.id)}`))).toBe('');
    }
    const services = await get('/api/v1/services?code_region=11&size=5');
    expect(report(responseSchema('/api/v1/services/{id}'), await get(`/api/v1/services/${encodeURIComponent(services.items[0].id)}`))).toBe(
      '',
    );
  });

  it('referentials match their schemas and structures/services match the v1 data schema', async () => {
    for (const referential of [
      'frais',
      'modes-accueil',
      'modes-mobilisation',
      'personnes-mobilisatrices',
      'publics',
      'reseaux-porteurs',
      'thematiques',
      'types-services',
    ]) {
      expect(report(responseSchema(`/api/v1/doc/${referential}`), await get(`/api/v1/doc/${referential}`))).toBe('');
    }
    const draft7 = new Ajv({ strict: false, allErrors: true });
    addFormats.default(draft7);
    const structureSchema = draft7.compile(JSON.parse(read('data-inclusion-schema/v1/structure.json')));
    const serviceSchema = draft7.compile(JSON.parse(read('data-inclusion-schema/v1/service.json')));
    for (const s of (await get('/api/v1/structures?code_departement=974&size=200')).items) expect(report(structureSchema, s)).toBe('');
    for (const s of (await get('/api/v1/services?code_departement=974&size=200')).items) expect(report(serviceSchema, s)).toBe('');
  });
});

describe.skipIf(!available)('InserJeunes sandbox against the real OpenAPI, within its documented divergences', () => {
  const document = available
    ? (nullableToJsonSchema(parseYaml(read('inserjeunes.openapi.yml'))) as { components: { schemas: Record<string, any> } })
    : { components: { schemas: {} } };
  const schemas = document.components.schemas;
  if (available) {
    // Divergences the contract documents (inserjeunes.md §6 and §9), where the running code wins:
    schemas.Meta.required = []; // `_meta.date_import` is never returned; `titre`/`details` replace `title`
    schemas.DonneeSource.required = []; // the code returns {code_certification, type}, not {code, nom}
    schemas.Pagination = {
      type: 'object',
      required: ['page', 'items_par_page', 'nombre_de_page', 'total'],
      properties: {
        page: { type: 'number' },
        items_par_page: { type: 'number' },
        nombre_de_page: { type: 'number' },
        total: { type: 'number' },
      },
    };
    for (const name of ['Certification', 'Regionale', 'Formation', 'CertificationFiliere']) {
      // `_meta` is only on single items, and on list items or filière views only with a message.
      schemas[name].required = (schemas[name].required as string[]).filter((key) => key !== '_meta');
      // Below 20 final-year students the code nulls every count but nb_annee_term too (§6), not only rates.
      for (const [key, property] of Object.entries(schemas[name].properties as Record<string, { type?: unknown }>)) {
        if (key.startsWith('nb_') && key !== 'nb_annee_term' && typeof property.type === 'string') property.type = [property.type, 'null'];
      }
    }
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  if (available) ajv.addSchema(document, 'inserjeunes.json');
  const schema = (name: string) => ajv.compile({ $ref: `inserjeunes.json#/components/schemas/${name}` });
  const get = async (path: string) => {
    const response = await getJson(`${sandbox().urls.inserjeunes}${path}`, { 'x-api-key': sandbox().credentials.inserjeunesApiKey });
    expect(response.status).toBe(200);
    return response.body;
  };

  it('certifications, single and listed, match Certification', async () => {
    const list = await get('/api/inserjeunes/certifications?items_par_page=100');
    expect(report(schema('Pagination'), list.pagination)).toBe('');
    for (const item of list.certifications) expect(report(schema('Certification'), item)).toBe('');
    const single = await get('/api/inserjeunes/certifications/40025214');
    expect(report(schema('Certification'), single)).toBe('');
    expect(single._meta.titre).toBeDefined();
    const filieres = await get('/api/inserjeunes/certifications/40025214,24733405110');
    for (const view of Object.values(filieres)) expect(report(schema('CertificationFiliere'), view)).toBe('');
  });

  it('regional and establishment rows match Regionale and Formation', async () => {
    for (const item of (await get('/api/inserjeunes/regionales?items_par_page=200')).regionales)
      expect(report(schema('Regionale'), item)).toBe('');
    const formations = (await get('/api/inserjeunes/formations?items_par_page=300')).formations;
    for (const item of formations) expect(report(schema('Formation'), item)).toBe('');
    const one = await get(`/api/inserjeunes/formations/${formations[0].uai}-${formations[0].code_certification}`);
    expect(report(schema('Formation'), one)).toBe('');
  });
});
