import { foldName, geography, slugify, type Commune } from '../product.js';
import type { DataInclusionWorld } from '../data-inclusion/world.js';
import { generateDate, generateSiret } from '../seed/identifiers.js';
import { BRAND_WORDS } from '../data-inclusion/kinds.js';
import { Random } from '../seed/random.js';
import { NETWORKS, OVERSEAS_COLLECTIVITIES, PRESTA_TYPES, REGION_NAMES, SECTORS, SIAE_KINDS } from './reference.js';

/** An SIAE as the Marché's detail serializer renders it. Empty text is "", never null. */
export interface Siae {
  id: number;
  name: string;
  brand: string;
  slug: string;
  siret: string;
  nature: 'HEAD_OFFICE' | 'ANTENNA' | '';
  kind: string;
  kind_parent: string;
  contact_website: string;
  contact_social_website: string;
  logo_url: string;
  address: string;
  city: string;
  post_code: string;
  department: string;
  region: string;
  is_qpv: boolean;
  is_active: boolean;
  sectors: { name: string; slug: string }[];
  presta_types: string[];
  networks: { name: string; slug: string }[];
  offers: { name: string; description: string }[];
  client_references: { name: string; description: string; logo_url: string }[];
  labels_old: { name: string }[];
  created_at: string;
  updated_at: string | null;
}

export interface MarcheWorld {
  /** Every SIAE, ordered by name (the model's default ordering), including kinds the API hides. */
  siaes: Siae[];
  byId: Map<number, Siae>;
}

/**
 * The city as a structure typed it: the Marché's addresses are free text, so the official name
 * comes back upper-cased, without accents, with "St" for "Saint", or empty.
 */
function typedCity(commune: Commune, random: Random): string {
  const name = commune.kind === 'arrondissement-municipal' ? commune.name.replace(/ \d+(er|e) Arrondissement$/, '') : commune.name;
  const roll = random.next();
  if (roll < 0.45) return name;
  if (roll < 0.7) return foldName(name).toUpperCase().replace(/ /g, '-');
  if (roll < 0.8) return name.replace(/^Saint-/, 'St-').replace(/^Sainte-/, 'Ste-');
  if (roll < 0.92) return foldName(name).replace(/\b\w/g, (c) => c.toUpperCase());
  return '';
}

/** Paris offset in ISO 8601, as Django renders aware datetimes in Europe/Paris. */
function parisTimestamp(date: string, random: Random): string {
  const month = Number(date.slice(5, 7));
  const offset = month >= 4 && month <= 10 ? '+02:00' : '+01:00';
  return `${date}T${String(random.int(7, 19)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}.${random.digits(6)}${offset}`;
}

function buildSiae(id: number, kindId: string, commune: Commune, siret: string, brandName: string, random: Random, sibling?: Siae): Siae {
  const kind = SIAE_KINDS.find((k) => k.id === kindId);
  const region = commune.zone === 'com' ? OVERSEAS_COLLECTIVITIES : (REGION_NAMES[commune.regionCode] ?? '');
  const drawnName = random.chance(0.6) ? `ASSOCIATION ${foldName(brandName).toUpperCase()}` : brandName;
  const legalName = sibling?.name ?? drawnName;
  const sectors = random.sample(SECTORS, random.int(1, 4)).map((s) => ({ name: s.name, slug: s.slug }));
  const created = generateDate(random, '2019-01-01', '2025-12-31');
  const active = random.chance(0.9);
  const host = slugify(brandName).slice(0, 30).replace(/-+$/, '');
  return {
    id,
    name: legalName,
    brand: sibling ? sibling.brand : legalName === brandName ? '' : brandName,
    // Slugs are unique: a namesake's carries its id.
    slug: `${slugify(legalName)}-${commune.departmentCode.toLowerCase()}${sibling ? `-${id}` : ''}`,
    siret,
    nature: random.chance(0.9) ? 'HEAD_OFFICE' : random.chance(0.8) ? 'ANTENNA' : '',
    kind: kindId,
    kind_parent: kind?.parent ?? '',
    contact_website: random.chance(0.5) ? `https://${host}.example.org` : '',
    contact_social_website: random.chance(0.2) ? `https://social.example.org/${host}` : '',
    logo_url: random.chance(0.3) ? `https://lemarche.example.org/logos/${id}.png` : '',
    address: `${random.int(1, 200)} ${random.pick(["rue de l'Industrie", 'avenue de la Libération', 'zone artisanale des Noës', 'rue des Artisans', 'impasse du Moulin'])}`,
    city: typedCity(commune, random),
    post_code: commune.postalCodes.length > 0 && random.chance(0.96) ? random.pick(commune.postalCodes) : '',
    department: random.chance(0.98) ? commune.departmentCode : '',
    region,
    is_qpv: random.chance(0.15),
    is_active: active,
    sectors,
    presta_types: random.sample(
      PRESTA_TYPES.map((p) => p.id),
      random.int(1, 2),
    ),
    networks: random.chance(0.4) ? [random.pick(NETWORKS)].map((n) => ({ name: n.name, slug: n.slug })) : [],
    offers: sectors
      .slice(0, 2)
      .map((s) => ({ name: s.name, description: `${s.name} pour les entreprises et collectivités du territoire.` })),
    client_references: random.chance(0.3) ? [{ name: `Ville de ${commune.name}`, description: '', logo_url: '' }] : [],
    labels_old: random.chance(0.2)
      ? [{ name: random.pick(['Qualiopi', 'Lucie 26000', 'Ecocert', "Entreprise solidaire d'utilité sociale"]) }]
      : [],
    created_at: parisTimestamp(created, random),
    // Since 2026-03 this is the last sync with les emplois de l'inclusion, null when never synced.
    updated_at: random.chance(0.8) ? parisTimestamp(generateDate(random, '2026-03-16', '2026-08-15'), random) : null,
  };
}

export function buildMarcheWorld(inclusion: DataInclusionWorld): MarcheWorld {
  const g = geography();
  const siaes: Siae[] = [];
  let nextId = 1;
  // SIAE already published by data·inclusion share their SIRET with it.
  for (const record of inclusion.structures) {
    const s = record.structure;
    const kind = record.kind.siaeKind;
    if (!kind || !s.siret || !s.code_insee) continue;
    const random = new Random(`marche:${s.id}`);
    if (!random.chance(0.85)) continue;
    const commune = g.commune(s.code_insee)!;
    const brand = s.nom
      .replace(/^(Atelier chantier d’insertion|Association intermédiaire|Entreprise adaptée|ESAT|GEIQ) /, '')
      .replace(/ (Insertion|Intérim d’insertion)$/, '');
    siaes.push(buildSiae(nextId++, kind, commune, s.siret, brand, random));
    // A few SIRETs carry two structures (a convention and its antenna).
    if (random.chance(0.04)) siaes.push({ ...buildSiae(nextId++, 'AI', commune, s.siret, `${brand} Services`, random), nature: 'ANTENNA' });
  }
  // SIAE known to the Marché only. Some share the name of the previous one of their department:
  // an association running worksites in several communes, each with its own SIRET (the
  // Marché's sort by name then has ties).
  const previousOf = new Map<string, Siae>();
  for (const commune of g.communes) {
    const population = commune.population ?? 0;
    if (commune.kind !== 'commune' || population < 3000) continue;
    const random = new Random(`marche:only:${commune.code}`);
    if (!random.chance(Math.min(0.9, population / 60_000))) continue;
    const drawnKind = random.pick(['EI', 'ACI', 'ETTI', 'AI', 'EA', 'ESAT', 'EITI', 'EATT', 'GEIQ', 'SEP', 'OPCS']);
    const siret = generateSiret(random);
    const brand = `${random.pick(BRAND_WORDS)} ${commune.name}`;
    const previous = previousOf.get(commune.departmentCode);
    const sibling = previous && new Random(`marche:namesake:${commune.code}`).chance(0.25) ? previous : undefined;
    const siae = buildSiae(nextId++, sibling?.kind ?? drawnKind, commune, siret, brand, random, sibling);
    siaes.push(siae);
    previousOf.set(commune.departmentCode, siae);
  }
  siaes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  return { siaes, byId: new Map(siaes.map((s) => [s.id, s])) };
}
