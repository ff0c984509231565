import { describe, expect, it } from 'vitest';
import type { SourceCalls } from '../../policies/source.js';
import { MelodiClient } from './client.js';

/** A source whose every read answers the same cached page object, as the in-memory cache does. */
function cachedSource(page: unknown): SourceCalls {
  return {
    get: async () => ({ value: page, stale: false, storedAt: 1000 }) as never,
    send: async () => {
      throw new Error('no writes');
    },
  };
}

const PAGE = {
  identifier: 'DS_POPULATIONS_REFERENCE',
  title: { fr: 'Populations de référence', en: 'Reference populations' },
  observations: [
    {
      dimensions: { GEO: '2025-COM-44109', FREQ: 'A', TIME_PERIOD: '2023', POPREF_MEASURE: 'PMUN' },
      measures: { OBS_VALUE_NIVEAU: { value: 327734.0 } },
    },
  ],
  paging: { first: 'https://api.insee.fr/melodi/data/DS_POPULATIONS_REFERENCE?page=1', count: 1 },
};

describe('MelodiClient.data', () => {
  it('gives the same table for the same cached pages, so that its rows are mapped and indexed once', async () => {
    const client = new MelodiClient(cachedSource(PAGE));
    const query = { dataset: 'DS_POPULATIONS_REFERENCE', geo: ['DEP-44*COM'], filters: [] };
    const first = await client.data(query);
    const second = await client.data(query);
    expect(first.value.rows).toHaveLength(1);
    expect(second.value).toBe(first.value);
  });
});
