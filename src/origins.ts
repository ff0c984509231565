import type { Environment, SourceVariable } from './config.js';
import type { CredentialValues } from './sources/definition.js';
import { SOURCE_NAMES, type SourceName } from './sources/names.js';
import { definitionOf } from './sources/registry.js';

/**
 * What is needed of the embedded sandbox: the variables that point a server at it. Structural,
 * so that the product never imports the sandbox (only the composition root starts it).
 */
export interface SandboxVariables {
  env: Record<string, string>;
}

/** Each source's origin (its base URL) and credential variables, resolved from the environment. */
export interface SourceOrigins {
  /** Base URL of each source (an origin, or an origin and a path prefix for InserJeunes behind Omogen). */
  origins: Record<SourceName, string>;
  /** Each source's credential variables, by variable name (see its definition); unset ones are undefined. */
  credentials: Record<SourceName, CredentialValues>;
}

/**
 * Where each source is reached, and with which credential: an explicit `<PREFIX>_URL` or
 * credential always wins; otherwise the embedded sandbox's (sandbox mode) or the live API (live
 * mode). A source takes the sandbox's credentials only when it also takes the sandbox's URL, so
 * that no sandbox secret is ever sent to another host; and never the variables its definition
 * keeps for the operator (data.gouv.fr's key, InserJeunes' token endpoint).
 */
export function resolveOrigins(env: Environment, sandbox: SandboxVariables | undefined): SourceOrigins {
  const origins = {} as Record<SourceName, string>;
  const credentials = {} as Record<SourceName, CredentialValues>;
  for (const name of SOURCE_NAMES) {
    const { envPrefix, liveBase, credential } = definitionOf(name);
    const urlVariable = `${envPrefix}_URL` as const;
    const sandboxed = env[urlVariable] === undefined ? sandbox : undefined;
    origins[name] = env[urlVariable] ?? sandbox?.env[urlVariable] ?? liveBase;
    credentials[name] = Object.fromEntries(
      Object.entries(credential.variables).map(([variable, { fromSandbox }]) => [
        variable,
        env[variable as SourceVariable] ?? (fromSandbox ? sandboxed?.env[variable] : undefined),
      ]),
    );
  }
  return { origins, credentials };
}

/**
 * Whether the embedded sandbox has a source to serve: in sandbox mode, a source whose
 * `<PREFIX>_URL` is not set is reached through it.
 */
export function sandboxNeeded(env: Environment): boolean {
  return env.UPSTREAMS === 'sandbox' && SOURCE_NAMES.some((name) => env[`${definitionOf(name).envPrefix}_URL`] === undefined);
}
