import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The upstreams' real payloads (recordings, their own test fixtures, documentation examples)
 * are third-party and live beside the project (../shared/upstreams/examples), never in it.
 * Conformance tests read them in place; where they are absent, as in a user's clone, those
 * tests report themselves skipped.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const folder = resolve(process.env.UPSTREAM_EXAMPLES_DIR ?? resolve(root, '../shared/upstreams/examples'));

/** Whether the recorded payloads are here (false in a user's clone). */
export const examplesAvailable = existsSync(resolve(folder, 'README.md'));

export type ExampleSource = 'insee-donnees-locales' | 'insee-melodi' | 'data-inclusion' | 'lemarche' | 'inserjeunes' | 'datagouv';

/** The file names of one source's examples (empty where the examples are absent). */
export function exampleFiles(source: ExampleSource): string[] {
  const dir = resolve(folder, source);
  return examplesAvailable && existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.endsWith('.json'))
        .sort()
    : [];
}

/** One recorded payload, parsed. */
export function example<T = any>(source: ExampleSource, file: string): T {
  return JSON.parse(readFileSync(resolve(folder, source, file), 'utf8')) as T;
}

/**
 * Where `actual` departs from the shape of `expected`: keys missing or extra, types that differ.
 * Arrays: every item of `actual` is compared with the first item of `expected` (upstream lists
 * are homogeneous). `nullable` lists paths (dotted, `[]` for array items) where either side may
 * be null (a recorded null says nothing of the value's type). Empty when the shapes agree.
 */
export function shapeDifferences(expected: unknown, actual: unknown, nullable: string[] = [], path = ''): string[] {
  const here = path || '(top)';
  if (expected === null || actual === null) {
    if (expected === actual || nullable.includes(path)) return [];
    return [`${here}: expected ${expected === null ? 'null' : typeof expected}, got ${actual === null ? 'null' : typeof actual}`];
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual))
      return [
        `${here}: expected ${Array.isArray(expected) ? 'an array' : typeof expected}, got ${Array.isArray(actual) ? 'an array' : typeof actual}`,
      ];
    if (expected.length === 0) return [];
    return actual.flatMap((item) => shapeDifferences(expected[0], item, nullable, `${path}[]`));
  }
  if (typeof expected === 'object' && typeof actual === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const missing = Object.keys(e)
      .filter((key) => !(key in a))
      .map((key) => `${path ? `${path}.` : ''}${key}: missing`);
    const extra = Object.keys(a)
      .filter((key) => !(key in e))
      .map((key) => `${path ? `${path}.` : ''}${key}: not in the recording`);
    const nested = Object.keys(e)
      .filter((key) => key in a)
      .flatMap((key) => shapeDifferences(e[key], a[key], nullable, path ? `${path}.${key}` : key));
    return [...missing, ...extra, ...nested];
  }
  return typeof expected === typeof actual ? [] : [`${here}: expected ${typeof expected}, got ${typeof actual}`];
}
