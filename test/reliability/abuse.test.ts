import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { useServer } from '../helpers/server.js';

const sandbox = useSandbox();
const server = useServer(sandbox);

let deep = 'name';
for (let i = 0; i < 30; i++) deep = `parent { ${deep} }`;

const ABUSES: [string, string, RegExp][] = [
  ['deep nesting', `{ commune(code: "75111") { ${deep} } }`, /depth/i],
  [
    'thousands of aliases',
    `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: commune(code: "44109") { name }`).join(' ')} }`,
    /alias|token/i,
  ],
  [
    'huge lists via first',
    '{ communes(first: 100) { nodes { structures(first: 100) { nodes { services(first: 100) { nodes { id } } } } } } }',
    /too costly/,
  ],
  ['first out of range', '{ communes(first: 100000) { totalCount } }', /first/],
  ['fragment cycles', 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }', /cannot spread fragment/i],
  ['invalid commune code', '{ commune(code: "ABCDE") { name } }', /commune code/],
  ['invalid department', '{ structures(filter: { department: "00" }) { totalCount } }', /department/],
  ['invalid region', '{ formation(code: "40025214", region: "99") { code } }', /region/],
  ['invalid SIRET', '{ structure(siret: "12345678901234") { id } }', /SIRET/],
  ['invalid UAI', '{ formation(code: "40025214", uai: "1234567A") { code } }', /UAI/],
  ['invalid certification code', '{ formation(code: "12") { code } }', /certification/],
  ['invalid postal code', '{ communes(postalCode: "1") { totalCount } }', /postal code/],
  ['invalid cursor', '{ communes(search: "a", after: "xyz") { totalCount } }', /cursor/],
  ['invalid theme', '{ services(filter: { commune: "44109", themes: ["x"] }) { totalCount } }', /theme/],
];

describe('abuse is refused fast, with a clear error, before any upstream call', () => {
  for (const [name, query, message] of ABUSES) {
    it(name, async () => {
      sandbox().controls.resetCounters();
      const started = performance.now();
      const { status, body } = await server().graphql(query);
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors![0]!.message).toMatch(message);
      expect(sandbox().controls.count()).toBe(0);
      expect(performance.now() - started).toBeLessThan(2000);
    });
  }

  it('a 1 MB body', async () => {
    const response = await fetch(`${server().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(sandbox().controls.count()).toBe(0);
  });
});
