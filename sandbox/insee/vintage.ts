import { Random } from '../seed/random.js';
import { geography } from '../product.js';

/*
 * The geography of the sandbox's cubes. Every dataset it serves is expressed in a geography of
 * 2023 or before (GEO2023RP2020 is the newest), while the embedded one is of 2026: communes
 * created by mergers since are unknown to the cubes ("Aucune zone ne correspond à la requête"),
 * and their former communes are zones of their own there.
 *
 * The package gives no merger dates, so the sandbox plays one commune nouvelle as created after
 * 2023: Éternoz-Vallée-du-Lison (25223), whose five delegated communes the package lists. It is a
 * fixture of the simulation, not a statement about when that merger happened.
 */
const CREATED_AFTER_CUBES = new Set(['25223']);

/** Whether a current commune is unknown to the cubes' geography. */
export function createdAfterCubes(code: string): boolean {
  return CREATED_AFTER_CUBES.has(code);
}

/** Populations of the former communes the cubes still know, each commune's split among its predecessors. */
const predecessors = new Map<string, number>();
for (const code of CREATED_AFTER_CUBES) {
  const former = geography()
    .formerCommunesOf(code)
    .filter((f) => f.code !== code);
  const population = geography().commune(code)?.population ?? 0;
  const shares = new Random(`insee:vintage:${code}`).shares(former.map(() => 1));
  let left = population;
  former.forEach((f, i) => {
    const share = i === former.length - 1 ? left : Math.round(population * shares[i]!);
    predecessors.set(f.code, share);
    left -= share;
  });
}

/** The population of a former commune in the cubes' geography; undefined for any other code. */
export function predecessorPopulation(code: string): number | undefined {
  return predecessors.get(code);
}
