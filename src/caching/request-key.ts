import { stripIgnoredCharacters } from 'graphql';
import { createHash } from 'node:crypto';

/**
 * What a GraphQL request means, as one short string: two requests with the same key get the same
 * answer from Apollo, whatever their bytes. Spacing and comments in the query text, `variables`
 * absent, `null` or `{}`, the key order of variables and extensions, `operationName` absent or
 * `null`, and GET (`?query=…&variables=…`) versus a JSON POST of the same fields all give one key;
 * operationName, the variables' values, the extensions (a persisted query's hash), the path and
 * the `Accept` header are kept in it.
 *
 * It reads only what Apollo reads (runHttpQuery): a request Apollo would refuse, or that carries
 * something this function does not understand (a batch, a GET with another URL parameter such as
 * an export's `format`, malformed variables JSON), has no key, so that it is never answered from
 * a cache keyed on meaning.
 */
export interface RequestKey {
  readonly key: string;
  /** The text may hold a mutation (or there is no text, only a persisted query's hash). */
  readonly mayMutate: boolean;
}

/** The parts of an HTTP request this reads; a FastifyRequest has them. */
export interface KeyedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: { readonly accept?: string; readonly 'content-type'?: string };
  /** A POST's parsed JSON body. */
  readonly body?: unknown;
  /** A GET's parsed search parameters. */
  readonly query?: unknown;
}

/** The fields of a GraphQL request over HTTP, once checked to be the types Apollo accepts. */
interface GraphQLParams {
  query: string | undefined;
  operationName: string | undefined;
  variables: object | undefined;
  extensions: object | undefined;
}

/** Variables and extensions longer than this are hashed, so that keys stay short to compare. */
const MAX_RAW_TAIL = 256;

export function requestKeyOf(request: KeyedRequest): RequestKey | undefined {
  try {
    const params = request.method === 'GET' ? getParams(request) : request.method === 'POST' ? postParams(request) : undefined;
    if (!params || (params.query === undefined && params.extensions === undefined)) return undefined;
    const text = params.query === undefined ? undefined : knownQuery(params.query);
    if (params.query !== undefined && text === undefined) return undefined;
    const tail = `${canonicalObject(params.variables)}\n${canonicalObject(params.extensions)}`;
    const key = [
      pathOf(request.url),
      normalisedAccept(request.headers.accept),
      text?.id ?? '',
      params.operationName === undefined ? '' : JSON.stringify(params.operationName),
      tail.length > MAX_RAW_TAIL ? `#${sha1(tail)}` : tail,
    ].join('\n');
    return { key, mayMutate: text?.mayMutate ?? true };
  } catch {
    // Variables nested too deep to walk, for instance: Apollo will say what is wrong.
    return undefined;
  }
}

/** The `Accept` header as the hot layer always keyed it: case and spacing do not matter. */
export function normalisedAccept(accept: string | undefined): string {
  return (accept ?? '').toLowerCase().replace(/\s+/g, '');
}

function pathOf(url: string): string {
  const search = url.indexOf('?');
  return search < 0 ? url : url.slice(0, search);
}

const GET_PARAMETERS = new Set(['query', 'operationName', 'variables', 'extensions']);

/** A GET's fields, each given once; any other parameter may be read by another handler (exports). */
function getParams(request: KeyedRequest): GraphQLParams | undefined {
  const contentType = request.headers['content-type'];
  // Apollo refuses a GET with another content type (415).
  if (contentType !== undefined && contentType.split(';', 1)[0]!.trim().toLowerCase() !== 'application/json') return undefined;
  const search = request.query as Record<string, unknown> | undefined;
  if (!search || typeof search !== 'object') return undefined;
  for (const name in search) if (!GET_PARAMETERS.has(name) || typeof search[name] !== 'string') return undefined;
  const { query, operationName, variables, extensions } = search as Record<string, string | undefined>;
  if (query === '') return undefined;
  const parsedVariables = variables === undefined ? undefined : jsonObjectOf(variables);
  const parsedExtensions = extensions === undefined ? undefined : jsonObjectOf(extensions);
  if (parsedVariables === null || parsedExtensions === null) return undefined;
  return { query, operationName, variables: parsedVariables, extensions: parsedExtensions };
}

/** The object a GET parameter encodes, or null when Apollo would refuse it (not JSON, not an object). */
function jsonObjectOf(text: string): object | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return isPlainObject(value) ? value : null;
}

/** A JSON POST's fields; `null` stands for absent, as for Apollo. The URL carries nothing more. */
function postParams(request: KeyedRequest): GraphQLParams | undefined {
  const body = request.body;
  if (request.url.includes('?') || !isPlainObject(body)) return undefined;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  if (!(query == null || (typeof query === 'string' && query !== ''))) return undefined;
  if (!(operationName == null || typeof operationName === 'string')) return undefined;
  if (!(variables == null || isPlainObject(variables))) return undefined;
  if (!(extensions == null || isPlainObject(extensions))) return undefined;
  return {
    query: query ?? undefined,
    operationName: operationName ?? undefined,
    variables: variables ?? undefined,
    extensions: extensions ?? undefined,
  };
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `''` for an absent or empty object, its canonical JSON otherwise. */
function canonicalObject(value: object | undefined): string {
  if (value === undefined) return '';
  const json = canonicalJson(value);
  return json === '{}' ? '' : json;
}

/** JSON with every object's keys sorted, recursively: equal values, equal texts. */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const name of Object.keys(record).sort()) {
    if (record[name] !== undefined) members.push(`${JSON.stringify(name)}:${canonicalJson(record[name])}`);
  }
  return `{${members.join(',')}}`;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/**
 * Query texts seen recently (clients resend the same few), each read once: its text without
 * spacing and comments, a short id of that text, and whether it may name a mutation.
 */
interface KnownQuery {
  readonly compact: string;
  readonly id: string;
  readonly mayMutate: boolean;
}

const known = new Map<string, KnownQuery>();
const MAX_KNOWN = 1000;
/** Longer texts are compacted each time rather than kept (at most about 16 MB of texts). */
const MAX_KNOWN_LENGTH = 16_384;

/** Undefined when the text cannot even be tokenised: Apollo will answer the syntax error. */
function knownQuery(source: string): KnownQuery | undefined {
  let entry = known.get(source);
  if (entry !== undefined) return entry;
  let compact: string;
  try {
    compact = stripIgnoredCharacters(source);
  } catch {
    return undefined;
  }
  entry = { compact, id: sha1(compact), mayMutate: compact.includes('mutation') };
  if (source.length <= MAX_KNOWN_LENGTH) {
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(source, entry);
  }
  return entry;
}

/**
 * A query text without its spacing and comments: equal documents up to those give one text, for
 * the response cache's key as for this one. Texts seen recently are not compacted again.
 */
export function compactQuery(source: string): string {
  return knownQuery(source)?.compact ?? source;
}
