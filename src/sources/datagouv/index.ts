import { z } from 'zod';
import { fixedCredential } from '../../policies/source.js';
import type { SourceCredential, SourceDefinition } from '../definition.js';
import { DatagouvClient } from './client.js';
import { createDatagouvLoaders } from './loaders.js';

/** The account a key belongs to: what `/api/1/me/` answers to a key data.gouv.fr accepts. */
const meSchema = z.object({ id: z.string() });

/**
 * Reads are anonymous and writes carry the caller's own key: the operator's key, if any, is
 * kept for authenticated routes only (none today), so that it can never break a read (data.gouv.fr
 * refuses a read with an invalid key). It is only ever the operator's explicit choice.
 */
const credential: SourceCredential<'DATAGOUV_API_KEY'> = {
  variables: { DATAGOUV_API_KEY: { kind: 'secret', fromSandbox: false } },
  create: (values) => fixedCredential(values.DATAGOUV_API_KEY ? { 'x-api-key': values.DATAGOUV_API_KEY } : {}),
};

/** data.gouv.fr: open datasets, their discussions and organizations; dataset writes. */
export const datagouv = {
  name: 'datagouv',
  envPrefix: 'DATAGOUV',
  liveBase: 'https://www.data.gouv.fr',
  // No published limit, so the server stays polite. An hour of cache.
  defaults: { timeoutMs: 8000, retries: 2, quota: { limit: 5, windowMs: 1000 }, concurrency: 6, cacheTtlS: 3600 },
  credential,
  createClient: (source) => new DatagouvClient(source),
  createLoaders: createDatagouvLoaders,
  probe: {
    needsCredential: false,
    run: async (client) => ((await client.datasets({}, { page: 1, pageSize: 1 })).value.data.length > 0 ? undefined : 'no dataset listed'),
    optionalKey: {
      variable: 'DATAGOUV_API_KEY',
      check: (source, key) => source.send('GET', '/api/1/me/', undefined, { 'x-api-key': key }, meSchema),
    },
  },
} satisfies SourceDefinition<'datagouv', DatagouvClient, ReturnType<typeof createDatagouvLoaders>>;
