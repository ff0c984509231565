import type { HttpError } from './errors.js';
import { sumStats } from './render.js';
import type { InserJeunesWorld, StatRow } from './world.js';

/** The filière view: codes mapped to their diplomas, the rows of each track added up. */
export function filieresView(
  world: InserJeunesWorld,
  rows: StatRow[],
  codes: string[],
  millesime: string,
  none: () => HttpError,
  region?: { code: string; nom: string },
): Record<string, unknown> {
  const cfds = new Set(codes.map((c) => world.identities.get(c)?.code_formation_diplome).filter(Boolean));
  const selected = rows.filter(
    (r) => r.millesime === millesime && cfds.has(r.code_formation_diplome) && (r.filiere === 'pro' || r.filiere === 'apprentissage'),
  );
  if (selected.length === 0) throw none();
  const out: Record<string, unknown> = {};
  for (const filiere of ['pro', 'apprentissage'] as const) {
    const group = selected.filter((r) => r.filiere === filiere);
    if (group.length === 0) continue;
    const diplomas = [...new Set(group.map((r) => r.code_formation_diplome!))];
    out[filiere] = {
      millesime,
      filiere,
      codes_certifications: group.map((r) => r.code_certification),
      codes_formation_diplome: diplomas,
      ...(diplomas.length === 1 ? { code_formation_diplome: diplomas[0], libelle: group[0]!.libelle, formation_fermee: false } : {}),
      ...(new Set(group.map((r) => r.diplome.code)).size === 1 ? { diplome: group[0]!.diplome } : {}),
      ...(region ? { region } : {}),
      ...sumStats(group),
    };
  }
  return out;
}
