import type { SandboxVariables } from './origins.js';

/*
 * Starts the embedded sandbox of `UPSTREAMS=sandbox`, for the composition roots only
 * (src/main.ts, src/doctor/main.ts).
 *
 * The product never imports the sandbox (sandbox/, beside src/), not even its types: the
 * sandbox is a development and test tool, which a live deployment neither needs nor ships. It
 * is loaded here on demand, by a dynamic import whose path the compiler does not follow:
 * - from TypeScript (`npm start`, `npm run doctor`, the tests: tsx or Vitest), as any module;
 * - from the compiled server (`npm run start:dist`): `npm run build` compiles the product alone,
 *   so the sandbox's TypeScript is loaded through tsx, already a dependency since `npm start`
 *   runs on it. It then builds its own copy of the geography (about 40 MB and 0.35 s more than
 *   from TypeScript), in this mode only.
 * The shape expected of it is declared below, and checked against sandbox/index.ts by the type
 * check of test/helpers/sandbox.ts.
 */

/** A running sandbox: the variables that point the server at it, and how to stop it. */
export interface EmbeddedSandbox extends SandboxVariables {
  close(): Promise<void>;
}

/** What this module needs of sandbox/index.ts. */
export interface SandboxModule {
  startSandbox(): Promise<EmbeddedSandbox>;
}

/** sandbox/index.ts, from this file in src/ or dist/ alike. */
const SANDBOX_ENTRY = '../sandbox/index.ts';

/** Starts the five simulators and their control routes on loopback ports. */
export async function startEmbeddedSandbox(): Promise<EmbeddedSandbox> {
  const sandbox = await loadSandbox();
  return sandbox.startSandbox();
}

async function loadSandbox(): Promise<SandboxModule> {
  const fromTypeScript = import.meta.url.endsWith('.ts');
  if (fromTypeScript) return (await import(SANDBOX_ENTRY)) as SandboxModule;
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(SANDBOX_ENTRY, import.meta.url)) as SandboxModule;
}
