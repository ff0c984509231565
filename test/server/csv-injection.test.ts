import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { useServer } from '../helpers/server.js';

const sandbox = useSandbox();
const server = useServer(sandbox);

/*
 * OWASP's CSV injection: a dataset title that a spreadsheet would run as a formula. The export
 * is read back with csv-parse, as a BI pipeline reads it.
 */
describe('CSV exports', () => {
  it('neutralise cells a spreadsheet would read as formulas, and keep plain numbers as they are', async () => {
    const key = { 'x-datagouv-api-key': sandbox().credentials.datagouvApiKey };
    const titles = ['=HYPERLINK("http://attacker.example","Cliquez")', "+cmd|' /C calc'!A0", '@SUM(A1:A2)', '-2+3+cmd|x'];
    const plainNumber = '-12.5';
    for (const title of [...titles, plainNumber]) {
      const { body } = await server().graphql(
        'mutation ($t: String) { createDataset(input: { title: $t, description: "Essai", tags: ["formule"] }) { id } }',
        { t: title },
        key,
      );
      expect(body.errors).toBeUndefined();
    }
    const params = new URLSearchParams({
      query: '{ datasets(filter: { tag: "formule" }, first: 20) { nodes { title } } }',
      format: 'csv',
    });
    const text = await (await fetch(`${server().url}/graphql?${params}`)).text();
    const rows = parse(text, { columns: true }) as { title: string }[];
    expect(rows.map((r) => r.title).sort()).toEqual([...titles.map((t) => `'${t}`), plainNumber].sort());
  });
});
