import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * ARCHITECTURE.md's "Rules the layout keeps", checked on every import of src/ (and of sandbox/,
 * whose one door to the product is sandbox/product.ts):
 * - imports go down only: server → modules → graphql → sources → policies, with geography and
 *   identifiers at the bottom, and sources/names.ts (which imports nothing) usable from anywhere;
 * - caching/ holds the memos every layer uses (at the bottom) and the response caches the HTTP
 *   layer registers, beside graphql/, from which they take only types;
 * - the product never imports the sandbox, except src/embedded-sandbox.ts.
 * Files at the root of src/ are placed here as they are used: the start-up (main.ts, the doctor,
 * tracing, the embedded sandbox) above everything; the configuration and the assembly of the
 * sources' connections (config.ts, origins.ts, connections.ts) just above sources/, which they assemble.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Layer {
  name: string;
  /** Higher layers may import lower ones, and a layer itself; never a higher one. */
  rank: number;
}

const START_UP: Layer = { name: 'start-up', rank: 7 };
const SERVER: Layer = { name: 'server', rank: 6 };
const MODULES: Layer = { name: 'modules', rank: 5 };
const GRAPHQL: Layer = { name: 'graphql', rank: 4 };
const RESPONSE_CACHES: Layer = { name: 'caching (response caches)', rank: 4 };
const ASSEMBLY: Layer = { name: 'configuration, origins and connections', rank: 3 };
const SOURCES: Layer = { name: 'sources', rank: 2 };
const POLICIES: Layer = { name: 'policies', rank: 1 };
const BOTTOM: Layer = { name: 'bottom (geography, identifiers, memos, source names)', rank: 0 };

const SOURCE_NAMES_FILE = 'src/sources/names.ts';
const MEMOS = ['src/caching/document-memo.ts', 'src/caching/identity-memo.ts'];
const SANDBOX_DOOR_IN_SRC = 'src/embedded-sandbox.ts';
const PRODUCT_DOOR_IN_SANDBOX = 'sandbox/product.ts';
const NO_LAYER = 'belongs to no layer: place it in ARCHITECTURE.md and in test/architecture.test.ts';

const BY_FOLDER: Record<string, Layer> = {
  'src/doctor/': START_UP,
  'src/server/': SERVER,
  'src/modules/': MODULES,
  'src/graphql/': GRAPHQL,
  'src/caching/': RESPONSE_CACHES,
  'src/sources/': SOURCES,
  'src/policies/': POLICIES,
  'src/geography/': BOTTOM,
  'src/identifiers/': BOTTOM,
};

const BY_FILE: Record<string, Layer> = {
  'src/main.ts': START_UP,
  'src/tracing.ts': START_UP,
  [SANDBOX_DOOR_IN_SRC]: START_UP,
  'src/config.ts': ASSEMBLY,
  'src/origins.ts': ASSEMBLY,
  'src/connections.ts': ASSEMBLY,
  [SOURCE_NAMES_FILE]: BOTTOM,
  ...Object.fromEntries(MEMOS.map((memo) => [memo, BOTTOM])),
};

/** A file's layer (paths relative to the repository, with `/`), undefined when it has none. */
function layerOf(file: string): Layer | undefined {
  if (BY_FILE[file]) return BY_FILE[file];
  const folder = Object.keys(BY_FOLDER).find((prefix) => file.startsWith(prefix));
  return folder ? BY_FOLDER[folder] : undefined;
}

interface Import {
  /** The importing file, relative to the repository. */
  from: string;
  /** The imported file, relative to the repository (`.js` read as the `.ts` it is compiled from). */
  to: string;
  /** Erased at compilation: `import type`, `export type`, `typeof import(…)`, or only `type` names. */
  typeOnly: boolean;
}

/** Why an import breaks the layout's rules, or undefined when it keeps them. */
function offence({ from, to, typeOnly }: Import): string | undefined {
  const what = `${from} imports ${to}${typeOnly ? ' (types)' : ''}`;
  if (from.startsWith('sandbox/')) {
    return to.startsWith('src/') && from !== PRODUCT_DOOR_IN_SANDBOX
      ? `${what}: the sandbox takes from the product through ${PRODUCT_DOOR_IN_SANDBOX} only`
      : undefined;
  }
  if (to.startsWith('sandbox/')) {
    return from === SANDBOX_DOOR_IN_SRC ? undefined : `${what}: the product never imports the sandbox, except ${SANDBOX_DOOR_IN_SRC}`;
  }
  if (!to.startsWith('src/')) return undefined;
  if (from === SOURCE_NAMES_FILE) return `${what}: ${SOURCE_NAMES_FILE} imports nothing, so that anything may import it`;
  const fromLayer = layerOf(from);
  const toLayer = layerOf(to);
  if (!toLayer) return `${what}: ${to} ${NO_LAYER}`;
  if (!fromLayer) return undefined; // The file itself is reported, once.
  if (fromLayer === RESPONSE_CACHES && toLayer === GRAPHQL && !typeOnly) return `${what}: caching/ takes only types from graphql/`;
  if (toLayer.rank > fromLayer.rank) return `${what}: ${fromLayer.name} may not import from ${toLayer.name}, a higher layer`;
  return undefined;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './x.js'`: run for its effects.
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return (
    bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly)
  );
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** Every import in a file's text whose target is a path (`./`, `../`), found by TypeScript's parser. */
function importsIn(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Import[] = [];
  const add = (specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier) || !specifier.text.startsWith('.')) return;
    const to = relative(ROOT, resolve(ROOT, dirname(file), specifier.text))
      .split('\\')
      .join('/')
      .replace(/\.js$/, '.ts');
    found.push({ from: file, to, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, isTypeOnlyImport(node));
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, isTypeOnlyExport(node));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node.moduleReference.expression, node.isTypeOnly);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, true);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], false);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function typeScriptFilesUnder(folder: string): string[] {
  return (
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .map((path) => `${folder}/${path.split('\\').join('/')}`)
      // A test beside the code (`*.test.ts`) stands above every layer: it may build what it checks
      // from any of them, and nothing imports it.
      .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'))
      .sort()
  );
}

describe('the layout’s import rules (ARCHITECTURE.md)', () => {
  it('name each kind of offending import', () => {
    const check = (from: string, to: string, typeOnly = false) => offence({ from, to, typeOnly });
    expect(check('src/policies/source.ts', 'src/graphql/context.ts', true)).toBe(
      'src/policies/source.ts imports src/graphql/context.ts (types): policies may not import from graphql, a higher layer',
    );
    expect(check('src/sources/lemarche/loaders.ts', 'src/modules/structure/models.ts')).toMatch(/sources may not import from modules/);
    expect(check('src/graphql/schema.ts', 'src/modules/index.ts')).toMatch(/graphql may not import from modules/);
    expect(check('src/geography/index.ts', 'src/sources/registry.ts')).toMatch(/bottom .* may not import from sources/);
    expect(check('src/caching/hot-responses.ts', 'src/graphql/request-outcome.ts')).toBe(
      'src/caching/hot-responses.ts imports src/graphql/request-outcome.ts: caching/ takes only types from graphql/',
    );
    expect(check('src/caching/identity-memo.ts', 'src/policies/cache.ts')).toMatch(/bottom .* may not import from policies/);
    expect(check('src/sources/melodi/loaders.ts', 'src/caching/response-cache.ts')).toMatch(/may not import from caching/);
    expect(check('src/sources/names.ts', 'src/geography/index.ts')).toMatch(/imports nothing/);
    expect(check('src/server/app.ts', 'sandbox/index.ts', true)).toMatch(/never imports the sandbox/);
    expect(check('sandbox/insee/world.ts', 'src/geography/index.ts')).toMatch(/through sandbox\/product\.ts only/);
    expect(check('src/server/app.ts', 'src/newcomer.ts')).toMatch(/src\/newcomer\.ts belongs to no layer/);
    // What the rules allow.
    expect(check('src/server/graphql.ts', 'src/modules/index.ts')).toBeUndefined();
    expect(check('src/policies/errors.ts', 'src/sources/names.ts', true)).toBeUndefined();
    expect(check('src/sources/melodi/loaders.ts', 'src/caching/identity-memo.ts')).toBeUndefined();
    expect(check('src/caching/hot-responses.ts', 'src/graphql/request-outcome.ts', true)).toBeUndefined();
    expect(check('src/graphql/outcome-plugin.ts', 'src/caching/cache-policy.ts')).toBeUndefined();
    expect(check('src/embedded-sandbox.ts', 'sandbox/index.ts')).toBeUndefined();
    expect(check('sandbox/product.ts', 'src/geography/index.ts')).toBeUndefined();
  });

  it('finds every kind of import in a file, and tells those that only bring types', () => {
    const text = [
      "import { readFile } from 'node:fs';",
      "import type { A } from './a.js';",
      "import { type B, type C } from '../b.js';",
      "import D, { type E } from './d.js';",
      "import './effects.js';",
      "export { F } from './f.js';",
      "export type { G } from './g.js';",
      "export * from './h.js';",
      "type I = typeof import('./i.js');",
      "const j = async () => import('./j.js');",
    ].join('\n');
    const found = importsIn('src/graphql/x.ts', text).map(({ to, typeOnly }) => [to, typeOnly]);
    expect(found).toEqual([
      ['src/graphql/a.ts', true],
      ['src/b.ts', true],
      ['src/graphql/d.ts', false],
      ['src/graphql/effects.ts', false],
      ['src/graphql/f.ts', false],
      ['src/graphql/g.ts', true],
      ['src/graphql/h.ts', false],
      ['src/graphql/i.ts', true],
      ['src/graphql/j.ts', false],
    ]);
  });

  it('are kept by every import of src/ and sandbox/', () => {
    const files = [...typeScriptFilesUnder('src'), ...typeScriptFilesUnder('sandbox')];
    expect(files).toContain('src/sources/names.ts');
    const offences = files.flatMap((file) => [
      ...(file.startsWith('src/') && !layerOf(file) ? [`${file} ${NO_LAYER}`] : []),
      ...importsIn(file, readFileSync(join(ROOT, file), 'utf8')).flatMap((i) => offence(i) ?? []),
    ]);
    expect(offences).toEqual([]);
  });
});
