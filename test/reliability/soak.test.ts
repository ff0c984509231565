import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { SOURCE_NAMES } from '../../src/sources/names.js';
import { useSandbox } from '../helpers/sandbox.js';
import { example, startServer } from '../helpers/server.js';

/*
 * Soak: mixed client queries for SOAK_SECONDS (60 by default, as in CI; longer by option)
 * with 5 % of upstream answers failing. No 5xx, no unhandled rejection, memory stable.
 * Loopback only, bounded in time, stops by itself.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);

/**
 * The heap in use after a full collection: what the process really holds. Resident memory
 * without a collection mostly says when the collector last ran, and grows with the allocation
 * rate, leak or not.
 */
function liveHeap(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}
const sandbox = useSandbox({ inseeQuota: { limit: 1_000_000, windowMs: 60_000 } });

describe('soak', () => {
  it(
    `serves mixed queries for ${SECONDS} s with 5 % upstream faults`,
    async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      const lifted = Object.fromEntries(
        ['INSEE', 'DATA_INCLUSION', 'LEMARCHE', 'INSERJEUNES', 'DATAGOUV'].map((s) => [`${s}_RATE_LIMIT`, '100000/1s']),
      );
      // Short cache lifetimes keep upstream calls (and their faults) coming throughout the run.
      const server = await startServer(sandbox(), {
        ...lifted,
        RATE_LIMIT_PER_MINUTE: '1000000',
        INSEE_CACHE_TTL_S: '2',
        DATA_INCLUSION_CACHE_TTL_S: '2',
        LEMARCHE_CACHE_TTL_S: '2',
        INSERJEUNES_CACHE_TTL_S: '2',
        DATAGOUV_CACHE_TTL_S: '2',
      });
      const kinds = ['status', 'malformed-json', 'reset', 'off-contract'] as const;
      SOURCE_NAMES.forEach((source, i) =>
        sandbox().controls.addFault({ source, kind: kinds[i % kinds.length]!, status: 503, probability: 0.05 }),
      );
      const communes = geography()
        .communes.filter((c) => c.kind === 'commune' && (c.population ?? 0) > 20_000)
        .slice(0, 20)
        .map((c) => c.code);
      const mix: (() => [string, Record<string, unknown>])[] = [
        () => ['commune-dashboard', { code: communes[Math.floor(Math.random() * communes.length)] }],
        () => ['communes-search', { search: 'saint' }],
        () => ['structures-of-department', { department: ['44', '35', '2A', '974'][Math.floor(Math.random() * 4)] }],
        () => ['services-near', { commune: '75056', themes: ['numerique'] }],
        () => ['formation-outcomes', { code: '40025214', region: '52' }],
        () => ['datasets-of-commune', { commune: '44109', query: 'budget' }],
      ];
      const statuses = new Map<number, number>();
      let requests = 0;
      const deadline = Date.now() + SECONDS * 1000;
      // A bounded working set (20 communes) is fully cached after the warm-up; memory must then stay put.
      const warmUpEnd = Date.now() + Math.max(5, Math.min(15, SECONDS / 4)) * 1000;
      let heapAfterWarmUp = 0;
      let heapAtEnd = 0;
      let warmingUp = true;
      try {
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (Date.now() < deadline) {
              const [name, variables] = mix[Math.floor(Math.random() * mix.length)]!();
              const { status } = await server.graphql(example(name), variables);
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
              requests++;
              if (warmingUp && Date.now() > warmUpEnd) {
                warmingUp = false;
                heapAfterWarmUp = liveHeap();
              }
            }
          }),
        );
        // Measured while the server and its caches are still alive.
        heapAtEnd = liveHeap();
      } finally {
        await server.close();
        process.off('unhandledRejection', onUnhandled);
      }
      expect(requests).toBeGreaterThan(SECONDS * 5);
      // Every request answered 200: upstream trouble shows in `errors`, never as a server error.
      expect([...statuses.keys()]).toEqual([200]);
      expect(unhandled).toEqual([]);
      // Memory stays put once warm: no growth beyond what caches bounded by size allow.
      if (process.env.SOAK_REPORT)
        console.log(
          `soak: ${requests} requests, live heap ${Math.round(heapAfterWarmUp / 1e6)} MB after warm-up, ${Math.round(heapAtEnd / 1e6)} MB at the end, RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
        );
      expect(heapAtEnd).toBeLessThan(heapAfterWarmUp * 1.25);
    },
    (SECONDS + 60) * 1000,
  );
});
