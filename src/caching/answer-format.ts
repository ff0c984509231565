import Negotiator from 'negotiator';

/**
 * Which representation a request's `Accept` asks for, decided in one place for every layer that
 * cares: the hot layer (its key, and whether it may answer at all), the exports of GET /graphql
 * and the named endpoints. Each used to read `Accept` its own way (one lowercased it, another
 * looked for `text/csv` case-sensitively), so that `Accept: TEXT/CSV` was keyed as a CSV request
 * by one and answered JSON by the other, and `text/csv;q=0` (never CSV) got CSV.
 *
 * The negotiation is `negotiator`'s, the one Apollo Server uses to choose its own media types
 * (runHttpQuery, ApolloServer#prefersHTML): media ranges, case, parameters and q-values are read
 * as HTTP says, and a tie goes to the first type the client listed.
 */

/** Apollo's JSON media types, in the order Apollo offers them (chooseContentTypeForSingleResultResponse). */
const APOLLO_JSON = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
] as const;
/** What Apollo weighs against GraphiQL's page on a GET (ApolloServer#prefersHTML). */
const APOLLO_WITH_HTML = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'multipart/mixed; deferSpec=20220824',
  'multipart/mixed; incrementalSpec=v0.2',
  'multipart/mixed',
  'text/html',
];
const CSV = 'text/csv';
const NDJSON = 'application/x-ndjson';
/** An Excel workbook (.xlsx): typed cells, so that codes keep their leading zeros. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ExportFormat = 'csv' | 'ndjson' | 'xlsx';
const EXPORT_FORMATS: readonly unknown[] = ['csv', 'ndjson', 'xlsx'] satisfies ExportFormat[];

/** The client's preferred type among `offered` (in their order on ties); undefined when none is acceptable. */
function preferred(accept: string, offered: readonly string[]): string | undefined {
  return new Negotiator({ headers: { accept } }).mediaType(offered as string[]);
}

/**
 * What a request to /graphql gets: an export (CSV, NDJSON or xlsx: a GET with `format=csv|ndjson|xlsx`, or
 * whose `Accept` prefers one of them), GraphiQL's page (a GET preferring HTML), or Apollo's JSON
 * in the media type Apollo will choose (`undefined`: none acceptable, Apollo answers 406).
 * Exports come after Apollo's own types and HTML on a tie, so that `*` and `text/*` keep getting
 * what Apollo gives them.
 */
export type GraphQLAnswer = { kind: 'export'; format: ExportFormat } | { kind: 'html' } | { kind: 'json'; mediaType: string | undefined };

export function graphqlAnswerOf(method: string, accept: string | undefined, format: unknown): GraphQLAnswer {
  if (method === 'GET' && EXPORT_FORMATS.includes(format)) return { kind: 'export', format: format as ExportFormat };
  if (!accept) return { kind: 'json', mediaType: APOLLO_JSON[0] };
  // Clients send a handful of `Accept` values, and the hot layer reads one on every request:
  // each is negotiated once (a few microseconds each time otherwise).
  const memo = method === 'GET' ? negotiatedGets : negotiatedPosts;
  let answer = memo.get(accept);
  if (answer === undefined) {
    answer = negotiate(method, accept);
    if (accept.length > MAX_MEMO_LENGTH) return answer;
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(accept, answer);
  }
  return answer;
}

const negotiatedGets = new Map<string, GraphQLAnswer>();
const negotiatedPosts = new Map<string, GraphQLAnswer>();
/** At most this many values, of at most this length, are kept (a few hundred kB at worst). */
const MAX_MEMO = 256;
const MAX_MEMO_LENGTH = 512;

function negotiate(method: string, accept: string): GraphQLAnswer {
  if (method === 'GET') {
    const chosen = preferred(accept, [...APOLLO_WITH_HTML, CSV, NDJSON, XLSX]);
    if (chosen === CSV) return { kind: 'export', format: 'csv' };
    if (chosen === NDJSON) return { kind: 'export', format: 'ndjson' };
    if (chosen === XLSX) return { kind: 'export', format: 'xlsx' };
    if (chosen === 'text/html') return { kind: 'html' };
  }
  return { kind: 'json', mediaType: preferred(accept, APOLLO_JSON) };
}

/** A named endpoint without an extension: JSON unless `Accept` prefers CSV or NDJSON. */
export function namedEndpointFormatOf(accept: string | undefined): ExportFormat | 'json' {
  if (!accept) return 'json';
  const chosen = preferred(accept, ['application/json', CSV, NDJSON, XLSX]);
  return chosen === CSV ? 'csv' : chosen === NDJSON ? 'ndjson' : chosen === XLSX ? 'xlsx' : 'json';
}
