import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formerCommunesOf } from './former.js';
import type { RawArrondissement, RawCommune, RawDepartment, RawEpci, RawRegion } from './raw.js';
import type { Arrondissement, Commune, Department, Epci, FormerCommune, Region } from './types.js';

export interface RawGeography {
  communes: Commune[];
  departments: Department[];
  regions: Region[];
  epcis: Epci[];
  arrondissements: Arrondissement[];
  formerCommunes: FormerCommune[];
}

const require = createRequire(import.meta.url);

/** One shared empty list for the communes without postal codes or former codes, rather than one array each. */
const NONE: readonly string[] = Object.freeze([]);

// The package's index.js reads its files relative to the working directory, so the JSON
// files are resolved here through the module system instead.
function readPackageFile<T>(name: string): T {
  const path = require.resolve(`@etalab/decoupage-administratif/data/${name}`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/**
 * Reads the official geography: current communes and municipal arrondissements, departments,
 * regions, EPCI, arrondissements, and the former communes merged into current ones.
 */
export function loadRawGeography(): RawGeography {
  const epcis: Epci[] = readPackageFile<RawEpci[]>('epci.json').map((e) => ({
    code: e.code,
    name: e.nom,
    type: e.type,
    memberCodes: e.membres.map((m) => m.code),
    population: e.populationMunicipale,
  }));
  const epciOfCommune = new Map<string, string>();
  for (const epci of epcis) for (const member of epci.memberCodes) epciOfCommune.set(member, epci.code);

  const rawCommunes = readPackageFile<RawCommune[]>('communes.json');
  const communes: Commune[] = [];
  for (const c of rawCommunes) {
    // Delegated and associated communes share codes with current ones and are not zones of their own.
    if (c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue;
    const kind = c.type === 'commune-actuelle' ? 'commune' : 'arrondissement-municipal';
    communes.push({
      code: c.code,
      name: c.nom,
      kind,
      departmentCode: c.departement,
      regionCode: c.region,
      zone: c.zone,
      population: c.population,
      postalCodes: c.codesPostaux?.length ? c.codesPostaux : NONE,
      epciCode: epciOfCommune.get(kind === 'commune' ? c.code : (c.commune ?? '')),
      parentCode: c.commune,
      formerCodes: c.anciensCodes?.length ? c.anciensCodes : NONE,
      // Empty in Mayotte, which has no arrondissement.
      arrondissementCode: c.arrondissement || undefined,
    });
  }

  const departments = readPackageFile<RawDepartment[]>('departements.json').map((d) => ({
    code: d.code,
    name: d.nom,
    regionCode: d.region,
    zone: d.zone,
    chefLieu: d.chefLieu,
  }));
  const regions = readPackageFile<RawRegion[]>('regions.json').map((r) => ({
    code: r.code,
    name: r.nom,
    zone: r.zone,
    chefLieu: r.chefLieu,
  }));
  const arrondissements = readPackageFile<RawArrondissement[]>('arrondissements.json').map((a) => ({
    code: a.code,
    name: a.nom,
    departmentCode: a.departement,
    regionCode: a.region,
    chefLieu: a.chefLieu,
  }));
  return { communes, departments, regions, epcis, arrondissements, formerCommunes: formerCommunesOf(rawCommunes) };
}
