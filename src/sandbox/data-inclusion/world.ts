import { geography, slugify, type Commune } from '../../geography/index.js';
import { generateDate, generateLaPosteSiret, generateSiret, generateUuid } from '../seed/identifiers.js';
import { communeCentre, pointNear, type Point } from '../seed/places.js';
import { Random } from '../seed/random.js';
import { BRAND_WORDS, COMMON_KINDS, STRUCTURE_KINDS, type StructureKind } from './kinds.js';

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

const STREETS = [
  'rue de la République',
  'avenue Jean Jaurès',
  'place de la Mairie',
  'rue Victor Hugo',
  'boulevard Pasteur',
  'rue du Général de Gaulle',
  'chemin des Écoles',
  'rue de la Gare',
  'allée des Tilleuls',
  'rue Jules Ferry',
];
const OPENING_HOURS = ['Mo-Fr 09:00-12:00,14:00-17:00', 'Mo-Th 08:30-12:30; Fr 08:30-12:00', 'Tu,Th 14:00-18:00', null];

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

function drawKind(random: Random): StructureKind {
  const total = COMMON_KINDS.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.next() * total;
  for (const [kind, weight] of COMMON_KINDS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return COMMON_KINDS[0]![0];
}

function producerId(source: string, random: Random, serial: number): string {
  switch (source) {
    case 'emplois-de-linclusion':
    case 'soliguide':
      return String(1000 + serial);
    case 'france-travail':
      return `agence-${random.digits(5)}`;
    case 'mediation-numerique':
      return generateUuid(random);
    default:
      // Some DORA ids carry characters that must be URL-encoded in a path segment.
      return random.chance(0.05) ? `AidantsConnect:${random.int(2020, 2026)}-${random.hex(5).toUpperCase()}` : random.hex(12);
  }
}

function displayName(commune: Commune): string {
  return commune.kind === 'arrondissement-municipal' ? commune.name.replace(/ Arrondissement$/, '') : commune.name;
}

function buildStructure(kind: StructureKind, commune: Commune, index: number, serial: number): StructureRecord {
  const random = new Random(`di:structure:${commune.code}:${index}`);
  const brand = `${random.pick(BRAND_WORDS)} ${displayName(commune)}`;
  const nom = kind.name.replace('{commune}', displayName(commune)).replace('{brand}', brand).slice(0, 150);
  const id = `${kind.source}--${producerId(kind.source, random, serial)}`;
  const certified = random.chance(0.85);
  const located = random.chance(0.97);
  const point: Point | null = located ? pointNear(communeCentre(commune.code, commune.departmentCode), 2, id) : null;
  const siret = kind.key === 'laPoste' ? generateLaPosteSiret(random) : kind.siaeKind || random.chance(0.7) ? generateSiret(random) : null;
  const slug = slugify(nom);
  // A DNS label: at most 30 characters here, never ending with a hyphen.
  const host = slug.slice(0, 30).replace(/-+$/, '');
  const structure: DiStructure = {
    source: kind.source,
    id,
    nom,
    date_maj: generateDate(random, '2024-01-01', '2026-06-30'),
    description: random.chance(0.8) ? `${nom} accueille et accompagne les habitants de ${displayName(commune)} et des environs.` : null,
    lien_source: `https://${kind.source}.example.org/structures/${slug}`,
    siret,
    telephone: random.chance(0.8) ? `+33${random.int(1, 5)}${random.digits(8)}` : null,
    courriel: random.chance(0.6) ? `contact@${host}.example.org` : null,
    site_web: random.chance(0.4) ? `https://${host}.example.org` : null,
    horaires_accueil: random.pick(OPENING_HOURS),
    accessibilite_lieu: random.chance(0.2) ? `https://acceslibre.beta.gouv.fr/app/${commune.departmentCode}/${slug.slice(0, 40)}/` : null,
    reseaux_porteurs: kind.networks.length > 0 ? [...kind.networks] : null,
    adresse: located ? `${random.int(1, 120)} ${random.pick(STREETS)}` : null,
    complement_adresse: random.chance(0.1) ? 'Bâtiment B' : null,
    commune: displayName(commune),
    code_postal: commune.postalCodes.length > 0 ? random.pick(commune.postalCodes) : null,
    code_insee: commune.code,
    longitude: point?.longitude ?? null,
    latitude: point?.latitude ?? null,
    adresse_certifiee: certified,
  };
  const record: StructureRecord = { structure, kind, cluster: undefined, services: [] };
  const serviceCount = random.int(1, kind.services.length);
  for (const [i, template] of random.sample(kind.services, serviceCount).entries()) {
    record.services.push(buildService(record, template, commune, i));
  }
  return record;
}

/**
 * A commune of another department of the same region, where a structure holds a service (a
 * permanence at a neighbouring prefecture); geocoded to an arrondissement in Paris, Lyon and
 * Marseille. None in single-department regions.
 */
function communeElsewhere(commune: Commune, random: Random): Commune | undefined {
  const g = geography();
  const others = g.departments.filter((d) => d.regionCode === commune.regionCode && d.code !== commune.departmentCode);
  if (others.length === 0) return undefined;
  const chefLieu = g.commune(random.pick(others).chefLieu);
  return chefLieu && (g.arrondissementsOf(chefLieu.code)[0] ?? chefLieu);
}

/**
 * Where a service is given when not at its structure's address: half the remote-only services
 * have no address at all, and a few in-person ones are held in another department. Neither is
 * in its structure's department lists; only the structure's detail carries them all.
 */
function placeService(service: DiService, commune: Commune): DiService {
  const random = new Random(`di:service-place:${service.id}`);
  const modes = service.modes_accueil ?? [];
  if (modes.length === 1 && modes[0] === 'a-distance') {
    if (!random.chance(0.5)) return service;
    return {
      ...service,
      adresse: null,
      complement_adresse: null,
      commune: null,
      code_postal: null,
      code_insee: null,
      longitude: null,
      latitude: null,
      adresse_certifiee: false,
    };
  }
  if (!random.chance(0.06)) return service;
  const elsewhere = communeElsewhere(commune, random);
  if (!elsewhere) return service;
  const point = pointNear(communeCentre(elsewhere.code, elsewhere.departmentCode), 2, service.id);
  return {
    ...service,
    adresse: `${random.int(1, 120)} ${random.pick(STREETS)}`,
    complement_adresse: null,
    commune: displayName(elsewhere),
    code_postal: elsewhere.postalCodes.length > 0 ? random.pick(elsewhere.postalCodes) : null,
    code_insee: elsewhere.code,
    longitude: point.longitude,
    latitude: point.latitude,
  };
}

function buildService(record: StructureRecord, template: StructureKind['services'][number], commune: Commune, index: number): DiService {
  return placeService(serviceAtStructure(record, template, commune, index), commune);
}

function serviceAtStructure(
  record: StructureRecord,
  template: StructureKind['services'][number],
  commune: Commune,
  index: number,
): DiService {
  const s = record.structure;
  const random = new Random(`di:service:${s.id}:${index}`);
  const modes = template.remote ? (random.chance(0.5) ? ['a-distance'] : ['en-presentiel', 'a-distance']) : ['en-presentiel'];
  const epci = commune.epciCode;
  const zone = random.next();
  const zoneEligibilite =
    zone < 0.4
      ? [commune.parentCode ?? commune.code]
      : zone < 0.7
        ? [commune.departmentCode]
        : zone < 0.85 && epci
          ? [epci]
          : zone < 0.9
            ? ['france']
            : null;
  return {
    source: s.source,
    structure_id: s.id,
    id: `${s.source}--${s.id.split('--')[1]}-s${index + 1}`,
    nom: template.name,
    description: `${template.name} proposé par ${s.nom}.`,
    lien_source: s.lien_source ? `${s.lien_source}/services/${index + 1}` : null,
    date_maj: s.date_maj,
    type: template.type,
    thematiques: [...template.themes],
    frais: template.fees,
    frais_precisions: template.fees === 'payant' ? 'Participation selon les ressources.' : null,
    publics: [...template.publics],
    publics_precisions: null,
    conditions_acces: random.chance(0.3) ? 'Sur rendez-vous.' : null,
    commune: s.commune,
    code_postal: s.code_postal,
    code_insee: s.code_insee,
    adresse: s.adresse,
    complement_adresse: s.complement_adresse,
    longitude: s.longitude,
    latitude: s.latitude,
    telephone: s.telephone,
    courriel: s.courriel,
    modes_accueil: modes,
    zone_eligibilite: zoneEligibilite,
    contact_nom_prenom: null,
    lien_mobilisation: random.chance(0.3) ? `${s.lien_source}/orienter` : null,
    modes_mobilisation: random.sample(['envoyer-un-courriel', 'se-presenter', 'telephoner'], random.int(1, 3)),
    mobilisable_par: random.chance(0.5) ? ['professionnels', 'usagers'] : ['professionnels'],
    mobilisation_precisions: null,
    volume_horaire_hebdomadaire: template.type === 'formation' ? random.int(10, 35) : null,
    nombre_semaines: template.type === 'formation' ? random.int(4, 52) : null,
    horaires_accueil: s.horaires_accueil,
    adresse_certifiee: s.adresse_certifiee,
    score_qualite: Math.round((0.3 + 0.7 * random.next()) * 100) / 100,
  };
}

/**
 * Some France services are published twice, by DORA and by médiation numérique, with the same
 * SIRET: the duplicate clusters behind `doublons` and `exclure_doublons`.
 */
function addDuplicate(original: StructureRecord, serial: number): StructureRecord {
  const random = new Random(`di:duplicate:${original.structure.id}`);
  const kind = STRUCTURE_KINDS.mediationNumerique!;
  const id = `${kind.source}--${generateUuid(random)}`;
  const structure: DiStructure = {
    ...original.structure,
    source: kind.source,
    id,
    nom: original.structure.nom.toUpperCase(),
    date_maj: generateDate(random, '2023-01-01', '2026-06-30'),
    lien_source: `https://cartographie.example.org/${id}`,
    reseaux_porteurs: ['france-service', 'conseillers-numeriques'],
    adresse_certifiee: false,
  };
  const record: StructureRecord = { structure, kind, cluster: original.structure.id, services: [] };
  record.services.push({ ...original.services[0]!, source: kind.source, structure_id: id, id: `${id}-s${serial}`, score_qualite: 0.4 });
  original.cluster = original.structure.id;
  return record;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

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
