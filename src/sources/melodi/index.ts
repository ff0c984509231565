import type { SourceDefinition } from '../definition.js';
import { noCredential } from '../shared/credentials.js';
import { MelodiClient } from './client.js';
import { createMelodiLoaders } from './loaders.js';

/**
 * Insee Melodi: the current Insee statistics (Données locales is frozen), open. No credential,
 * ever: Melodi answers 401 to an Insee API key header, so none is configured or sent.
 */
export const melodi = {
  name: 'melodi',
  envPrefix: 'MELODI',
  liveBase: 'https://api.insee.fr/melodi',
  // 30 requests a minute (Insee's published limit). Data change once a year: days of cache, and
  // a new release is seen within that time (the catalogue's vintage changes every data URL).
  // Few at once and a generous timeout: a department's communes are one heavy answer.
  defaults: { timeoutMs: 30_000, retries: 2, quota: { limit: 30, windowMs: 60_000 }, concurrency: 2, cacheTtlS: 3 * 24 * 3600 },
  credential: noCredential,
  createClient: (source) => new MelodiClient(source),
  createLoaders: createMelodiLoaders,
  probe: {
    needsCredential: false,
    run: async (client) => ((await client.catalog()).value.length > 0 ? undefined : 'the catalogue lists no dataset'),
  },
} satisfies SourceDefinition<'melodi', MelodiClient, ReturnType<typeof createMelodiLoaders>>;
