import { geography, type Commune } from '../product.js';
import { Random } from '../seed/random.js';
import { COMMON_KINDS, STRUCTURE_KINDS, type StructureKind } from './kinds.js';
import { addDuplicate, buildStructure } from './structures.js';

/** A structure as the v1 API serialises it (base fields + the API's extra fields). */
export interface DiStructure {
  source: string;
  id: string;
  nom: string;
  date_maj: string;
  description: string | null;
  lien_source: string | null;
  siret: string | null;
  telephone: string | null;
  courriel: string | null;
  site_web: string | null;
  horaires_accueil: string | null;
  accessibilite_lieu: string | null;
  reseaux_porteurs: string[] | null;
  adresse: string | null;
  complement_adresse: string | null;
  commune: string | null;
  code_postal: string | null;
  code_insee: string | null;
  longitude: number | null;
  latitude: number | null;
  adresse_certifiee: boolean;
}

export interface DiService {
  source: string;
  structure_id: string;
  id: string;
  nom: string;
  description: string;
  lien_source: string | null;
  date_maj: string;
  type: string | null;
  thematiques: string[] | null;
  frais: string | null;
  frais_precisions: string | null;
  publics: string[] | null;
  publics_precisions: string | null;
  conditions_acces: string | null;
  commune: string | null;
  code_postal: string | null;
  code_insee: string | null;
  adresse: string | null;
  complement_adresse: string | null;
  longitude: number | null;
  latitude: number | null;
  telephone: string | null;
  courriel: string | null;
  modes_accueil: string[] | null;
  zone_eligibilite: string[] | null;
  contact_nom_prenom: string | null;
  lien_mobilisation: string | null;
  modes_mobilisation: string[] | null;
  mobilisable_par: string[] | null;
  mobilisation_precisions: string | null;
  volume_horaire_hebdomadaire: number | null;
  nombre_semaines: number | null;
  horaires_accueil: string | null;
  adresse_certifiee: boolean;
  score_qualite: number;
}

/** What the sandbox knows of a structure beyond its API fields. */
export interface StructureRecord {
  structure: DiStructure;
  kind: StructureKind;
  /** Id of the duplicate cluster (same organisation published by several sources), if any. */
  cluster: string | undefined;
  services: DiService[];
}

export interface DataInclusionWorld {
  structures: StructureRecord[];
  structureById: Map<string, StructureRecord>;
  services: DiService[];
  serviceById: Map<string, DiService>;
  clusters: Map<string, StructureRecord[]>;
}

/** Inhabitants per generated structure: a commune of 12 000 gets about four. */
const INHABITANTS_PER_STRUCTURE = 3000;
const MAX_STRUCTURES_PER_COMMUNE = 40;

/** Communes that host structures: Paris, Lyon and Marseille are split into their arrondissements, as geocoding does. */
function hostCommunes(): Commune[] {
  return geography().communes.filter((c) => {
    if (c.zone === 'com') return false; // data·inclusion covers metropolitan France and the DROM only
    if (c.kind === 'arrondissement-municipal') return true;
    return geography().arrondissementsOf(c.code).length === 0;
  });
}

/** How many structures a commune has: one per 3 000 inhabitants, the remainder drawn, capped. */
function structureCount(commune: Commune, random: Random): number {
  const population = commune.population ?? 0;
  const whole = Math.floor(population / INHABITANTS_PER_STRUCTURE);
  const extra = random.chance((population % INHABITANTS_PER_STRUCTURE) / INHABITANTS_PER_STRUCTURE) ? 1 : 0;
  return Math.min(MAX_STRUCTURES_PER_COMMUNE, whole + extra);
}

/** The public services a commune of this size has, in order, before the drawn ones. */
function baseKinds(commune: Commune): StructureKind[] {
  const population = commune.population ?? 0;
  const kinds: StructureKind[] = [];
  if (population >= 1500) kinds.push(STRUCTURE_KINDS.ccas!);
  kinds.push(STRUCTURE_KINDS.franceServices!);
  if (population >= 10_000) kinds.push(STRUCTURE_KINDS.missionLocale!);
  if (population >= 15_000) kinds.push(STRUCTURE_KINDS.franceTravail!);
  return kinds;
}

/** A kind drawn by the weights of {@link COMMON_KINDS}. */
function drawKind(random: Random): StructureKind {
  const total = COMMON_KINDS.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.next() * total;
  for (const [kind, weight] of COMMON_KINDS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return COMMON_KINDS[0]![0];
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

/**
 * About 23 000 structures in the communes data·inclusion covers, in proportion to their
 * population, with their services and duplicate clusters; sorted by id, as the API lists them.
 */
export function buildDataInclusionWorld(): DataInclusionWorld {
  const structures: StructureRecord[] = [];
  let serial = 0;
  for (const commune of hostCommunes()) {
    const random = new Random(`di:commune:${commune.code}`);
    const count = structureCount(commune, random);
    const kinds = baseKinds(commune);
    for (let i = 0; i < count; i++) {
      const record = buildStructure(kinds[i] ?? drawKind(random), commune, i, serial++);
      structures.push(record);
      if (record.kind.key === 'franceServices' && record.structure.siret && random.chance(0.25))
        structures.push(addDuplicate(record, serial++));
    }
  }
  structures.sort((a, b) => (a.structure.id < b.structure.id ? -1 : a.structure.id > b.structure.id ? 1 : 0));
  const structureById = new Map(structures.map((r) => [r.structure.id, r]));
  const clusters = new Map<string, StructureRecord[]>();
  for (const r of structures) {
    if (!r.cluster) continue;
    const members = clusters.get(r.cluster) ?? [];
    members.push(r);
    clusters.set(r.cluster, members);
  }
  const services = structures.flatMap((r) => r.services).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { structures, structureById, services, serviceById: new Map(services.map((s) => [s.id, s])), clusters };
}

/** `score_qualite` of a listed structure: the mean of its services' scores, 0 without any. */
export function structureScore(record: StructureRecord): number {
  return mean(record.services.map((s) => s.score_qualite));
}
