import type { MelodiRow } from '../../sources/melodi/observations.js';
import type { FigureSource } from './melodi-zone.js';

/*
 * Reading Melodi's observations as Insee means them: a figure is the observation whose
 * dimensions are the ones it names, every other breakdown at its total `_T` (Melodi serves
 * details and totals side by side: summing rows would count twice).
 */

/** Dimensions that describe a row rather than break it down: never required at `_T`. */
const DESCRIPTIVE = new Set(['TIME_PERIOD', 'FREQ', 'UNIT_MEASURE', 'UNIT_MULT', 'OBS_STATUS', 'CONF_STATUS', 'DECIMALS']);

/**
 * The value of the one row with these codes (dimensions the read filtered to one code need not
 * be named); null where there is none, or its value is missing or confidential.
 */
export function valueOf(rows: readonly MelodiRow[], source: FigureSource, wanted: Readonly<Record<string, string>>): number | null {
  const filtered = new Set(source.filters.filter(([, codes]) => codes.length === 1).map(([dimension]) => dimension));
  const row = rows.find((r) =>
    Object.entries(r.dimensions).every(([dimension, code]) =>
      dimension in wanted ? wanted[dimension] === code : DESCRIPTIVE.has(dimension) || filtered.has(dimension) || code === '_T',
    ),
  );
  return row && Object.entries(wanted).every(([dimension]) => dimension in row.dimensions) ? row.value : null;
}

/** An additive figure over every zone summed; null if any of them lacks it (a sum without it would be short). */
export function sumOf(
  sets: readonly (readonly MelodiRow[])[],
  source: FigureSource,
  wanted: Readonly<Record<string, string>>,
): number | null {
  let sum = 0;
  for (const rows of sets) {
    const value = valueOf(rows, source, wanted);
    if (value === null) return null;
    sum += value;
  }
  return sum;
}

/** `a ÷ b` in percent, one decimal; null without both, or over nothing. */
export function percent(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : Math.round((1000 * a) / b) / 10;
}

export interface AgeBandModel {
  code: string;
  fromAge: number;
  toAge: number | null;
}

/** An age code's bounds as Melodi writes them: `Y_LT15` (0-14), `Y15T24`, `Y_GE80` (80 and over). */
export function ageBounds(code: string): AgeBandModel | null {
  let match = /^Y_LT(\d+)$/.exec(code);
  if (match) return { code, fromAge: 0, toAge: Number(match[1]) - 1 };
  match = /^Y(\d+)T(\d+)$/.exec(code);
  if (match) return { code, fromAge: Number(match[1]), toAge: Number(match[2]) };
  match = /^Y_GE(\d+)$/.exec(code);
  if (match) return { code, fromAge: Number(match[1]), toAge: null };
  return null;
}

/**
 * The finest bands that tile every age from 0 without overlap, from the codes the dataset
 * serves (it mixes bands of several cuts: Y_LT15 and Y_LT20, Y20T64 and Y25T39…): from each age,
 * the narrowest band starting there. Stops at the open band, or where no band continues.
 */
export function ageBandsOf(codes: Iterable<string>): AgeBandModel[] {
  const bands = [...new Set(codes)].map(ageBounds).filter((b): b is AgeBandModel => b !== null);
  const tiling: AgeBandModel[] = [];
  for (let from: number | null = 0; from !== null;) {
    const start: number = from;
    const next = bands.filter((b) => b.fromAge === start).sort((a, b) => (a.toAge ?? Infinity) - (b.toAge ?? Infinity))[0];
    if (!next) break;
    tiling.push(next);
    from = next.toAge === null ? null : next.toAge + 1;
  }
  return tiling;
}
