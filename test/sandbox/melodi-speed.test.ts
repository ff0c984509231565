import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerMelodi } from '../../sandbox/melodi/app.js';
import { forgetComputedFigures } from '../../sandbox/melodi/cube.js';
import { DATASETS } from '../../sandbox/melodi/datasets.js';

/*
 * The Melodi simulator computes a cold dataset's figures in slices that give the event loop back
 * (it shares the server's process), and computing them that way keeps its sum rules: France is
 * the sum of its regions, a region the sum of its departments, for every additive figure. In
 * process (Fastify's inject): these are the simulator's own rules, not its HTTP behaviour
 * (test/sandbox/melodi.test.ts).
 */

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  registerMelodi(app, { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 });
  await app.ready();
});
afterAll(() => app.close());

interface Observation {
  dimensions: Record<string, string>;
  measures: Record<string, { value?: number }>;
}

async function observations(id: string, geo: string): Promise<Observation[]> {
  const response = await app.inject({ url: `/melodi/data/${id}?GEO=${encodeURIComponent(geo)}&maxResult=100000` });
  expect(response.statusCode).toBe(200);
  const body = JSON.parse(response.body) as { observations: Observation[]; paging: { next?: string } };
  expect(body.paging.next).toBeUndefined();
  return body.observations;
}

describe('Melodi simulator: cold reads', () => {
  it('gives the event loop back while a cold dataset computes France', async () => {
    let turnsBeforeAnswer = 0;
    let answered = false;
    const turn = () => {
      if (answered) return;
      turnsBeforeAnswer++;
      setImmediate(turn);
    };
    // Other test files of this worker may have computed it already.
    forgetComputedFigures();
    setImmediate(turn);
    const list = await observations('DS_RP_POPULATION_PRINC', 'FRANCE-F');
    answered = true;
    expect(list.length).toBeGreaterThan(0);
    // Held from start to answer, the loop would run no callback queued behind the read.
    expect(turnsBeforeAnswer).toBeGreaterThan(0);
  });

  // Additive datasets (Filosofi's medians and rates are not sums; its households are).
  const additive = DATASETS.filter((d) => d.levels.includes('REG') && !d.aggregate);

  it.each(additive.map((d) => [d.id, d] as const))(
    '%s: France is the sum of its regions, a region of its departments',
    async (id, dataset) => {
      const steps = (o: Observation) => Math.round(o.measures[dataset.measure]!.value! * dataset.scale);
      const comboOf = (o: Observation) =>
        Object.entries(o.dimensions)
          .filter(([name]) => name !== 'GEO')
          .map(([, code]) => code)
          .join('|');
      /** Sums of the observations' figures, by combo. */
      const sums = (list: Observation[]) => {
        const out = new Map<string, number>();
        for (const o of list) out.set(comboOf(o), (out.get(comboOf(o)) ?? 0) + steps(o));
        return out;
      };
      const france = await observations(id, 'FRANCE-F');
      const regions = await observations(id, 'REG');
      expect(sums(france)).toEqual(sums(regions));
      const regionCodes = [...new Set(regions.map((o) => o.dimensions.GEO!.split('-').pop()!))];
      expect(regionCodes.length).toBeGreaterThan(10);
      for (const code of regionCodes) {
        const region = regions.filter((o) => o.dimensions.GEO!.endsWith(`-REG-${code}`));
        const departments = await observations(id, `REG-${code}*DEP`);
        expect(departments.length).toBeGreaterThan(0);
        expect(sums(departments), `REG-${code}`).toEqual(sums(region));
      }
    },
  );
});
