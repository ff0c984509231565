import { stripIgnoredCharacters } from 'graphql';
import { createHash } from 'node:crypto';
import { graphqlAnswerOf } from './answer-format.js';

/**
 * What a GraphQL request means, as one short string: two requests with the same key get the same
 * answer from Apollo, whatever their bytes. Spacing and comments in the query text, `variables`
 * absent, `null` or `{}`, the key order of variables and extensions, `operationName` absent or
 * `null`, and GET (`?query=…&variables=…`) versus a JSON POST of the same fields all give one key;
 * operationName, the variables' values, the extensions (a persisted query's hash), the path and
 * the media type Apollo will answer in (from `Accept`: answer-format.ts) are kept in it.
 *
 * It reads only what Apollo reads (runHttpQuery), the way Apollo reads it: a GET's parameters come
 * from the URL's search as `@as-integrations/fastify` hands it to Apollo (`new URL(url).search`,
 * which ends at a raw `#`, read by URLSearchParams, which turns an undecodable `%E9` into U+FFFD),
 * not from Fastify's `request.query` (which keeps what follows `#` and leaves `%E9` undecoded).
 * When the two readings differ, the other handlers of the route (exports) and Apollo would not see
 * the same request: it gets no key. So does a request Apollo would refuse, or that carries
 * something this function does not understand (a batch, a GET with another URL parameter such as
 * an export's `format`, malformed variables JSON, an `Accept` asking for an export or GraphiQL's
 * page), so that it is never answered from a cache keyed on meaning.
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
  /** A GET's search parameters as Fastify parsed them. */
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
    const answer = graphqlAnswerOf(request.method, request.headers.accept, undefined);
    if (answer.kind !== 'json') return undefined;
    const tail = `${canonicalObject(params.variables)}\n${canonicalObject(params.extensions)}`;
    const key = [
      pathOf(request.url),
      answer.mediaType ?? 'none acceptable',
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
  const search = searchOf(request);
  if (!search) return undefined;
  const { query, operationName, variables, extensions } = search;
  if (query === '') return undefined;
  const parsedVariables = variables === undefined ? undefined : jsonObjectOf(variables);
  const parsedExtensions = extensions === undefined ? undefined : jsonObjectOf(extensions);
  if (parsedVariables === null || parsedExtensions === null) return undefined;
  return { query, operationName, variables: parsedVariables, extensions: parsedExtensions };
}

/**
 * A GET's parameters as Apollo reads them, when each is a GraphQL one given once and Fastify's
 * parse of the URL agrees with Apollo's; undefined otherwise.
 */
function searchOf(request: KeyedRequest): Record<string, string | undefined> | undefined {
  // The URL as the integration builds it: a path (from the request line) on a base of its own.
  if (!request.url.startsWith('/') || request.url.startsWith('//')) return undefined;
  const apollo = new URLSearchParams(new URL(request.url, 'http://localhost/').search);
  const fastify = request.query;
  if (!fastify || typeof fastify !== 'object') return undefined;
  const search: Record<string, string> = {};
  for (const [name, value] of apollo) {
    if (!GET_PARAMETERS.has(name) || name in search) return undefined;
    search[name] = value;
  }
  const names = Object.keys(fastify);
  if (names.length !== Object.keys(search).length) return undefined;
  for (const name of names) if ((fastify as Record<string, unknown>)[name] !== search[name]) return undefined;
  return search;
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
