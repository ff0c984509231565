import { buildDataInclusionWorld, type DataInclusionWorld } from './data-inclusion/world.js';
import { buildDatagouvWorld, type DatagouvWorld } from './datagouv/world.js';
import { buildInserJeunesWorld, type InserJeunesWorld } from './inserjeunes/world.js';
import { buildMarcheWorld, type MarcheWorld } from './lemarche/world.js';

/** Everything the five simulators serve, generated once per process from the same seed. */
export interface SandboxWorld {
  dataInclusion: DataInclusionWorld;
  marche: MarcheWorld;
  inserJeunes: InserJeunesWorld;
  datagouv: DatagouvWorld;
}

let shared: SandboxWorld | undefined;

/** The process-wide generated data; read-only, so every sandbox in the process shares it. */
export function sandboxWorld(): SandboxWorld {
  if (!shared) {
    const dataInclusion = buildDataInclusionWorld();
    shared = {
      dataInclusion,
      marche: buildMarcheWorld(dataInclusion),
      inserJeunes: buildInserJeunesWorld(),
      datagouv: buildDatagouvWorld(),
    };
  }
  return shared;
}
