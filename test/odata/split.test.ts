import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { odata, walkFeed } from '../helpers/odata.js';
import { serversPerTest, type TestServer } from '../helpers/server.js';

/*
 * `in` with several values on a one-value argument (`department in ('44','85')`), over real HTTP:
 * the feed walks one GraphQL list per value, in the order given, and costs what those lists walked
 * by hand cost; the values are capped, and the request's budget prices them all.
 */
const sandbox = useSandbox();
const fresh = serversPerTest(sandbox);

/** A department's structures as a GraphQL client reads them, page after page. */
async function walkList(server: TestServer, department: string) {
  const nodes: any[] = [];
  let totalCount = 0;
  for (let after: string | null = null, more = true; more;) {
    const { body } = await server.graphql(
      'query($department: String, $after: String) { structures(filter: { department: $department }, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name siret commune { code } } } }',
      { department, after },
    );
    const page = body.data.structures;
    totalCount = page.totalCount;
    nodes.push(...page.nodes);
    more = page.pageInfo.hasNextPage;
    after = page.pageInfo.endCursor;
  }
  return { nodes, totalCount };
}

describe('OData in (…) on a one-value argument', () => {
  it('walks each department in turn, each once, counted and called as the GraphQL lists walked by hand', async () => {
    const feedServer = await fresh();
    sandbox().controls.resetCounters();
    const { pages, rows } = await walkFeed(
      `${feedServer.url}/odata/Structures?$filter=department in ('44','85','44')&$select=name,siret,commune&$count=true`,
    );
    const feedCalls = sandbox().controls.counters().bySource;

    const listServer = await fresh();
    sandbox().controls.resetCounters();
    const first = await walkList(listServer, '44');
    const second = await walkList(listServer, '85');
    const listCalls = sandbox().controls.counters().bySource;

    expect(first.nodes.length).toBeGreaterThan(100);
    expect(second.nodes.length).toBeGreaterThan(0);
    const expected = [...first.nodes, ...second.nodes].map((n) => ({ name: n.name, siret: n.siret, commune: n.commune?.code ?? null }));
    expect(rows).toEqual(expected);
    expect(pages.every((p) => p['@odata.count'] === first.totalCount + second.totalCount)).toBe(true);
    expect(feedCalls).toEqual(listCalls);
  });

  it('keeps $top across the values, and /$count sums them', async () => {
    const server = await fresh();
    const { rows: all } = await walkFeed(`${server.url}/odata/Structures?$filter=department in ('85','44')&$select=siret`);
    const { rows: topped } = await walkFeed(`${server.url}/odata/Structures?$filter=department in ('85','44')&$select=siret&$top=150`);
    expect(topped).toEqual(all.slice(0, 150));
    const counted = await fetch(`${server.url}/odata/Structures/$count?$filter=department in ('85','44')`);
    expect(Number(await counted.text())).toBe(all.length);
  });

  it('counts the values whose list answered when another fails, naming the failure', async () => {
    const server = await fresh();
    const alone = await odata(
      `${server.url}/odata/Structures?$filter=department eq '44' and sources/any(s:s eq 'DATA_INCLUSION')&$top=0&$count=true`,
    );
    sandbox().controls.addFault({ source: 'data-inclusion', kind: 'status', status: 500, query: 'code_departement=85' });
    const page = await odata(
      `${server.url}/odata/Structures?$filter=department in ('44','85') and sources/any(s:s eq 'DATA_INCLUSION')&$select=siret&$count=true`,
    );
    expect(page.status).toBe(200);
    expect(page.body['@odata.count']).toBe(alone.body['@odata.count']);
    expect(page.body['@inclusion.errors']).toEqual([expect.objectContaining({ source: 'data-inclusion' })]);
    expect(page.body.value.length).toBeGreaterThan(0);
  });

  it('refuses more values than its cap (400), and values whose lists exceed the request budget, before any call', async () => {
    const server = await fresh({ DATA_INCLUSION_REQUEST_BUDGET: '1' });
    sandbox().controls.resetCounters();
    const many = Array.from({ length: 21 }, (_, i) => `'${String(i + 1).padStart(2, '0')}'`).join(',');
    const capped = await odata(`${server.url}/odata/Structures?$filter=department in (${many})`);
    expect(capped.status).toBe(400);
    expect(capped.body.error.message).toContain('at most 20 values');
    const priced = await odata(`${server.url}/odata/Structures?$filter=department in ('44','85')&$count=true`);
    expect(priced.status).toBe(400);
    expect(priced.body.error.message).toMatch(/2 calls to data-inclusion, at most 1 per request/);
    expect(sandbox().controls.counters().total).toBe(0);
    // One value's list is within that budget: what is refused is the values' lists together.
    expect((await odata(`${server.url}/odata/Structures?$filter=department in ('44')&$count=true`)).status).toBe(200);
  });
});
