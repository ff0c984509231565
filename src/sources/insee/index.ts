import type { SourceDefinition } from '../definition.js';
import { noCredential } from '../shared/credentials.js';
import { InseeClient } from './client.js';
import { LEGAL_POPULATION_VINTAGES } from './datasets.js';
import { createInseeLoaders } from './loaders.js';

/** Insee Données locales: statistics per commune, department, region or EPCI; public. */
export const insee = {
  name: 'insee',
  envPrefix: 'INSEE',
  liveBase: 'https://api.insee.fr',
  // Insee allows 30 requests a minute per IP. Its cubes are frozen: weeks of cache.
  defaults: { timeoutMs: 6000, retries: 2, quota: { limit: 30, windowMs: 60_000 }, concurrency: 4, cacheTtlS: 14 * 24 * 3600 },
  credential: noCredential,
  createClient: (source) => new InseeClient(source),
  createLoaders: createInseeLoaders,
  probe: {
    needsCredential: false,
    // Nantes' legal population: published for every vintage the client asks for.
    run: async (client) => {
      const cube = await client.cube({
        dataset: LEGAL_POPULATION_VINTAGES[0]!,
        variables: ['IND_POPLEGALES'],
        level: 'COM',
        code: '44109',
      });
      return cube.value ? undefined : 'the legal population of Nantes (COM-44109) is missing';
    },
  },
} satisfies SourceDefinition<'insee', InseeClient, ReturnType<typeof createInseeLoaders>>;
