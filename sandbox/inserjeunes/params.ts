import { geography } from '../product.js';
import { lastValue, type Query } from '../http/query.js';
import { invalid } from './errors.js';
import { REGION_CODES } from './reference.js';

// Parameters as the server's validators read them (trajectoires-pro server/src/http/utils/validators.js).

/** `CFD:`/`MEFSTAT11:` prefixes are optional; `SISE:` is mandatory for higher-education codes. */
export function parseCode(raw: string, key: string): string {
  const match = /^(?:CFD:([0-9A-Z]{8})|MEFSTAT11:([0-9A-Z]{11})|SISE:([0-9A-Z]{7})|([0-9A-Z]{8})|([0-9A-Z]{11}))$/.exec(raw);
  if (!match) throw invalid(key, `"${key}" must have the type CFD, MEFSTAT11 or SISE`, 'codes_certification.invalid', raw);
  return match.slice(1).find(Boolean)!;
}

/** A list of codes: one bad code refuses the whole list, whose values the error repeats. */
export function parseCodes(raw: string[], key: string): string[] {
  try {
    return raw.map((code) => parseCode(code, key));
  } catch {
    throw invalid(key, `"${key}" must have the type CFD, MEFSTAT11 or SISE`, 'codes_certification.invalid', raw);
  }
}

export function splitList(raw: string | undefined): string[] {
  return raw === undefined ? [] : raw.split(/[,|]/).filter(Boolean);
}

export function checkMillesime(value: string, key: string): string {
  const match = /^([0-9]{4})(_([0-9]{4}))?$/.exec(value);
  if (!match || (match[3] !== undefined && Number(match[3]) < Number(match[1]))) {
    throw invalid(key, `"${key}" must have format XXXX or XXXX-1_XXXX`, 'millesime.invalid', value);
  }
  return value;
}

/** `2024` and `2023_2024` name the same school year. */
export function otherForm(millesime: string): string {
  const [first, second] = millesime.split('_');
  return second ? second : `${Number(first) - 1}_${first}`;
}

/** A region code, or a postal code turned into its region. */
export function parseRegion(value: string, key: string): string {
  if (/^\d{5}$/.test(value)) {
    const commune = geography().communesOfPostalCode(value)[0];
    if (!commune) throw invalid(key, `"${key}" must be a valid postal code or region code`, 'postal_code.invalid', value);
    return commune.regionCode;
  }
  if (!REGION_CODES.includes(value))
    throw invalid(key, `"${key}" must be one of [${REGION_CODES.join(', ')}]`, 'any.only', value, { valids: REGION_CODES });
  return value;
}

export function pageOf<T>(query: Query, items: T[]): { items: T[]; pagination: Record<string, number> } {
  const page = Math.max(1, Number(lastValue(query, 'page')) || 1);
  const perPage = Number(lastValue(query, 'items_par_page')) || 10;
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    pagination: { page, items_par_page: perPage, nombre_de_page: Math.max(1, Math.ceil(items.length / perPage)), total: items.length },
  };
}
