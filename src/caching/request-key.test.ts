import { describe, expect, it } from 'vitest';
import { canonicalJson, compactQuery, requestKeyOf, type KeyedRequest } from './request-key.js';

const QUERY = 'query Dashboard($code: ID!) { commune(code: $code) { name population } }';

function post(body: unknown, headers: KeyedRequest['headers'] = {}): KeyedRequest {
  return { method: 'POST', url: '/graphql', headers, body };
}

function get(search: Record<string, unknown>, headers: KeyedRequest['headers'] = {}): KeyedRequest {
  const url = `/graphql?${new URLSearchParams(search as Record<string, string>).toString()}`;
  return { method: 'GET', url, headers, query: search };
}

const keyOf = (request: KeyedRequest) => requestKeyOf(request)?.key;

describe('the key of what a GraphQL request means', () => {
  const base = keyOf(post({ query: QUERY, variables: { code: '44109' } }))!;

  it('is the same for spacing, comments, commas, null or empty fields and key order', () => {
    expect(base).toBeDefined();
    const respaced = `# the dashboard\nquery Dashboard( $code : ID! ) {\n  commune(code: $code) { name, population }\n}\n`;
    expect(keyOf(post({ query: respaced, variables: { code: '44109' } }))).toBe(base);
    expect(keyOf(post({ query: QUERY, variables: { code: '44109' }, operationName: null, extensions: {} }))).toBe(base);
    const bare = keyOf(post({ query: QUERY }));
    expect(keyOf(post({ query: QUERY, variables: {} }))).toBe(bare);
    expect(keyOf(post({ query: QUERY, variables: null, extensions: null }))).toBe(bare);
    expect(keyOf(post({ query: QUERY, variables: { a: 1, b: { c: [1, { e: 2, d: 3 }] } } }))).toBe(
      keyOf(post({ query: QUERY, variables: { b: { c: [1, { d: 3, e: 2 }] }, a: 1 } })),
    );
  });

  it('is the same for a GET and a JSON POST of the same fields', () => {
    expect(keyOf(get({ query: QUERY, variables: '{"code":"44109"}' }))).toBe(base);
    expect(keyOf(get({ query: QUERY, variables: '{}' }))).toBe(keyOf(post({ query: QUERY })));
    const named = { query: QUERY, operationName: 'Dashboard', variables: { code: '1' }, extensions: { x: 1 } };
    expect(keyOf(get({ ...named, variables: '{ "code": "1" }', extensions: '{"x":1}' }))).toBe(keyOf(post(named)));
  });

  it('differs for another query, operationName, variable value, extension, Accept or path', () => {
    const others = [
      post({ query: QUERY.replace('population', 'code'), variables: { code: '44109' } }),
      post({ query: QUERY, variables: { code: '35238' } }),
      post({ query: QUERY, variables: { code: 44109 } }),
      post({ query: QUERY, variables: { code: '44109', extra: null } }),
      post({ query: QUERY, variables: { code: '44109' }, operationName: 'Dashboard' }),
      post({ query: QUERY, variables: { code: '44109' }, operationName: '' }),
      post({ query: QUERY, variables: { code: '44109' }, extensions: { persistedQuery: { version: 1, sha256Hash: 'a' } } }),
      post({ query: QUERY, variables: { code: '44109' } }, { accept: 'text/csv' }),
      post({ query: QUERY, variables: { code: '44109' } }, { accept: 'application/graphql-response+json' }),
      { ...post({ query: QUERY, variables: { code: '44109' } }), url: '/other' },
    ];
    const keys = others.map(keyOf);
    for (const key of keys) expect(key).toBeDefined();
    expect(new Set([base, ...keys]).size).toBe(others.length + 1);
    // Accept as the hot layer always read it: case and spacing aside.
    expect(keyOf(post({ query: QUERY, variables: { code: '44109' } }, { accept: 'Application/JSON, */*' }))).toBe(
      keyOf(post({ query: QUERY, variables: { code: '44109' } }, { accept: 'application/json,*/*' })),
    );
  });

  it('keys a persisted query sent by its hash alone, and may not tell whether it is a mutation', () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: 'abc' } };
    const byHash = requestKeyOf(post({ extensions }));
    expect(byHash?.key).toBeDefined();
    expect(byHash?.mayMutate).toBe(true);
    expect(keyOf(get({ extensions: JSON.stringify(extensions) }))).toBe(byHash?.key);
    expect(requestKeyOf(post({ query: QUERY }))?.mayMutate).toBe(false);
    expect(requestKeyOf(post({ query: 'mutation { x }' }))?.mayMutate).toBe(true);
  });

  it('has no key for what Apollo would refuse or another handler may read', () => {
    const refused: KeyedRequest[] = [
      post([{ query: QUERY }]),
      post('{"query":"{ x }"}'),
      post({}),
      post({ query: '' }),
      post({ query: 42 }),
      post({ query: QUERY, variables: '{"code":"1"}' }),
      post({ query: QUERY, variables: ['1'] }),
      post({ query: QUERY, operationName: 3 }),
      post({ query: '{ "unterminated }' }),
      { ...post({ query: QUERY }), url: '/graphql?format=csv' },
      get({ query: QUERY, variables: '{"code":' }),
      get({ query: QUERY, variables: 'null' }),
      get({ query: QUERY, variables: '[]' }),
      get({ query: QUERY, format: 'csv' }),
      get({ query: QUERY, separator: ';' }),
      get({ query: [QUERY, QUERY] }),
      get({}),
      get({ query: QUERY }, { 'content-type': 'text/plain' }),
      { method: 'PUT', url: '/graphql', headers: {}, body: { query: QUERY } },
      // Fastify's reading and Apollo's differ: a raw `#`, an undecodable `%E9`.
      {
        method: 'GET',
        url: `/graphql?query=${encodeURIComponent(QUERY)}#&variables={}`,
        headers: {},
        query: { query: `${QUERY}#`, variables: '{}' },
      },
      { method: 'GET', url: `/graphql?query=${encodeURIComponent(QUERY)}%E9`, headers: {}, query: { query: `${QUERY}%E9` } },
      // An export, or GraphiQL's page, by Accept.
      get({ query: QUERY }, { accept: 'TEXT/CSV' }),
      get({ query: QUERY }, { accept: 'application/x-ndjson, application/json;q=0.9' }),
      get({ query: QUERY }, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }),
    ];
    for (const request of refused) expect(requestKeyOf(request), JSON.stringify(request)).toBeUndefined();
    expect(keyOf(get({ query: QUERY }, { 'content-type': 'application/json; charset=utf-8' }))).toBeDefined();
    // Refusing CSV is asking for JSON; a POST is never an export.
    expect(keyOf(get({ query: QUERY }, { accept: 'text/csv;q=0, */*' }))).toBe(keyOf(get({ query: QUERY })));
    expect(keyOf(post({ query: QUERY }, { accept: '*/*' }))).toBe(keyOf(post({ query: QUERY })));
  });

  it('stays short when variables are long', () => {
    const long = 'x'.repeat(10_000);
    const key = keyOf(post({ query: QUERY, variables: { code: long } }))!;
    expect(key.length).toBeLessThan(200);
    expect(key).not.toBe(keyOf(post({ query: QUERY, variables: { code: `${long}y` } })));
  });
});

describe('canonical JSON and compacted query texts', () => {
  it('sorts keys at every depth and keeps arrays in order', () => {
    expect(canonicalJson({ b: [2, 1, { z: null, a: 'é' }], a: true })).toBe('{"a":true,"b":[2,1,{"a":"é","z":null}]}');
  });

  it('compacts a query text without its spacing and comments', () => {
    expect(compactQuery('# c\n{ a(x: 1) {\n b, c } }')).toBe('{a(x:1){b c}}');
  });
});
