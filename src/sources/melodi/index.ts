import type { SourceDefinition } from '../definition.js';
import { noCredential } from '../shared/credentials.js';
import { MelodiClient, vintageOf } from './client.js';
import { FIGURE_DATASETS } from './datasets.js';
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
    // The catalogue, and in it the latest vintage of every dataset the typed figures read.
    run: async (client) => {
      const catalog = (await client.catalog()).value;
      const vintages = FIGURE_DATASETS.map((dataset) => {
        const entry = catalog.find((e) => e.identifier === dataset);
        return { dataset, vintage: entry ? vintageOf(entry) : null };
      });
      const missing = vintages.filter((v) => v.vintage === null).map((v) => v.dataset);
      if (missing.length > 0) return `the catalogue has no vintage of ${missing.join(', ')}`;
      const latest = vintages.map(({ dataset, vintage }) => `${dataset} ${vintage!.period} (geography ${vintage!.geographyYear ?? '?'})`);
      return { found: `latest: ${latest.join('; ')}` };
    },
  },
} satisfies SourceDefinition<'melodi', MelodiClient, ReturnType<typeof createMelodiLoaders>>;
