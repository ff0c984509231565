import { geography } from '../../geography/index.js';
import { text } from '../../graphql/argument-checks.js';

const DEPARTMENTS = new Set(geography().departments.map((d) => d.code));
const REGIONS = new Set(geography().regions.map((r) => r.code));

/** Codes of the official geography, which other domains' arguments take too. */
export const communeCode = text((v) =>
  /^(\d{5}|2[AB]\d{3})$/.test(v) && !v.startsWith('20')
    ? undefined
    : `"${v}" is not an Insee commune code (5 characters: 44109, 2A004, 97411)`,
);
export const departmentCode = text((v) =>
  DEPARTMENTS.has(v) ? undefined : `"${v}" is not a department code (01 to 95, 2A, 2B, 971 to 976, 975 to 989)`,
);
export const regionCode = text((v) =>
  REGIONS.has(v) ? undefined : `"${v}" is not an Insee region code (11, 24, 27, 28, 32, 44, 52, 53, 75, 76, 84, 93, 94, 01 to 06)`,
);
const postalCode = text((v) => (/^\d{5}$/.test(v) ? undefined : `"${v}" is not a postal code (5 digits)`));
export const epciCode = text((v) => (/^\d{9}$/.test(v) ? undefined : `"${v}" is not an EPCI code (its SIREN, 9 digits)`));
const arrondissementCode = text((v) =>
  /^(\d\d|2[AB])\d$|^97\d\d$/.test(v) ? undefined : `"${v}" is not an arrondissement code (3 characters, 4 overseas: 442, 2A1, 9741)`,
);
/** Any level's code has this form; the resolver then checks it against its level (zones.ts). */
const anyZoneCode = text((v) => (/^[0-9A-Z]{1,9}$/.test(v) ? undefined : `"${v}" is not a zone code (1 to 9 capital letters or digits)`));

export const territoryArguments = {
  'Query.commune(code:)': communeCode,
  'Query.communes(postalCode:)': postalCode,
  'Query.communes(department:)': departmentCode,
  'Query.department(code:)': departmentCode,
  'Query.region(code:)': regionCode,
  'Query.arrondissement(code:)': arrondissementCode,
  'Query.zone(code:)': anyZoneCode,
  'Query.departments(region:)': regionCode,
  'Query.epci(code:)': epciCode,
  'Query.epcis(department:)': departmentCode,
};

export const territoryEntities = {
  Commune: { key: 'code', check: communeCode },
  Department: { key: 'code', check: departmentCode },
  Region: { key: 'code', check: regionCode },
  Epci: { key: 'code', check: epciCode },
  Arrondissement: { key: 'code', check: arrondissementCode },
};
