import { describe, expect, it } from 'vitest';
import { SOURCE_NAMES } from '../../src/sources/names.js';
import { useSandbox } from '../helpers/sandbox.js';
import { example, startServer } from '../helpers/server.js';

const sandbox = useSandbox();

describe('independent branches run concurrently', () => {
  it('sends every upstream request of the dashboard before the first one answers', async () => {
    const server = await startServer(sandbox());
    try {
      // InserJeunes's Omogen token is fetched once per process and lasts an hour: only a process's
      // very first request waits for it. Take it before measuring.
      expect((await server.graphql('{ formation(code: "40025214") { code } }')).body.errors).toBeUndefined();
      // Likewise Melodi's catalogue, read once for days, which says which vintage a figure's /data
      // call asks for: a dataset it does not list reads the catalogue alone.
      expect((await server.graphql('{ france { stats { melodi(dataset: "DS_NOT_LISTED") { dataset } } } }')).body.errors).toBeUndefined();
      sandbox().controls.resetCounters();
      const latency = 300;
      for (const source of SOURCE_NAMES) sandbox().controls.setLatency(source, latency);
      const { body } = await server.graphql(example('commune-dashboard'), { code: '44109' });
      expect(body.errors).toBeUndefined();
      const arrivals = sandbox()
        .controls.requests()
        .map((r) => r.at);
      expect(arrivals).toHaveLength(7);
      // Had any branch waited for another, its request would arrive at least one latency later.
      expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(latency);
    } finally {
      await server.close();
    }
  });
});
