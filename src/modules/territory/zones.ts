import { geography } from '../../geography/index.js';
import { departmentCode, regionCode } from './arguments.js';
import type { ZoneLevelName, ZoneModel } from './models.js';

const COMMUNE = /^(\d{5}|2[AB]\d{3})$/;
const MUNICIPAL_ARRONDISSEMENT = /^(751\d\d|6938\d|132\d\d)$/;

/**
 * The form of a code at each level. Departments and regions are the embedded geography's own
 * lists; the study zonings' forms are assumed from Insee's files (Données locales documents none),
 * so they are checked only for length and alphabet: enough that no code can change the path of
 * the call, not so strict that a real code could be refused.
 */
const FORMS: Record<ZoneLevelName, (code: string) => string | undefined> = {
  COM: (v) => (COMMUNE.test(v) ? undefined : `"${v}" is not an Insee commune code (5 characters: 44109, 2A004, 97411)`),
  ARM: (v) => (MUNICIPAL_ARRONDISSEMENT.test(v) ? undefined : `"${v}" is not a municipal arrondissement code (75101, 69381, 13201)`),
  ARR: (v) =>
    /^(\d\d|2[AB])\d$|^97\d\d$/.test(v) ? undefined : `"${v}" is not an arrondissement code (3 characters, 4 overseas: 442, 2A1, 9741)`,
  EPCI: (v) => (/^\d{9}$/.test(v) ? undefined : `"${v}" is not an EPCI code (its SIREN, 9 digits)`),
  DEP: (v) => departmentCode(v),
  REG: (v) => regionCode(v),
  FE: (v) => (v === '1' ? undefined : `"${v}" is not the code of France (1)`),
  ZE2020: (v) => (/^[0-9A-Z]{4}$/.test(v) ? undefined : `"${v}" is not an employment-zone code (4 characters, e.g. 5213)`),
  UU2020: (v) => (/^[0-9A-Z]{5}$/.test(v) ? undefined : `"${v}" is not an urban-unit code (5 characters, e.g. 00851)`),
  AAV2020: (v) => (/^[0-9A-Z]{3}$/.test(v) ? undefined : `"${v}" is not an urban-attraction-area code (3 characters, e.g. 001)`),
};

/** What is wrong with a code at a level, if anything. */
export function zoneCodeProblem(level: ZoneLevelName, code: string): string | undefined {
  return FORMS[level](code);
}

export const FRANCE: ZoneModel = { level: 'FE', code: '1', name: 'France' };

/** The zone of a well-formed code; null where the embedded geography does not know it. */
export function findZone(level: ZoneLevelName, code: string): ZoneModel | null {
  const g = geography();
  const named = (found: { code: string; name: string } | undefined): ZoneModel | null =>
    found ? { level, code: found.code, name: found.name } : null;
  switch (level) {
    // Insee files municipal arrondissements under COM too, as `commune(code:)` answers them.
    case 'COM':
      return named(g.currentCommune(code));
    case 'ARM': {
      const commune = g.commune(code);
      return named(commune?.kind === 'arrondissement-municipal' ? commune : undefined);
    }
    case 'ARR':
      return named(g.arrondissement(code));
    case 'EPCI':
      return named(g.epci(code));
    case 'DEP':
      return named(g.department(code));
    case 'REG':
      return named(g.region(code));
    case 'FE':
      return FRANCE;
    default:
      // Study zonings: not in the embedded geography, so any well-formed code is a zone.
      return { level, code, name: null };
  }
}
