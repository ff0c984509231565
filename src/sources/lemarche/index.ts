import type { SourceDefinition } from '../definition.js';
import { bearerToken } from '../shared/credentials.js';
import { LemarcheClient } from './client.js';
import { createLemarcheLoaders } from './loaders.js';

/** Marché de l'inclusion: inclusive enterprises (SIAE); a bearer key from a Marché account. */
export const lemarche = {
  name: 'lemarche',
  envPrefix: 'LEMARCHE',
  liveBase: 'https://lemarche.inclusion.gouv.fr',
  // No published limit, so the server stays polite.
  defaults: { timeoutMs: 8000, retries: 2, quota: { limit: 10, windowMs: 1000 }, concurrency: 6, cacheTtlS: 4 * 3600 },
  credential: bearerToken('LEMARCHE_TOKEN'),
  createClient: (source) => new LemarcheClient(source),
  createLoaders: (client, options) => createLemarcheLoaders(client, options),
  probe: {
    needsCredential: true,
    run: async (client) => ((await client.siaes({}, { limit: 1, offset: 0 })).value ? undefined : 'the SIAE list is missing'),
  },
} satisfies SourceDefinition<'lemarche', LemarcheClient, ReturnType<typeof createLemarcheLoaders>>;
