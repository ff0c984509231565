import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultParser } from '@odata/parser';
import { filter as filter401 } from '@steedos/odata-v4-parser';
import { describe, expect, it } from 'vitest';

/*
 * Every `$filter` the README and docs show is OData that other parsers read, not only ours:
 * @odata/parser, except `in`, an OData 4.01 operator it does not implement, which
 * @steedos/odata-v4-parser (a 4.01 grammar) reads. That the server answers them is readme.test.ts's
 * part: it runs the docs' curl commands.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pages = ['README.md', ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`)].filter((f) => f.endsWith('.md'));

/** The filters a page shows: in a URL (`$filter=…` up to `&`, a quote or the line's end) or a `--data-urlencode`. */
function filtersOf(text: string): string[] {
  return [...text.matchAll(/\\?\$filter=(.+?)(?="(?:\s|$)|&|`|\s*$)/gm)].map((m) => m[1]!.trim());
}

const shown = pages.flatMap((page) => filtersOf(readFileSync(join(root, page), 'utf8')).map((f) => [page, f] as const));

describe('the $filter examples of the docs', () => {
  it('are found, with and without in', () => {
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(shown.some(([, f]) => / in \(/.test(f))).toBe(true);
    expect(shown.some(([, f]) => /\/any\(/.test(f))).toBe(true);
  });

  it.each(shown)('%s: %s parses', (_page, text) => {
    if (/ in \(/.test(text)) expect(filter401(text).raw).toBe(text);
    else expect(defaultParser.filter(text).raw).toBe(text);
  });
});
