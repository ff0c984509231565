import { Ajv } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { useServer } from '../helpers/server.js';

/*
 * `$metadata` against the OASIS OData TC's own CSDL schemas (4.01), read in place from
 * ../shared/upstreams/specs/odata (or UPSTREAM_SPECS_DIR): skipped where they are absent.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const specs = resolve(process.env.UPSTREAM_SPECS_DIR ?? resolve(root, '../shared/upstreams/specs'), 'odata');
const specsAvailable = existsSync(resolve(specs, 'edmx.xsd'));

const sandbox = useSandbox();
const server = useServer(sandbox);

const read = (file: string) => readFileSync(resolve(specs, file), 'utf8');

describe.skipIf(!specsAvailable)('$metadata against the OASIS CSDL schemas', () => {
  it.each(['4.01', '4.0'])('is valid CSDL XML (edmx.xsd, which imports edm.xsd) for a client reading OData %s', async (version) => {
    // Power BI and Excel say they read 4.0 at most (OData-MaxVersion): they get 4.0, the same model.
    const response = await fetch(`${server().url}/odata/$metadata`, { headers: { 'odata-maxversion': version } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(response.headers.get('odata-version')).toBe(version);
    const xml = await response.text();
    expect(xml).toContain(`Version="${version}"`);
    const result = await validateXML({
      xml: { fileName: 'metadata.xml', contents: xml },
      schema: { fileName: 'edmx.xsd', contents: read('edmx.xsd') },
      preload: [{ fileName: 'edm.xsd', contents: read('edm.xsd') }],
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    for (const set of ['Communes', 'Departments', 'Regions', 'Epcis', 'Structures', 'Services', 'Formations', 'Datasets'])
      expect(xml).toContain(`<EntitySet Name="${set}"`);
  });

  it('is valid CSDL JSON (csdl.schema.json), with $format=json or Accept: application/json', async () => {
    const schema = JSON.parse(read('csdl.schema.json')) as Record<string, unknown>;
    // The schema says draft-07, which is Ajv's default; its names' patterns use \p{…} classes.
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: true }).compile(schema);
    const byFormat = await (await fetch(`${server().url}/odata/$metadata?$format=json`)).json();
    const byAccept = await (await fetch(`${server().url}/odata/$metadata`, { headers: { accept: 'application/json' } })).json();
    expect(byAccept).toEqual(byFormat);
    expect(validate(byFormat), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const types = (byFormat as any).InclusionGraph;
    // Codes are text (never numbers: 01360 keeps its zero); figures are numbers; lists are collections.
    expect(types.Commune.code).toMatchObject({ $Type: 'Edm.String' });
    expect(types.Commune.population).toMatchObject({ $Type: 'Edm.Int32', $Nullable: true });
    expect(types.Commune.unemploymentRate).toMatchObject({ $Type: 'Edm.Double' });
    expect(types.Commune.postalCodes).toMatchObject({ $Type: 'Edm.String', $Collection: true });
    expect(types.Structure.siret).toMatchObject({ $Type: 'Edm.String' });
    expect(types.Dataset.lastModified).toMatchObject({ $Type: 'Edm.DateTimeOffset' });
    expect(types.Structure.Commune).toMatchObject({ $Kind: 'NavigationProperty', $Type: 'InclusionGraph.Commune' });
    for (const figure of ['legalPopulation', 'censusPopulation', 'unemploymentRate', 'medianLivingStandard', 'povertyRate'])
      expect(Object.keys(types.Commune)).toContain(figure);
  });
});
