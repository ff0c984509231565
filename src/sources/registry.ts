import type { UpstreamSource } from '../upstream/source.js';
import { dataInclusion } from './data-inclusion/index.js';
import { datagouv } from './datagouv/index.js';
import type { CredentialValues, SourceDefinition } from './definition.js';
import { insee } from './insee/index.js';
import { inserjeunes } from './inserjeunes/index.js';
import { lemarche } from './lemarche/index.js';
import type { LoaderOptions } from './loader.js';
import { SOURCE_NAMES, sourceKey, type SourceKey, type SourceName } from './names.js';

/**
 * Every source the server federates, by name: the one list that configuration, upstream
 * resolution, clients, loaders, the doctor and the benchmark read. A sixth source is a folder
 * with its `index.ts`, its name in `names.ts` (the vocabulary the sandbox shares) and one line
 * here; the compiler refuses a name without its line, or a line under another name.
 */
export const SOURCES = {
  insee,
  'data-inclusion': dataInclusion,
  lemarche,
  inserjeunes,
  datagouv,
} satisfies { [N in SourceName]: SourceDefinition<N> };

type Sources = typeof SOURCES;

/** A source's definition, for code that treats every source alike (its client's type unknown). */
export function definitionOf(name: SourceName): SourceDefinition {
  return SOURCES[name];
}

/** Each source's `<PREFIX>_URL`. */
export type UrlVariable = `${Sources[SourceName]['envPrefix']}_URL`;
/** Every credential variable of every source: `DATA_INCLUSION_TOKEN`, `INSERJEUNES_CLIENT_ID`… */
export type CredentialVariableName = { [N in SourceName]: keyof Sources[N]['credential']['variables'] & string }[SourceName];

/** One typed client per source, under its key: `clients.insee`, `clients.dataInclusion`… */
export type SourceClients = { [N in SourceName as SourceKey<N>]: ReturnType<Sources[N]['createClient']> };
/** One set of per-request loaders per source, under its key: `loaders.dataInclusion`… */
export type SourceLoaders = { [N in SourceName as SourceKey<N>]: ReturnType<Sources[N]['createLoaders']> };

/** Each source with its key, worked out once (loaders are built for every request). */
const KEYED = SOURCE_NAMES.map((name) => ({ name, key: sourceKey(name), definition: definitionOf(name) }));

/** Every source's client, each over its own upstream machinery and with its credential variables. */
export function createSourceClients(
  upstreams: Record<SourceName, UpstreamSource>,
  credentials: Record<SourceName, CredentialValues>,
): SourceClients {
  const clients = KEYED.map(({ name, key, definition }) => [key, definition.createClient(upstreams[name], credentials[name])]);
  return Object.fromEntries(clients) as SourceClients;
}

/** Every source's loaders for one request; `optionsFor` says how each source's answers are heard of. */
export function createSourceLoaders(clients: SourceClients, optionsFor: (name: SourceName) => LoaderOptions): SourceLoaders {
  const loaders = KEYED.map(({ name, key, definition }) => [key, definition.createLoaders(clients[key], optionsFor(name))]);
  return Object.fromEntries(loaders) as SourceLoaders;
}
