import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

/*
 * The feed as the BI tools' own connectors call it, over real HTTP: their headers as captured in
 * the field (docs/odata.md, "What each tool sends"), the requests in the order they make them.
 */
const sandbox = useSandbox();
let server: TestServer;
beforeAll(async () => {
  server = await startServer(sandbox());
});
afterAll(() => server.close());

/** Power Query (Power BI Desktop and service, Excel): OData.Feed, whatever its Implementation. */
const POWER_QUERY = {
  accept:
    'application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7',
  'odata-maxversion': '4.0',
  maxdataserviceversion: '3.0',
  'user-agent': 'Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)',
};

/** A generic OData 4.01 client (Tableau's V4 connector, odata2ts, Simple.OData.Client): JSON, both version headers. */
const V4_CLIENT = { accept: 'application/json', 'odata-version': '4.0', 'odata-maxversion': '4.01' };

async function get(path: string, headers: Record<string, string>) {
  const response = await fetch(path.startsWith('http') ? path : `${server.url}${path}`, { headers });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    version: response.headers.get('odata-version'),
    text,
  };
}

const STRUCTURES_44 = "/odata/Structures?$filter=department eq '44'";

describe('the OData feed as the connectors call it', () => {
  it("answers Power Query's sequence: service document, $metadata in XML, a folded read followed to its end, a row count", async () => {
    const root = await get('/odata/', POWER_QUERY);
    expect(root).toMatchObject({ status: 200, version: '4.0' });
    expect(root.type).toMatch(/^application\/json;odata\.metadata=minimal/);
    expect(JSON.parse(root.text).value.map((s: any) => s.name)).toContain('Structures');

    for (const accept of [POWER_QUERY.accept, 'application/xml']) {
      const metadata = await get('/odata/$metadata', { ...POWER_QUERY, accept });
      expect(metadata).toMatchObject({ status: 200, version: '4.0' });
      expect(metadata.type).toMatch(/^application\/xml/);
      expect(metadata.text).toContain('Version="4.0"');
    }

    // Table.FirstN and Table.Skip fold into $top and $skip, Table.SelectColumns into $select.
    const window = await get(`${STRUCTURES_44}&$select=name,siret&$top=3&$skip=2`, POWER_QUERY);
    expect(window).toMatchObject({ status: 200, version: '4.0' });
    expect(JSON.parse(window.text).value).toHaveLength(3);

    let rows = 0;
    for (let next: string | undefined = `${STRUCTURES_44}&$select=name`; next;) {
      const page = await get(next, POWER_QUERY);
      expect(page).toMatchObject({ status: 200, version: '4.0' });
      const body = JSON.parse(page.text);
      rows += body.value.length;
      next = body['@odata.nextLink'];
    }

    // Table.RowCount folds into the /$count segment, answered as plain text.
    const count = await get(`/odata/Structures/$count?$filter=department eq '44'`, POWER_QUERY);
    expect(count).toMatchObject({ status: 200, version: '4.0', text: String(rows) });
    expect(count.type).toMatch(/^text\/plain/);
  });

  it('answers a generic OData 4.01 client in 4.01, and $format=json where it cannot set Accept', async () => {
    const read = await get(`${STRUCTURES_44}&$top=1`, V4_CLIENT);
    expect(read).toMatchObject({ status: 200, version: '4.01' });
    expect(read.type).toMatch(/^application\/json/);
    for (const format of ['json', 'application/json', 'application/json;odata.metadata=minimal']) {
      const formatted = await get(`${STRUCTURES_44}&$top=1&$format=${encodeURIComponent(format)}`, { accept: 'application/xml' });
      expect(formatted.status, format).toBe(200);
      expect(formatted.type).toMatch(/^application\/json/);
    }
  });
});

describe('system query options as OData 4.01 names them', () => {
  it('reads their names in any case, with or without $, and refuses one given twice', async () => {
    const expected = JSON.parse((await get(`${STRUCTURES_44}&$select=name&$top=2`, V4_CLIENT)).text).value;
    for (const query of ["$FILTER=department eq '44'&$Select=name&$TOP=2", "filter=department eq '44'&select=name&top=2"]) {
      const read = await get(`/odata/Structures?${query}`, V4_CLIENT);
      expect(read.status, query).toBe(200);
      expect(JSON.parse(read.text).value, query).toEqual(expected);
    }
    // Operators, lambdas and functions too, literals left as written.
    const departments = await get(`/odata/Departments?$filter=region IN ('52')`, V4_CLIENT);
    expect(departments.status).toBe(200);
    expect(JSON.parse(departments.text).value.map((d: any) => d.code)).toEqual(['44', '49', '53', '72', '85']);
    const services = await get(`/odata/Services?$filter=department EQ '44' AND themes/ANY(t:t EQ 'numerique')&$top=1`, V4_CLIENT);
    expect(services.status).toBe(200);
    expect((await get(`/odata/Regions?$orderby=code ASC&$top=1`, V4_CLIENT)).status).toBe(200);
    // A function is read as one, and refused as such (501), not as a syntax error (400).
    expect((await get(`/odata/Structures?$filter=Contains(name,'CCAS')`, V4_CLIENT)).status).toBe(501);
    const twice = await get(`${STRUCTURES_44}&$top=2&$top=3`, V4_CLIENT);
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.text).error.message).toContain('$top is given twice');
  });

  it('refuses a $format it does not write (406), and counts a set only, whatever its $top', async () => {
    const xml = await get(`${STRUCTURES_44}&$format=atom`, V4_CLIENT);
    expect(xml.status).toBe(406);
    expect(JSON.parse(xml.text).error).toMatchObject({ code: 'NOT_ACCEPTABLE' });
    const all = await get(`/odata/Departments/$count?$filter=region eq '52'`, V4_CLIENT);
    expect(all).toMatchObject({ status: 200, text: '5' });
    expect((await get(`/odata/Departments/$count?$filter=region eq '52'&$top=2&$skip=1`, V4_CLIENT)).text).toBe('5');
    expect((await get(`/odata/Communes('44109')/$count`, V4_CLIENT)).status).toBe(400);
    expect((await get(`/odata/Structures/$count`, V4_CLIENT)).status).toBe(400);
  });
});

describe('entities by key', () => {
  it('reads a key given by name as by position, and names the key when another property is given', async () => {
    const byPosition = await get(`/odata/Communes('44109')?$select=code,name`, V4_CLIENT);
    expect(byPosition.status).toBe(200);
    const byName = await get(`/odata/Communes(code='44109')?$select=code,name`, V4_CLIENT);
    expect(byName).toMatchObject({ status: 200, text: byPosition.text });
    const other = await get(`/odata/Communes(name='Nantes')`, V4_CLIENT);
    expect(other.status).toBe(400);
    expect(JSON.parse(other.text).error.message).toContain("Communes(code='…')");
  });
});
