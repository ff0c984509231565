import { slugify, type Commune } from '../product.js';
import { generateDate, generateLaPosteSiret, generateSiret, generateUuid } from '../seed/identifiers.js';
import { communeCentre, pointNear, type Point } from '../seed/places.js';
import { Random } from '../seed/random.js';
import { displayName, STREETS } from './addresses.js';
import { BRAND_WORDS, STRUCTURE_KINDS, type StructureKind } from './kinds.js';
import { buildService } from './services.js';
import type { DiStructure, StructureRecord } from './world.js';

/*
 * One generated structure, with its services, and the duplicates some sources publish.
 */

const OPENING_HOURS = ['Mo-Fr 09:00-12:00,14:00-17:00', 'Mo-Th 08:30-12:30; Fr 08:30-12:00', 'Tu,Th 14:00-18:00', null];

/** The id a structure has at its producer, as each source shapes them. */
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

/** The `index`-th structure of a commune, of the given kind; `serial` numbers it across the whole world. */
export function buildStructure(kind: StructureKind, commune: Commune, index: number, serial: number): StructureRecord {
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

export /**
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
