/**
 * An OData page beside the GraphQL list it maps to (issue 26): the Power BI user's read of every
 * structure of a department, `$select`ed and counted, against the same list asked in GraphQL.
 * Each runs on a fresh server (cold caches): its first page's upstream calls and time, the same
 * page again (warm: the response cache), and the whole list walked to its last page.
 */
import type { Sandbox } from '../sandbox/index.js';

const ODATA_PAGE = "/odata/Structures?$filter=department eq '44'&$select=name,siret,commune&$count=true";
const GRAPHQL_LIST =
  'query($after: String) { structures(filter: { department: "44" }, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name siret commune { code } } } }';

interface Page {
  rows: number;
  next?: string | null;
}

type Reader = (url: string, next?: string | null) => Promise<Page>;

const readOData: Reader = async (url, next) => {
  const body = (await (await fetch(next ?? `${url}${ODATA_PAGE}`)).json()) as any;
  if (!Array.isArray(body.value)) throw new Error(`OData page: ${JSON.stringify(body).slice(0, 300)}`);
  return { rows: body.value.length, next: body['@odata.nextLink'] };
};

const readGraphQL: Reader = async (url, after) => {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: GRAPHQL_LIST, variables: { after: after ?? null } }),
  });
  const body = (await response.json()) as any;
  const list = body.data?.structures;
  if (!list) throw new Error(`GraphQL list: ${JSON.stringify(body).slice(0, 300)}`);
  return { rows: list.nodes.length, next: list.pageInfo.hasNextPage ? list.pageInfo.endCursor : null };
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (started: number) => Number((performance.now() - started).toFixed(1));

export interface PageRow {
  firstPageCalls: number;
  firstPageColdMs: number;
  firstPageWarmP50Ms: number;
  wholeListCalls: number;
  wholeListPages: number;
  wholeListRows: number;
  wholeListMs: number;
}

async function measure(read: Reader, url: string, sandbox: Sandbox, warmRuns: number): Promise<PageRow> {
  sandbox.controls.resetCounters();
  let started = performance.now();
  await read(url);
  const firstPageColdMs = ms(started);
  const firstPageCalls = sandbox.controls.count();
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    started = performance.now();
    await read(url);
    warm.push(ms(started));
  }
  // The whole list from its first page on, its calls counted from the cold first page (above).
  started = performance.now();
  let pages = 0;
  let rows = 0;
  for (let next: string | null | undefined; pages === 0 || next; pages++) {
    const page = await read(url, next);
    rows += page.rows;
    next = page.next;
  }
  return {
    firstPageCalls,
    firstPageColdMs,
    firstPageWarmP50Ms: median(warm),
    wholeListCalls: sandbox.controls.count(),
    wholeListPages: pages,
    wholeListRows: rows,
    wholeListMs: ms(started),
  };
}

/** The OData page and the GraphQL list side by side, each on a server of its own. */
export async function odataBesideGraphQL(
  start: () => Promise<{ url: string; stop(): Promise<void> }>,
  sandbox: Sandbox,
  warmRuns: number,
): Promise<Record<string, PageRow>> {
  const rows: Record<string, PageRow> = {};
  for (const [name, read] of [
    [`OData ${ODATA_PAGE}`, readOData],
    ['GraphQL structures(filter: { department: "44" }, first: 100)', readGraphQL],
  ] as const) {
    const server = await start();
    try {
      rows[name] = await measure(read, server.url, sandbox, warmRuns);
    } finally {
      await server.stop();
    }
  }
  return rows;
}

export const ODATA_COLUMNS: [string, keyof PageRow][] = [
  ['first page: upstream calls', 'firstPageCalls'],
  ['cold ms', 'firstPageColdMs'],
  ['warm p50 ms', 'firstPageWarmP50Ms'],
  ['every page: upstream calls', 'wholeListCalls'],
  ['pages', 'wholeListPages'],
  ['rows', 'wholeListRows'],
  ['ms', 'wholeListMs'],
];
