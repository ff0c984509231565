import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../modules/index.js';
import { csvLine, DEFAULT_CSV } from './csv.js';
import { planExport } from './plan.js';

const schema = buildSchema();
const plan = (query: string, variables: Record<string, unknown> = {}) => planExport(schema, query, undefined, variables);

describe('an export plan', () => {
  it('takes its columns from the selection, in its order, through aliases and fragments', () => {
    const found = plan(`
      query { structures(filter: { department: "44" }, first: 30) {
        nodes { nom: name ...Where siae { kind } address { city } services(first: 2) { nodes { name } } }
      } }
      fragment Where on Structure { address { postalCode city } }`);
    expect(found!.columns.map((c) => c.join('.'))).toEqual(['nom', 'address.postalCode', 'address.city', 'siae.kind', 'services.nodes']);
    expect(found!.pageSize).toBe(30);
    expect(found!.path).toEqual(['structures']);
  });

  it('types each column by its field, not by its values: ID and String as text, Int and Float as numbers', () => {
    const found = plan(`{ structures(filter: { department: "44" }) {
      nodes { id siret sources networks address { postalCode latitude } siae { isActive } commune { population } services { nodes { name } } }
    } }`);
    expect(Object.fromEntries(found!.columns.map((c, i) => [c.join('.'), found!.kinds[i]]))).toEqual({
      id: 'text',
      siret: 'text',
      sources: 'text',
      networks: 'text',
      'address.postalCode': 'text',
      'address.latitude': 'number',
      'siae.isActive': 'boolean',
      'commune.population': 'number',
      'services.nodes': 'text',
    });
  });

  it('pages the connection from the query’s own cursor, with its field default as page size', () => {
    const found = plan('query($a: String) { communes(department: "2A", after: $a) { nodes { code } } }', { a: 'b2Zmc2V0OjIw' });
    expect(found!.startAfter).toBe('b2Zmc2V0OjIw');
    expect(found!.pageSize).toBe(20);
    const text = print(found!.document);
    expect(text).toMatch(/communes\(department: "2A", after: \$_exportAfter\)/);
    expect(text).toMatch(/pageInfo \{\s+hasNextPage\s+endCursor\s+\}\s+totalCount/);
    expect(print(found!.countDocument)).not.toMatch(/nodes/);
  });

  it('finds a connection under an object, not under a list; none in a mutation', () => {
    expect(plan('{ commune(code: "44109") { name structures(first: 10) { nodes { name } } } }')!.path).toEqual(['commune', 'structures']);
    expect(plan('{ commune(code: "44109") { name } }')).toBeUndefined();
    expect(plan('mutation { createDataset(input: { title: "x" }) { id } }')).toBeUndefined();
  });

  // The plan is made before Apollo validates the query: it must survive what validation refuses.
  const chain = (levels: number, body: (next: string) => string, last: string) =>
    Array.from({ length: levels }, (_, i) => `fragment F${i} on Commune { ${body(`F${i + 1}`)} }`).join(' ') +
    ` fragment F${levels} on Commune { ${last} }`;

  it('takes a fragment spread again and again once, and its columns once', () => {
    const found = plan(`{ communes(first: 2) { nodes { ...F0 name } } } ${chain(20, (next) => `...${next} ...${next}`, 'code')}`);
    expect(found!.columns).toEqual([['code'], ['name']]);
  });

  it('has no plan, rather than failing, for fragments that spread each other or multiply their columns', () => {
    const cycle = '{ communes(first: 2) { nodes { ...A } } } fragment A on Commune { code ...B } fragment B on Commune { name ...A }';
    expect(() => plan(cycle)).not.toThrow();
    // Aliased fields spreading the same fragment: 2^16 distinct columns, more than any spreadsheet.
    const aliased = `{ communes(first: 2) { nodes { ...F0 } } } ${chain(16, (next) => `a: parent { ...${next} } b: parent { ...${next} }`, 'code')}`;
    expect(plan(aliased)).toBeUndefined();
  });
});

describe('a CSV line', () => {
  it('quotes per RFC 4180 and neutralises formulas, not numbers', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', '=1+1', '-3.5', -3.5, null, true], DEFAULT_CSV)).toBe(
      '"a,b","say ""hi""","two\nlines",\'=1+1,-3.5,-3.5,,true\r\n',
    );
    expect(csvLine([3.25, '3.25'], { separator: ';', decimalComma: true, bom: false })).toBe('3,25;3.25\r\n');
  });
});
