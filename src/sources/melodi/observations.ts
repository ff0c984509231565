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

/** A vintage prefix: four digits, then the level. */
const VINTAGE = /^\d{4}-/;

/**
 * `GEO` split on its first two dashes only (codes carry none, but their length varies:
 * `2025-DEP-974`, `2025-FRANCE-F`); the vintage prefix is optional. Read by position rather than
 * split and joined again: a cold read parses every row of a department (see rowOf).
 */
export function parseGeo(geo: string): MelodiGeo | null {
  const first = geo.indexOf('-');
  if (first < 0) return null;
  const second = geo.indexOf('-', first + 1);
  if (second >= 0 && VINTAGE.test(geo)) {
    return { year: Number(geo.slice(0, first)), level: geo.slice(first + 1, second), code: geo.slice(second + 1) };
  }
  return { year: null, level: geo.slice(0, first), code: geo.slice(first + 1) };
}

/**
 * One observation read. Written as loops rather than a rest pattern, entries and joins: a
 * commune's figure is read with its whole department (hundreds of rows, thousands for a
 * breakdown by age), every row mapped on a cold read, and these allocations were most of it.
 */
export function rowOf(observation: MelodiObservationRecord): MelodiRow {
  const { GEO } = observation.dimensions;
  const dimensions: Record<string, string> = {};
  for (const name in observation.dimensions) if (name !== 'GEO') dimensions[name] = observation.dimensions[name]!;
  // The official client takes the first measure whatever its name; a dataset has one.
  let measure = 'OBS_VALUE';
  let measured: number | null = null;
  for (const name in observation.measures) {
    measure = name;
    measured = observation.measures[name]!;
    break;
  }
  const { CONF_STATUS, OBS_STATUS } = observation.attributes ?? {};
  const withheld = CONF_STATUS === 'C' || MISSING_STATUS.has(OBS_STATUS ?? '');
  const value = measured === null || !Number.isFinite(measured) || withheld ? null : measured;
  return {
    geo: GEO === undefined ? null : parseGeo(GEO),
    dimensions,
    measure,
    value,
    status: statusOf(CONF_STATUS, OBS_STATUS),
  };
}

/** `CONF_STATUS=F OBS_STATUS=A`, either alone, or null without them. */
function statusOf(conf: string | undefined, obs: string | undefined): string | null {
  if (conf === undefined) return obs === undefined ? null : `OBS_STATUS=${obs}`;
  return obs === undefined ? `CONF_STATUS=${conf}` : `CONF_STATUS=${conf} OBS_STATUS=${obs}`;
}
