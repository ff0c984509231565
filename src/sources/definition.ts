import type { Logger } from 'pino';
import type { SourceSettings } from '../policies/settings.js';
import type { SourceCalls, UpstreamCredential, SourcePolicies } from '../policies/source.js';
import type { LoaderOptions } from './loader.js';
import type { EnvPrefix, SourceName } from './names.js';

/*
 * What the server knows of one source, in one place (`src/sources/<source>/index.ts`): how it is
 * named and configured, where it lives, how it is authenticated, and how its client, its
 * per-request loaders and the doctor's probe are made. Configuration, clients, loaders, the doctor
 * and the benchmark read the definitions through `registry.ts`, never a list of their own.
 */

/** One environment variable of a source's credential. */
export interface CredentialVariable {
  /** `secret`: any non-empty string, never echoed; `url`: an http(s) URL. */
  kind: 'secret' | 'url';
  /**
   * Whether the embedded sandbox supplies it when the source is the sandbox's (no `<PREFIX>_URL`
   * set). Variables that only ever are the operator's choice (data.gouv.fr's key, a token
   * endpoint) say false.
   */
  fromSandbox: boolean;
}

/** A source's credential variables as configured, by variable name; unset ones are undefined. */
export type CredentialValues<V extends string = string> = Readonly<Partial<Record<V, string>>>;

/** What a source's credential is made from, besides its variables. */
export interface CredentialContext {
  /** The source's base URL (its `<PREFIX>_URL`, the sandbox's or the live one). */
  base: string;
  settings: SourceSettings;
  logger: Logger;
}

/** Which variables hold a source's credential, and how they become what its requests send. */
export interface SourceCredential<V extends string = string> {
  variables: Readonly<Record<V, CredentialVariable>>;
  /**
   * Problems between the variables (two that go together), each reported under one variable's
   * name. Asked only once every variable of the configuration is valid on its own.
   */
  conflicts?(values: CredentialValues<V>): { variable: V; message: string }[];
  /**
   * What authenticated requests send; undefined when nothing usable is configured, so that they
   * fail as `UPSTREAM_UNAUTHORIZED` without a call.
   */
  create(values: CredentialValues<V>, context: CredentialContext): UpstreamCredential | undefined;
}

/** The doctor's check of a source: one cheap request through its real client. */
export interface SourceProbe<Client> {
  /** Whether the request needs the credential: without one, the source is "not configured". */
  needsCredential: boolean;
  /**
   * Resolves to a problem when the answer is empty, or to what it found worth telling the
   * operator (`{ found }`: Melodi's latest vintages); rejects as the client does.
   */
  run(client: Client): Promise<string | undefined | { found: string }>;
  /**
   * A key the operator may set although the probe does not need it: checked when set, since it
   * is only worth something if the upstream accepts it.
   */
  optionalKey?: { variable: string; check(source: SourcePolicies, key: string): Promise<unknown> };
}

export interface SourceDefinition<N extends SourceName = SourceName, Client = unknown, Loaders = unknown> {
  name: N;
  /** Prefix of its variables: `<PREFIX>_URL`, `<PREFIX>_TIMEOUT_MS`, `<PREFIX>_RATE_LIMIT`… */
  envPrefix: EnvPrefix<N>;
  /** Base URL of the live API, used in live mode when `<PREFIX>_URL` is not set. */
  liveBase: string;
  /** Timeouts, retries, quota, concurrency and cache lifetime unless its variables say otherwise. */
  defaults: SourceSettings;
  credential: SourceCredential;
  /** Its client over its policies; `credentials` are its configured credential variables. */
  createClient(source: SourceCalls, credentials: CredentialValues): Client;
  /** Its DataLoaders, built anew for each GraphQL request. */
  createLoaders(client: Client, options: LoaderOptions): Loaders;
  probe: SourceProbe<Client>;
}
