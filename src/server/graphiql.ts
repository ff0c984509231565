import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EXAMPLES_DIR, exampleVariablesText } from './examples.js';
import type { HttpServer } from './http.js';

/**
 * GraphiQL, served from the project's own installed packages (no CDN: many administrations'
 * networks have no internet access), with the public contract's client queries as tabs.
 */
const require = createRequire(import.meta.url);
// The browser builds are files of the packages, not modules they export: found from their roots.
const packageFile = (name: string, file: string) => join(dirname(require.resolve(`${name}/package.json`)), file);
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript; charset=utf-8' },
  'graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css; charset=utf-8' },
};
export const ASSET_PREFIX = '/graphiql/assets/';

/** The example queries as GraphiQL tabs, with the variables their header comment gives. */
export function exampleTabs(): { query: string; variables: string }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort((a, b) => Number(a.startsWith('create-')) - Number(b.startsWith('create-')) || a.localeCompare(b))
    .map((file) => {
      const query = readFileSync(`${EXAMPLES_DIR}${file}`, 'utf8');
      const variables = exampleVariablesText(query) ?? '{}';
      return { query, variables: JSON.stringify(JSON.parse(variables), null, 2) };
    });
}

/** The operation names of the contract's client queries (the GraphiQL tabs). */
export function exampleOperationNames(): Set<string> {
  const names = new Set<string>();
  for (const { query } of exampleTabs())
    for (const match of query.matchAll(/^\s*(?:query|mutation|subscription)\s+(\w+)/gm)) names.add(match[1]!);
  return names;
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The one inline script of the page, which the Content-Security-Policy allows by its hash. */
function startScript(endpoint: string): string {
  const tabs = exampleTabs();
  // GraphiQL fills the editors of the first tab from the query/variables props, not from
  // defaultTabs: both are given.
  return `
    const fetcher = GraphiQL.createFetcher({ url: ${scriptJson(endpoint)} });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true, defaultTabs: ${scriptJson(tabs)}, query: ${scriptJson(tabs[0]?.query)}, variables: ${scriptJson(tabs[0]?.variables)} }),
    );
  `;
}

/**
 * The page may run its own assets and its one inline script, talk to this server only, and
 * never be framed (clickjacking): what a GraphiQL served from local assets needs, and no more.
 */
export function graphiqlSecurityHeaders(endpoint: string): Record<string, string> {
  const hash = createHash('sha256').update(startScript(endpoint)).digest('base64');
  return {
    'content-security-policy': [
      "default-src 'self'",
      `script-src 'self' 'sha256-${hash}'`,
      // GraphiQL sets styles at run time.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    // `X-Content-Type-Options: nosniff` is on every answer (server/http.ts).
    'referrer-policy': 'no-referrer',
  };
}

export function graphiqlPage(endpoint: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>inclusion-graph · GraphiQL</title>
  <link rel="stylesheet" href="${ASSET_PREFIX}graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Chargement de GraphiQL…</div>
  <script src="${ASSET_PREFIX}react.js"></script>
  <script src="${ASSET_PREFIX}react-dom.js"></script>
  <script src="${ASSET_PREFIX}graphiql.js"></script>
  <script>${startScript(endpoint)}</script>
</body>
</html>`;
}

/**
 * Serves the GraphiQL assets, cached long by browsers since they change only with the package,
 * and sends the page's security headers with every HTML answer (the page itself is Apollo's
 * landing page).
 */
export function registerGraphiqlAssets(app: HttpServer, endpoint = '/graphql'): void {
  const cache = new Map<string, Buffer>();
  const pageHeaders = graphiqlSecurityHeaders(endpoint);
  app.addHook('onSend', async (_request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.headers(pageHeaders);
  });
  app.get(`${ASSET_PREFIX}:name`, async (request, reply) => {
    const name = (request.params as { name: string }).name;
    // Own keys only: `constructor` or `__proto__` are not assets.
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return reply.code(404).send({ error: 'not found' });
    if (!cache.has(asset.file)) cache.set(asset.file, readFileSync(asset.file));
    return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(cache.get(asset.file));
  });
}

/** Apollo's landing page for browsers (GET /graphql with Accept: text/html): our GraphiQL. */
export function graphiqlLandingPage(endpoint: string): ApolloServerPlugin {
  const html = graphiqlPage(endpoint);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
