import type { RequestScope } from '../policies/request-context.js';
import type { SourcePolicies } from '../policies/source.js';
import { dataInclusion } from './data-inclusion/index.js';
import { datagouv } from './datagouv/index.js';
import type { CredentialValues, SourceDefinition } from './definition.js';
import { insee } from './insee/index.js';
import { inserjeunes } from './inserjeunes/index.js';
import { lemarche } from './lemarche/index.js';
import { melodi } from './melodi/index.js';
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
  melodi,
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

/**
 * Records built per request whose properties (one per source key) are built when first read:
 * most requests read one or two sources, and building every source's clients and DataLoaders for
 * each was a measurable share of a cheap request's cost. The getters live on a prototype made
 * once; each record holds its own inputs and keeps what it built.
 */
function lazyPerSource<Inputs, Built>(build: (inputs: Inputs, source: (typeof KEYED)[number]) => Built): (inputs: Inputs) => object {
  const inputsOf = Symbol('inputs');
  const prototype: object = Object.create(null);
  for (const source of KEYED) {
    Object.defineProperty(prototype, source.key, {
      get(this: { [inputsOf]: Inputs }) {
        const built = build(this[inputsOf], source);
        Object.defineProperty(this, source.key, { value: built, enumerable: true });
        return built;
      },
    });
  }
  return (inputs) => {
    const record = Object.create(prototype) as { [inputsOf]: Inputs };
    record[inputsOf] = inputs;
    return record;
  };
}

/** Each source's policies, by name. */
export type PoliciesBySource = Record<SourceName, SourcePolicies>;
type Credentials = Record<SourceName, CredentialValues>;

/** One source's client over its policies, on behalf of a client request or of none. */
function clientOf(policies: PoliciesBySource, credentials: Credentials, scope: RequestScope | undefined, source: (typeof KEYED)[number]) {
  return source.definition.createClient(policies[source.name].for(scope), credentials[source.name]);
}

/**
 * Every source's client, each over its own policies and with its credential variables;
 * calls made through them belong to no client request (the doctor's, a test's).
 */
export function createSourceClients(policies: PoliciesBySource, credentials: Credentials): SourceClients {
  return Object.fromEntries(KEYED.map((source) => [source.key, clientOf(policies, credentials, undefined, source)])) as SourceClients;
}

/**
 * Every source's client on behalf of one client request: their calls carry its scope (request
 * id, fair share, budget). Built when first read.
 */
export function requestClientsOf(policies: PoliciesBySource, credentials: Credentials): (scope: RequestScope | undefined) => SourceClients {
  const create = lazyPerSource((scope: RequestScope | undefined, source) => clientOf(policies, credentials, scope, source));
  return (scope) => create(scope) as SourceClients;
}

const lazyLoaders = lazyPerSource(
  ({ clients, optionsFor }: { clients: SourceClients; optionsFor: (name: SourceName) => LoaderOptions }, { name, key, definition }) =>
    definition.createLoaders(clients[key], optionsFor(name)),
);

/**
 * Every source's loaders for one request, over that request's clients; `optionsFor` says how each
 * source's answers are heard of. Built when first read.
 */
export function createSourceLoaders(clients: SourceClients, optionsFor: (name: SourceName) => LoaderOptions): SourceLoaders {
  return lazyLoaders({ clients, optionsFor }) as SourceLoaders;
}
