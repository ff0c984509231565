import { describe, expect, it } from 'vitest';
import { decodeCursor } from '../../graphql/pagination.js';
import { buildSchema } from '../../modules/index.js';
import { ODataError } from './errors.js';
import { buildModel } from './model.js';
import { takesList } from './operation.js';
import { readOf, skipToken } from './request.js';

/* A URL read into the GraphQL list's arguments and window, before anything runs. */
const schema = buildSchema();
const model = buildModel(schema);
const read = (path: string, query: string) => readOf(model, path, query, (set, argument) => takesList(schema, set.list, argument));

function refusal(path: string, query: string): ODataError {
  try {
    read(path, query);
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  throw new Error(`${path}?${query} was not refused`);
}

describe('OData URL to GraphQL arguments', () => {
  it('gives a list argument every value of in, and a one-value argument the value of any()', () => {
    expect(read('Formations', "$filter=code in ('A1','B2') and region eq '52'").args).toEqual({
      filter: { codes: ['A1', 'B2'], region: '52' },
    });
    expect(read('Datasets', "$filter=tags/any(t:t eq 'emploi')").args).toEqual({ filter: { tag: 'emploi' } });
    expect(read('Services', "$filter=themes/any(t:t in ('numerique','mobilite'))").args).toEqual({
      filter: { themes: ['numerique', 'mobilite'] },
    });
  });

  it('reads several values of a one-value argument as a split, each value once, resumed where its token says', () => {
    const first = read('Structures', "$filter=department in ('44','85','44') and sources/any(s:s eq 'MARCHE')");
    expect(first.args).toEqual({ filter: { sources: ['MARCHE'] } });
    expect(first.split).toEqual({ filter: { property: 'department', path: 'filter.department', values: ['44', '85'] }, walked: 0 });
    const next = read('Structures', `$filter=department in ('44','85')&$skiptoken=${skipToken(null, 30, 1)}`);
    expect([next.split?.walked, next.after, next.left]).toEqual([1, null, 30]);
  });

  it('turns $skip into the cursor and $top into the page, and a skip token back into both', () => {
    const first = read('Departments', '$skip=10&$top=150');
    expect(decodeCursor(first.after!)).toBe(10);
    expect([first.first, first.left]).toEqual([100, 150]);
    const next = read('Departments', `$skiptoken=${skipToken(first.after!, 50)}`);
    expect([next.after, next.first, next.left]).toEqual([first.after, 50, 50]);
  });

  it.each([
    ['Structures', "$filter=department in ('44','85') and region in ('52','53')", 501, 'Only one property'],
    [
      'Structures',
      `$filter=department in (${Array.from({ length: 21 }, (_, i) => `'${String(i + 1).padStart(2, '0')}'`).join(',')})`,
      400,
      'at most 20',
    ],
    ['Structures', "$filter=department in ('44','85')&$skip=10", 501, '$skip'],
    ['Epcis', "$filter=departments/any(d:d in ('44','35'))", 501, 'one value at a time'],
    ['Structures', `$filter=department in ('44','85')&$skiptoken=${skipToken(null, null, 2)}`, 400, '$skiptoken'],
    ['Structures', `$filter=department eq '44'&$skiptoken=${skipToken(null, null, 1)}`, 400, '$skiptoken'],
    ['Structures', "$filter=department eq '44' and department eq '35'", 501, 'filtered twice'],
    ['Structures', "$filter=sources/all(s:s eq 'MARCHE')", 501, 'any'],
    ['Structures', "$filter=department eq '44'&$skiptoken=abc", 400, '$skiptoken'],
    ['Structures', "$filter=department eq '44'&$expand=Region", 400, 'navigation'],
  ])('refuses %s?%s with %i', (path, query, status, message) => {
    const error = refusal(path, query);
    expect(error.status).toBe(status);
    expect(error.message).toContain(message);
  });
});
