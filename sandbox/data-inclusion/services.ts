import { geography, type Commune } from '../product.js';
import { communeCentre, pointNear } from '../seed/places.js';
import { Random } from '../seed/random.js';
import { displayName, STREETS } from './addresses.js';
import type { StructureKind } from './kinds.js';
import type { DiService, StructureRecord } from './world.js';

/*
 * The services of a generated structure: given at its address, or remote, or held elsewhere.
 */

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

/** The `index`-th service of a structure, from its kind's template. */
export function buildService(
  record: StructureRecord,
  template: StructureKind['services'][number],
  commune: Commune,
  index: number,
): DiService {
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
