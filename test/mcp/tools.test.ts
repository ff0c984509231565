import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse, getOperationAST } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../sandbox/world.js';
import { mcpClient, resultText } from '../helpers/mcp.js';
import { useSandbox } from '../helpers/sandbox.js';
import { exampleQueries, startServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();

/*
 * The MCP endpoint as an assistant sees it, through the SDK's own client over real HTTP: one
 * tool per read query of schema/examples/, input schemas that hold the examples' variables, the
 * same data as the named endpoints, and the exploration tools.
 */
const reads = exampleQueries().filter((e) => getOperationAST(parse(e.query))?.operation === 'query');
const mutations = exampleQueries().filter((e) => getOperationAST(parse(e.query))?.operation === 'mutation');

/** SIRETs that data·inclusion and the Marché both know in a department (the example's header holds a placeholder). */
function sharedSirets(department = '44'): string[] {
  const marche = new Set(sandboxWorld().marche.siaes.map((s) => s.siret));
  return sandboxWorld()
    .dataInclusion.structures.filter(
      (r) => r.structure.siret && r.structure.code_insee?.startsWith(department) && marche.has(r.structure.siret),
    )
    .map((r) => r.structure.siret!);
}

const variablesOf = (e: { name: string; variables: Record<string, unknown> }) =>
  e.name === 'structure-by-siret' ? { siret: sharedSirets()[0] } : e.variables;

/** The same variables as a query string for GET /rest/<name>.json (lists by repeating the name). */
function queryString(variables: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(variables))
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, typeof item === 'string' ? item : JSON.stringify(item));
  return params.toString();
}

/** A value of another JSON type than the schema asks for. */
function wrongValue(schema: { type?: string; enum?: unknown[] }): unknown {
  if (schema.enum) return 'NOT_A_VALUE';
  return schema.type === 'string' ? 44 : 'not-a-' + schema.type;
}

let server: TestServer;
let client: Client;
beforeAll(async () => {
  server = await startServer(sandbox());
  client = await mcpClient(server.url);
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('MCP endpoint: the named operations as tools', () => {
  it('initializes as inclusion-graph with tools', () => {
    expect(client.getServerVersion()?.name).toBe('inclusion-graph');
    expect(client.getServerCapabilities()?.tools).toBeDefined();
  });

  it('lists every read operation as a read-only tool, no mutation, and the exploration tools', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(reads.length).toBeGreaterThan(5);
    for (const read of reads) expect(names).toContain(read.name);
    for (const mutation of mutations) expect(names).not.toContain(mutation.name);
    expect(names).toEqual(expect.arrayContaining(['search_schema', 'run_query']));
    for (const tool of tools) expect(tool.annotations).toMatchObject({ readOnlyHint: true });
    const dashboard = tools.find((t) => t.name === 'commune-dashboard')!;
    expect(dashboard.description).toBe('Everything a territorial dashboard shows for one commune, in one request.');
    // A comment of several lines is the whole description, not its first line.
    expect(tools.find((t) => t.name === 'former-commune')!.description).toMatch(
      /Cherbourg-en-Cotentin\) answers today's commune, which lists/,
    );
    expect(dashboard.inputSchema).toMatchObject({ required: ['code'], properties: { code: { type: 'string' } } });
    const zone = tools.find((t) => t.name === 'study-zone-stats')!.inputSchema.properties as any;
    expect(zone.level.enum).toContain('ZE2020');
    expect((tools.find((t) => t.name === 'services-near')!.inputSchema.properties as any).themes).toMatchObject({
      type: 'array',
      items: { type: 'string' },
    });
  });

  it("gives each tool a valid JSON Schema that accepts its example's variables and refuses wrong types", async () => {
    const { tools } = await client.listTools();
    // JSON Schema 2020-12: the dialect MCP takes for a schema that names none.
    const ajv = new Ajv2020({ strict: true });
    for (const read of reads) {
      const schema = tools.find((t) => t.name === read.name)!.inputSchema as any;
      const validate = ajv.compile(schema);
      expect(validate(read.variables), `${read.name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      for (const [name, property] of Object.entries(schema.properties as Record<string, any>)) {
        expect(validate({ ...read.variables, [name]: wrongValue(property) }), `${read.name}.${name}`).toBe(false);
      }
      expect(validate({ ...read.variables, notAVariable: 1 })).toBe(false);
    }
  });

  it('answers each tool with the same data as GET /rest/<name>.json', async () => {
    for (const read of reads) {
      const variables = variablesOf(read);
      const result = await client.callTool({ name: read.name, arguments: variables });
      expect(result.isError, `${read.name}: ${resultText(result)}`).toBeFalsy();
      const rest = (await (await fetch(`${server.url}/rest/${read.name}.json?${queryString(variables)}`)).json()) as any;
      expect(result.structuredContent, read.name).toEqual(rest.data);
      // The text is the same JSON, cut past a few thousand characters.
      expect(JSON.stringify(rest.data).startsWith(resultText(result).split('… (cut at ')[0]!), read.name).toBe(true);
    }
  });

  it('answers each tool without error for a second territory of its own (Marseille, Lyon, Ajaccio, La Réunion…)', async () => {
    // Variables a user would give, away from the examples' Loire-Atlantique and Paris.
    const elsewhere: Record<string, Record<string, unknown>> = {
      'commune-dashboard': { code: '13055' },
      'commune-statistics': { code: '69123' },
      'communes-search': { search: 'ajaccio' },
      'datasets-of-commune': { commune: '97411', query: 'transport' },
      'formation-outcomes': { code: '40025213', region: '93' },
      'former-commune': { code: '74268' },
      'services-near': { commune: '13055', themes: ['numerique'] },
      'structure-by-siret': { siret: sharedSirets('13')[0] },
      'structures-of-department': { department: '2A' },
      'study-zone-stats': { level: 'DEP', code: '974' },
    };
    expect(Object.keys(elsewhere).sort()).toEqual(reads.map((read) => read.name).sort());
    for (const [name, variables] of Object.entries(elsewhere)) {
      const result = await client.callTool({ name, arguments: variables });
      expect(result.isError, `${name}: ${resultText(result)}`).toBeFalsy();
      // Something found, not an empty answer: the first field of the data is not null.
      expect(Object.values(result.structuredContent as object)[0], name).not.toBeNull();
    }
  });

  it('refuses a wrong argument type as a tool error naming the variable, before any upstream call', async () => {
    sandbox().controls.resetCounters();
    const result = await client.callTool({ name: 'structures-of-department', arguments: { department: 44 } });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/BAD_USER_INPUT.*\$department/);
    const misspelt = await client.callTool({ name: 'structures-of-department', arguments: { departement: '44' } });
    expect(resultText(misspelt)).toMatch(/BAD_USER_INPUT.*departement/);
    expect(sandbox().controls.count()).toBe(0);
  });

  it('returns an upstream failure as a tool error naming the source and code, with the data GraphQL gave', async () => {
    sandbox().controls.addFault({ source: 'lemarche', kind: 'rate-limit', retryAfter: 60 });
    // Another SIRET than the one other tests ask for: its answers are in no cache yet.
    const result = await client.callTool({ name: 'structure-by-siret', arguments: { siret: sharedSirets()[1] } });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/UPSTREAM_RATE_LIMITED from source lemarche/);
    // By SIRET, a structure is both sources' merged: the failure nulls it, and the data says so.
    expect(result.structuredContent).toEqual({ structure: null });
  });
});

describe('MCP endpoint: exploration tools', () => {
  it('search_schema finds fields by words, with their arguments and descriptions, capped', async () => {
    const result = await client.callTool({ name: 'search_schema', arguments: { words: 'SIRET', limit: 3 } });
    const { total, matches } = result.structuredContent as { total: number; matches: any[] };
    expect(matches).toHaveLength(3);
    expect(total).toBeGreaterThan(3);
    const all = (await client.callTool({ name: 'search_schema', arguments: { words: 'siret structure', limit: 50 } }))
      .structuredContent as any;
    expect(all.matches).toContainEqual(
      expect.objectContaining({ name: 'Query.structure', signature: 'structure(id: ID, siret: String): Structure' }),
    );
  });

  it('run_query answers a query with its data', async () => {
    const result = await client.callTool({
      name: 'run_query',
      arguments: { query: 'query($c: ID!) { commune(code: $c) { name } }', variables: { c: '44109' } },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ commune: { name: 'Nantes' } });
  });

  it('run_query refuses a query over the cost limit with a tool error naming the code', async () => {
    const query =
      '{ structures(filter: { department: "44" }, first: 1000) { nodes { services(first: 100) { nodes { id structure { services(first: 100) { nodes { id } } } } } } } }';
    const result = await client.callTool({ name: 'run_query', arguments: { query } });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/GRAPHQL_VALIDATION_FAILED.*cost/i);
  });

  it("run_query refuses a query over a source's upstream budget, naming the source, before any upstream call", async () => {
    sandbox().controls.resetCounters();
    const query =
      '{ communes(department: "44", first: 100) { nodes { stats { ages: cube(dataset: "GEO2023RP2020", variables: ["SEXE"]) { year } } } } }';
    const result = await client.callTool({ name: 'run_query', arguments: { query } });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/GRAPHQL_VALIDATION_FAILED from source insee: Too many upstream calls/);
    expect(sandbox().controls.count()).toBe(0);
  });

  it('run_query refuses a mutation, and data.gouv.fr never sees it', async () => {
    sandbox().controls.resetCounters();
    const query = 'mutation { createDataset(input: { title: "Piège", description: "Ne doit pas être publié" }) { id } }';
    const result = await client.callTool({ name: 'run_query', arguments: { query } });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/OPERATION_NOT_ALLOWED/);
    expect(sandbox().controls.requests('datagouv')).toEqual([]);
  });
});

/** The tools docs/mcp.md names in its table of tools: the backquoted names of each row, by its first cell. */
function documentedTools(): Map<string, string[]> {
  const doc = readFileSync(new URL('../../docs/mcp.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## The tools'), doc.indexOf('\n## ', doc.indexOf('## The tools') + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| tool') && !line.startsWith('| --'));
  const backquoted = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
  return new Map(rows.map((row) => row.split('|').map((cell) => cell.trim())).map(([, first, second]) => [first!, backquoted(second!)]));
}

describe('MCP endpoint: what the docs and the instructions say of the tools', () => {
  it('docs/mcp.md names every example tool, and only tools that tools/list lists', async () => {
    const listed = (await client.listTools()).tools.map((tool) => tool.name);
    const rows = documentedTools();
    const examples = rows.get('one per query of `schema/examples/`');
    expect(examples, 'the row of the examples in docs/mcp.md').toBeDefined();
    expect([...examples!].sort()).toEqual(reads.map((read) => read.name).sort());
    for (const name of examples!) expect(listed, `docs/mcp.md names ${name}`).toContain(name);
    // The other rows that name a tool in their first cell (search_schema, run_query).
    const exploration = [...rows.keys()].filter((first) => /^`[^`]+`$/.test(first)).map((first) => first.slice(1, -1));
    expect(exploration.length).toBeGreaterThan(0);
    for (const name of exploration) expect(listed, `docs/mcp.md names ${name}`).toContain(name);
  });

  it('gives instructions that name no tool (tools/list is the one list of them)', async () => {
    const instructions = client.getInstructions();
    expect(instructions?.length).toBeGreaterThan(50);
    for (const { name } of (await client.listTools()).tools) expect(instructions, name).not.toContain(name);
  });
});
