import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_NAMES } from '../src/sources/names.js';
import { definitionOf } from '../src/sources/registry.js';

/*
 * The two reference tables an operator reads instead of the code: every variable src/config.ts
 * reads is a row of docs/configuration.md, and every route src/server registers is a row of
 * docs/operations.md's route table. Both are read from the files (no server is started): a
 * variable or a route added without its row fails here, not in a reader's hands.
 */

const ROOT = new URL('../', import.meta.url).pathname;
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The backticked items of the first column of every Markdown table in a text, `\|` unescaped. */
function firstColumnItems(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .flatMap((line) => {
      const cell = line.replaceAll('\\|', '\u0000').split('|')[1] ?? '';
      return [...cell.matchAll(/`([^`]+)`/g)].map(([, item]) => item!.replaceAll('\u0000', '|'));
    });
}

/** The variables src/config.ts reads: its schema's keys, each source's settings (as `<SOURCE>_…`), URLs and credentials. */
function configVariables(): string[] {
  const text = read('src/config.ts');
  const [main, perSource] = text.split('const sourceSchema');
  const keys = (part: string) => [...part.matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map(([, key]) => key!);
  const ofSources = SOURCE_NAMES.flatMap((name) => {
    const { envPrefix, credential } = definitionOf(name);
    return [`${envPrefix}_URL`, ...Object.keys(credential.variables)];
  });
  return [...keys(main!), ...keys(perSource!).map((key) => `<SOURCE>_${key}`), ...ofSources];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * The routes src/server registers, as `METHOD /path` with Fastify's `:param` written `<param>`
 * and its wildcard `…`, as the docs write them; `${CONSTANT}` in a path is the file's constant.
 */
function registeredRoutes(): string[] {
  return sourceFiles('src/server').flatMap((file) => {
    const text = read(file);
    const constant = (name: string) => new RegExp(`const ${name} = '([^']*)'`).exec(text)?.[1] ?? `\${${name}}`;
    const path = (raw: string) =>
      raw
        .replace(/\$\{(\w+)\}/g, (_, name: string) => constant(name))
        .replace(/:(\w+)/g, '<$1>')
        .replace(/\*$/, '…');
    const direct = [...text.matchAll(/\bapp\.(get|post|put|patch|delete|head|options)\(\s*[`']([^`']+)[`']/g)].map(
      ([, method, raw]) => `${method!.toUpperCase()} ${path(raw!)}`,
    );
    const plugins = [...text.matchAll(/\{ path: '([^']+)', method: \[([^\]]+)\]/g)].flatMap(([, raw, methods]) =>
      [...methods!.matchAll(/'(\w+)'/g)].map(([, method]) => `${method} ${path(raw!)}`),
    );
    return [...direct, ...plugins];
  });
}

/** Whether a route is a row's item, as written or followed by its query, file extensions or variables. */
function documents(item: string, route: string): boolean {
  return item === route || (item.startsWith(route) && /^[?[]/.test(item.slice(route.length)));
}

describe('the reference tables of the docs', () => {
  it('has a row in docs/configuration.md for every variable src/config.ts reads', () => {
    const documented = new Set(firstColumnItems(read('docs/configuration.md')));
    const variables = configVariables();
    expect(variables.length).toBeGreaterThan(40);
    expect(variables.filter((variable) => !documented.has(variable))).toEqual([]);
  });

  it('has a row in docs/operations.md’s route table for every route src/server registers', () => {
    const operations = read('docs/operations.md');
    const table = operations.slice(operations.indexOf('## HTTP routes'));
    const items = firstColumnItems(table.slice(0, table.indexOf('\n## ', 1)));
    const routes = registeredRoutes();
    expect(routes).toContain('POST /graphql');
    expect(routes.filter((route) => !items.some((item) => documents(item, route)))).toEqual([]);
  });
});
