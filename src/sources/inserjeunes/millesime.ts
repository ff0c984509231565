import { UpstreamError } from '../../policies/errors.js';

/*
 * A millésime names a school year. The national figures use the year it ends (`2024`), the
 * regional ones the period (`2023_2024`), and the establishment routes accept both, trying the
 * other form themselves (trajectoires-pro `server/src/common/stats.js`,
 * `getMillesimeFormationsFrom` / `getMillesimeFormationsYearFrom`). The rule here is theirs:
 * year Y ↔ period `${Y-1}_${Y}`. A period must span two consecutive years: anything else names
 * no school year and matches nothing upstream, so it is refused before any call.
 */

export interface SchoolYear {
  /** The year the school year ends in. */
  end: number;
}

/** The school year a caller's millésime names; BAD_USER_INPUT when it names none. */
export function parseMillesime(value: string): SchoolYear {
  const match = /^(\d{4})(?:_(\d{4}))?$/.exec(value);
  if (match && (match[2] === undefined || Number(match[2]) === Number(match[1]) + 1)) return { end: Number(match[2] ?? match[1]) };
  throw new UpstreamError(
    'BAD_USER_INPUT',
    'inserjeunes',
    `"${value}" is not a millésime: a year (2024) or two consecutive years (2023_2024)`,
    { fields: { millesime: ['a year (2024) or two consecutive years (2023_2024)'] } },
  );
}

/** The form the national routes take: `2024`. */
export function asYear(value: string): string {
  return String(parseMillesime(value).end);
}

/** The form the regional routes take: `2023_2024`. */
export function asPeriod(value: string): string {
  const { end } = parseMillesime(value);
  return `${end - 1}_${end}`;
}

/** The caller's own form, checked: for routes that accept both. */
export function asGiven(value: string): string {
  parseMillesime(value);
  return value;
}

/**
 * The most recent of the millésimes a 404 lists (upstream sorts them most recent first, but
 * this does not rely on it); undefined when none is readable.
 */
export function newestMillesime(available: string[]): string | undefined {
  let newest: { value: string; end: number } | undefined;
  for (const value of available) {
    const end = Number(/(\d{4})$/.exec(value)?.[1]);
    if (Number.isFinite(end) && (newest === undefined || end > newest.end)) newest = { value, end };
  }
  return newest?.value;
}
