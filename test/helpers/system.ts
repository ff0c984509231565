import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/*
 * The system packages some tests need beside Node (a real Redis, a browser, the BI reader) and
 * the one place that decides whether they are here. `npm test` on a machine with Node alone
 * skips the tests that need a missing one, saying which and how to install it; under
 * REQUIRE_SYSTEM_PACKAGES=1 (.ci/run, which installs them all) a missing package fails those
 * tests instead, so CI cannot pass with any of them skipped.
 */
export interface SystemPackage {
  /** What the tests run, as the skip message names it. */
  readonly name: string;
  /** The command that installs it on Debian. */
  readonly install: string;
  /** Whether it runs here; probed once per process, on first use. */
  available(): boolean;
}

function systemPackage(name: string, install: string, probe: () => boolean): SystemPackage {
  let found: boolean | undefined;
  return {
    name,
    install,
    available: () => (found ??= probe()),
  };
}

/** Whether `command args…` runs and exits 0 (a missing binary gives an error, not a status). */
const runs = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;

/** The redis-server binary test/helpers/redis.ts starts; REDIS_SERVER_BIN names another one. */
export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';
/** Debian's python3 (not one a version manager put first on the PATH), which has Debian's pandas. */
export const PYTHON = process.env.PYTHON_BIN ?? '/usr/bin/python3';
/** Debian's Chromium, driven by playwright-core (which downloads no browser of its own). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const redisServer = systemPackage(
  'redis-server',
  'apt-get install redis-server',
  // A REDIS_URL given to the tests stands in for the private server (see startRedis).
  () => Boolean(process.env.REDIS_URL) || runs(REDIS_SERVER, ['--version']),
);
export const pandas = systemPackage(`pandas on ${PYTHON}`, 'apt-get install python3-pandas', () => runs(PYTHON, ['-c', 'import pandas']));
/** pandas reading a spreadsheet (read_excel) through openpyxl, as a BI pipeline opens an .xlsx. */
export const openpyxl = systemPackage(`pandas and openpyxl on ${PYTHON}`, 'apt-get install python3-pandas python3-openpyxl', () =>
  runs(PYTHON, ['-c', 'import pandas, openpyxl']),
);
export const chromium = systemPackage('chromium', 'apt-get install chromium', () => existsSync(CHROMIUM));
/** The shell's curl, which the docs' commands use (test/readme.test.ts runs them as written). */
export const curl = systemPackage('curl', 'apt-get install curl', () => runs('curl', ['--version']));

const required = process.env.REQUIRE_SYSTEM_PACKAGES === '1';
const warned = new Set<string>();

/** `needs redis-server: apt-get install redis-server`, in titles and warnings alike. */
const need = (pkg: SystemPackage) => `needs ${pkg.name}: ${pkg.install}`;

function missing(pkg: SystemPackage): 'here' | 'skip' | 'fail' {
  if (pkg.available()) return 'here';
  if (required) return 'fail';
  if (!warned.has(pkg.name)) {
    warned.add(pkg.name);
    console.warn(`Skipping tests (${need(pkg)})`);
  }
  return 'skip';
}

const failure = (pkg: SystemPackage) => () => {
  throw new Error(`${pkg.name} is missing and REQUIRE_SYSTEM_PACKAGES=1: ${pkg.install}`);
};

/** A describe block whose tests need a system package: run, skipped with the install command, or failed under REQUIRE_SYSTEM_PACKAGES=1. */
export function describeNeeding(pkg: SystemPackage, title: string, body: () => void): void {
  const state = missing(pkg);
  if (state === 'here') describe(title, body);
  else if (state === 'skip') describe.skip(`${title} (${need(pkg)})`, body);
  else describe(title, () => it(need(pkg), failure(pkg)));
}

/** One test that needs a system package, as describeNeeding. */
export function itNeeding(pkg: SystemPackage, title: string, body: () => Promise<void> | void, timeout?: number): void {
  const state = missing(pkg);
  if (state === 'here') it(title, body, timeout);
  else if (state === 'skip') it.skip(`${title} (${need(pkg)})`, body);
  else it(`${title} (${need(pkg)})`, failure(pkg));
}
