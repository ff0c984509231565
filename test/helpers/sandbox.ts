import { afterEach } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index.js';
import type { SandboxModule } from '../../src/embedded-sandbox.js';
import { useStarted } from './started.js';

// The product loads the sandbox without its types (src/embedded-sandbox.ts); the type check of
// this line keeps what it expects of sandbox/index.ts true.
({ startSandbox }) satisfies SandboxModule;

/** A sandbox started once for the file, reset after each test. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  const sandbox = useStarted(
    'sandbox',
    () => startSandbox(options),
    (started) => started.close(),
  );
  afterEach(() => sandbox().reset());
  return sandbox;
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, { headers: { accept: 'application/json', ...headers }, redirect: 'manual' });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the test reads the text
  }
  return { status: response.status, body, headers: response.headers };
}

/** The most requests that fell in any window of `windowMs` (opening at one of them), from request times in ms. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u - t < windowMs).length));
}

/** The sandbox's credentials that are secrets (not the InserJeunes user or client names), for the tests that look for leaks. */
export function secretCredentials(credentials: Sandbox['credentials']): string[] {
  return [
    credentials.dataInclusionToken,
    credentials.lemarcheToken,
    credentials.inserjeunesApiKey,
    credentials.inserjeunesClientSecret,
    credentials.inserjeunesOmogenKey,
    credentials.datagouvApiKey,
  ];
}
