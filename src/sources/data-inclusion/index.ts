import type { SourceDefinition } from '../definition.js';
import { bearerToken } from '../shared/credentials.js';
import { DataInclusionClient } from './client.js';
import { createDataInclusionLoaders } from './loaders.js';

/** data·inclusion: inclusion structures and their services; a bearer token with the `api` scope. */
export const dataInclusion = {
  name: 'data-inclusion',
  envPrefix: 'DATA_INCLUSION',
  liveBase: 'https://api.data.inclusion.gouv.fr',
  // No published limit and no limiter in its code, so the server stays polite; it gives a
  // structure's services only in its detail (one call per structure of a list page), so the
  // window fits a page of fifty. Hourly changes: an hour of cache.
  defaults: { timeoutMs: 8000, retries: 2, quota: { limit: 50, windowMs: 1000 }, concurrency: 8, cacheTtlS: 3600 },
  credential: bearerToken('DATA_INCLUSION_TOKEN'),
  createClient: (source) => new DataInclusionClient(source),
  createLoaders: createDataInclusionLoaders,
  probe: {
    needsCredential: true,
    run: async (client) => ((await client.structures({}, { page: 1, size: 1 })).value ? undefined : 'the structure list is missing'),
  },
} satisfies SourceDefinition<'data-inclusion', DataInclusionClient, ReturnType<typeof createDataInclusionLoaders>>;
