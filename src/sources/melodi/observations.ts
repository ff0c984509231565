import type { MelodiObservationRecord } from './schemas.js';

/** A zone as Melodi writes it in `GEO`: `2025-COM-44109` is commune 44109 of the 2025 geography. */
export interface MelodiGeo {
  /** The geography's year; null where Melodi writes no vintage (`COM-44109`). */
  year: number | null;
  level: string;
  code: string;
}

/** One observation, read: every dimension but GEO, its one measure, its value or null. */
export interface MelodiRow {
  geo: MelodiGeo | null;
  /** Every dimension but GEO, as Melodi codes them (TIME_PERIOD included). */
  dimensions: Readonly<Record<string, string>>;
  measure: string;
  /** Null where the value is absent, or marked missing or confidential: never 0 in its place. */
  value: number | null;
  /** `CONF_STATUS` and `OBS_STATUS` where given, e.g. `OBS_STATUS=A`. */
  status: string | null;
}

/**
 * Statuses that say a value is not published: `O` missing (catalogue scope notes, OBS_STATUS code
 * list), `K` not diffused (packaged CSVs), `L` (DS_TICM_PRATIQUES, no value), `M` missing (SDMX);
 * `C` confidential (CONF_STATUS). A number beside them is not trusted.
 */
const MISSING_STATUS = new Set(['O', 'K', 'L', 'M']);

/**
 * `GEO` split on its first two dashes only (codes carry none, but their length varies:
 * `2025-DEP-974`, `2025-FRANCE-F`); the vintage prefix is optional.
 */
export function parseGeo(geo: string): MelodiGeo | null {
  const parts = geo.split('-');
  if (/^\d{4}$/.test(parts[0] ?? '') && parts.length >= 3) {
    return { year: Number(parts[0]), level: parts[1]!, code: parts.slice(2).join('-') };
  }
  if (parts.length >= 2) return { year: null, level: parts[0]!, code: parts.slice(1).join('-') };
  return null;
}

export function rowOf(observation: MelodiObservationRecord): MelodiRow {
  const { GEO, ...dimensions } = observation.dimensions;
  // The official client takes the first measure whatever its name; a dataset has one.
  const [measure, measured] = Object.entries(observation.measures ?? {})[0] ?? ['OBS_VALUE', null];
  const attributes = observation.attributes ?? {};
  const statuses = ['CONF_STATUS', 'OBS_STATUS'].filter((name) => attributes[name] !== undefined);
  const withheld = attributes.CONF_STATUS === 'C' || MISSING_STATUS.has(attributes.OBS_STATUS ?? '');
  const value = measured === null || !Number.isFinite(measured) || withheld ? null : measured;
  return {
    geo: GEO === undefined ? null : parseGeo(GEO),
    dimensions,
    measure,
    value,
    status: statuses.length === 0 ? null : statuses.map((name) => `${name}=${attributes[name]}`).join(' '),
  };
}
