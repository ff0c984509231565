import { describe, expect, it, vi } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { odata, walkFeed } from '../helpers/odata.js';
import { serversPerTest } from '../helpers/server.js';

/*
 * The OData feed over real HTTP against the sandbox: a Power BI user's read followed through its
 * pages costs what the GraphQL list walked by hand costs, and the feed keeps GraphQL's protections.
 */
const sandbox = useSandbox();
const fresh = serversPerTest(sandbox);

const STRUCTURES_44 = "/odata/Structures?$filter=department eq '44'&$select=name,siret,commune&$count=true";

describe('OData feed', () => {
  it('reads every structure of a department over its pages, counted as GraphQL counts them, for the same upstream calls', async () => {
    const feedServer = await fresh();
    sandbox().controls.resetCounters();
    const { pages, rows } = await walkFeed(`${feedServer.url}${STRUCTURES_44}`);
    const feedCalls = sandbox().controls.counters().bySource;

    const listServer = await fresh();
    sandbox().controls.resetCounters();
    const nodes: any[] = [];
    let totalCount: number | undefined;
    for (let after: string | null = null, more = true; more;) {
      const { body } = await listServer.graphql(
        'query($after: String) { structures(filter: { department: "44" }, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id name siret commune { code } } } }',
        { after },
      );
      const page = body.data.structures;
      totalCount = page.totalCount;
      nodes.push(...page.nodes);
      more = page.pageInfo.hasNextPage;
      after = page.pageInfo.endCursor;
    }
    const listCalls = sandbox().controls.counters().bySource;

    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((p) => p['@odata.count'] === totalCount)).toBe(true);
    expect(rows).toHaveLength(totalCount!);
    expect(rows).toEqual(nodes.map((n) => ({ name: n.name, siret: n.siret, commune: n.commune?.code ?? null })));
    expect(pages[0]['@odata.context']).toMatch(/\/odata\/\$metadata#Structures\(name,siret,commune\)$/);
    expect(feedCalls).toEqual(listCalls);
  });

  it('serves a single entity by key, and the Insee figures of a commune with their years', async () => {
    const server = await fresh();
    const { status, body } = await odata(`${server.url}/odata/Communes('44109')`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: '44109', name: 'Nantes', department: '44', region: '52' });
    for (const [figure, year] of [
      ['legalPopulation', 'legalPopulationYear'],
      ['censusPopulation', 'censusPopulationYear'],
      ['unemploymentRate', 'unemploymentRateYear'],
      ['medianLivingStandard', 'incomeYear'],
      ['povertyRate', 'incomeYear'],
    ]) {
      expect(typeof body[figure!], figure).toBe('number');
      expect(Number.isInteger(body[year!]), year).toBe(true);
    }
    expect((await odata(`${server.url}/odata/Communes('44999')`)).status).toBe(404);
  });

  it('maps $top, $skip, in, any() and $expand onto the list', async () => {
    const server = await fresh();
    const all = await walkFeed(`${server.url}/odata/Departments?$filter=region in ('52')`);
    expect(all.rows.map((d) => d.code)).toEqual(['44', '49', '53', '72', '85']);
    const window = await walkFeed(`${server.url}/odata/Departments?$filter=region eq '52'&$top=2&$skip=1&$expand=ChefLieu($select=name)`);
    expect(window.rows.map((d) => [d.code, d.ChefLieu.name])).toEqual([
      ['49', 'Angers'],
      ['53', 'Laval'],
    ]);
    // An expanded commune without $select leaves its Insee figures out: a page of 100 rows stays within the budget.
    const expanded = await odata(`${server.url}/odata/Structures?$filter=department eq '44'&$select=name&$expand=Commune`);
    expect(expanded.status).toBe(200);
    expect(expanded.body.value).toHaveLength(100);
    expect(expanded.body.value[0].Commune).toMatchObject({ code: expect.stringMatching(/^44/), department: '44' });
    expect(expanded.body.value[0].Commune).not.toHaveProperty('unemploymentRate');
    const services = await odata(
      `${server.url}/odata/Services?$filter=department eq '44' and themes/any(t:t eq 'numerique')&$top=3&$expand=Structure($select=name)`,
    );
    expect(services.status).toBe(200);
    expect(services.body.value).toHaveLength(3);
    for (const service of services.body.value) {
      expect(service.themes.some((t: string) => t.startsWith('numerique'))).toBe(true);
      expect(service.Structure).toMatchObject({ name: expect.any(String) });
    }
  });

  it('filters Epcis on a department as epcis(department:) does: those with a member commune in it', async () => {
    const server = await fresh();
    const { rows } = await walkFeed(`${server.url}/odata/Epcis?$filter=departments/any(d:d eq '44')&$select=code,departments`);
    const nodes: { code: string }[] = [];
    for (let after: string | null = null, more = true; more;) {
      const { body } = await server.graphql(
        'query($after: String) { epcis(department: "44", first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { code } } }',
        { after },
      );
      nodes.push(...body.data.epcis.nodes);
      more = body.data.epcis.pageInfo.hasNextPage;
      after = body.data.epcis.pageInfo.endCursor;
    }
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((e) => e.code)).toEqual(nodes.map((n) => n.code));
    for (const epci of rows) {
      expect(epci.departments).toContain('44');
      expect(new Set(epci.departments).size).toBe(epci.departments.length);
    }
    // Every column of a full page (what Power BI reads first) stays within the request's cost.
    expect((await odata(`${server.url}/odata/Epcis`)).status).toBe(200);
    const several = await odata(`${server.url}/odata/Epcis?$filter=departments/any(d:d in ('44','35'))`);
    expect(several.status).toBe(501);
  });

  it('orders by the order the list comes in only, and counts with $top=0', async () => {
    const server = await fresh();
    const ordered = await odata(`${server.url}/odata/Regions?$orderby=code&$top=2`);
    expect(ordered.body.value.map((r: any) => r.code)).toEqual(['01', '02']);
    expect((await odata(`${server.url}/odata/Regions?$orderby=code desc`)).status).toBe(501);
    const counted = await odata(`${server.url}/odata/Departments?$filter=region eq '52'&$top=0&$count=true`);
    expect(counted.body).toMatchObject({ '@odata.count': 5, value: [] });
    expect(counted.body['@odata.nextLink']).toBeUndefined();
  });

  it.each([
    [501, '/odata/Regions?$apply=groupby((code))', 'The option $apply is not supported'],
    [501, "/odata/Structures?$filter=department eq '44' or department eq '35'", '"or"'],
    [501, "/odata/Structures?$filter=contains(name,'CCAS')", 'contains()'],
    [400, "/odata/Structures?$filter=name eq 'CCAS'", 'commune, department, region, siret, sources'],
    [400, '/odata/Structures', 'Structures filters on'],
    [400, "/odata/Structures?$filter=department eq '44' and", 'not OData'],
    [400, "/odata/Structures?$filter=department eq '44'&$select=colour", 'no property "colour"'],
    [501, "/odata/Structures?$filter=department eq '44'&$orderby=name", 'source'],
    [400, "/odata/Structures?$filter=department eq '4'", 'not a department code'],
    [404, '/odata/Shops', 'No entity set "Shops"'],
  ])('answers %i with an OData error body for %s', async (status, path, message) => {
    const server = await fresh();
    sandbox().controls.resetCounters();
    const answer = await odata(`${server.url}${path}`);
    expect(answer.status).toBe(status);
    expect(answer.body.error).toMatchObject({ code: expect.any(String), message: expect.stringContaining(message) });
    expect(sandbox().controls.count()).toBe(0);
  });

  it('is rate limited like /graphql, and answers 304 to a matching If-None-Match', async () => {
    const server = await fresh({ RATE_LIMIT_PER_MINUTE: '3' });
    const first = await fetch(`${server.url}/odata/Regions`);
    const etag = first.headers.get('etag');
    expect(first.status).toBe(200);
    expect(etag).toBeTruthy();
    expect((await fetch(`${server.url}/odata/Regions`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    await fetch(`${server.url}/odata/Regions`);
    const refused = await fetch(`${server.url}/odata/Regions`);
    expect(refused.status).toBe(429);
  });

  it('names a failed source in an annotation, rows still served', async () => {
    const server = await fresh();
    sandbox().controls.addFault({ source: 'melodi', kind: 'status', status: 500 });
    const { status, body } = await odata(`${server.url}/odata/Communes?$filter=department eq '44'&$top=2&$select=code,unemploymentRate`);
    expect(status).toBe(200);
    expect(body.value.map((c: any) => c.code)).toHaveLength(2);
    expect(body.value.every((c: any) => c.unemploymentRate === null)).toBe(true);
    expect(body['@inclusion.errors'][0]).toMatchObject({ source: 'melodi' });
  });

  it('serves stale rows when a source fails after its cache expired, and says so in an annotation', async () => {
    // The whole-answer cache keeps its entries by its own clock: off, so the second read reaches the source's cache.
    const server = await fresh({ DATAGOUV_CACHE_TTL_S: '1', DATAGOUV_RETRIES: '0', RESPONSE_CACHE: 'false' });
    const url = `${server.url}/odata/Datasets?$filter=communes/any(c:c eq '44109')&$select=id,title&$top=3`;
    // Freshness is read on Date: a fake one (timers stay real, for the sockets) outlives the second at once.
    vi.useFakeTimers({ toFake: ['Date'] });
    const first = await odata(url);
    expect(first.body['@inclusion.staleSources']).toBeUndefined();
    vi.advanceTimersByTime(1100);
    sandbox().controls.addFault({ source: 'datagouv', kind: 'status', status: 500 });
    const stale = await odata(url);
    expect(stale.status).toBe(200);
    expect(stale.body.value).toEqual(first.body.value);
    expect(stale.body['@inclusion.staleSources']).toEqual(['datagouv']);
    expect(stale.body['@inclusion.errors']).toBeUndefined();
  });
});
