import { each, text, type Check } from '../../graphql/argument-checks.js';

const inseeCode = text((v) => (/^[A-Za-z0-9_]{1,40}$/.test(v) ? undefined : `"${v}" is not an Insee dataset or variable code`));
const modality = text((v) =>
  /^(all|[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*)$/i.test(v) ? undefined : `"${v}" is not a modality selection (all, a code, or codes joined by +)`,
);
/** Melodi identifiers: DS_RP_POPULATION_PRINC, SEX, TIME_PERIOD. */
const melodiIdentifier = /^[A-Z][A-Z0-9_]{0,59}$/;
const melodiDataset = text((v) =>
  melodiIdentifier.test(v) ? undefined : `"${v}" is not a Melodi dataset identifier (e.g. DS_RP_POPULATION_PRINC)`,
);
/** Codes as Melodi writes them: `_T`, `Y15T64`, `2023`, `2026-01`, `1T2`. */
const melodiCode = /^[A-Za-z0-9_-]{1,40}$/;

/** Each filter: a dimension other than GEO (the zone is the field's), at least one code, each well formed. */
const melodiFilters: Check = (value) => {
  if (!Array.isArray(value)) return undefined;
  for (const filter of value as { dimension?: unknown; codes?: unknown }[]) {
    const dimension = String(filter?.dimension ?? '');
    if (!melodiIdentifier.test(dimension)) return `"${dimension}" is not a Melodi dimension (e.g. SEX, AGE, TIME_PERIOD)`;
    if (dimension === 'GEO') return 'GEO is not a filter: the zone is the one whose stats are asked';
    const codes = Array.isArray(filter.codes) ? (filter.codes as unknown[]) : [];
    if (codes.length === 0 || codes.length > 50) return `${dimension} needs between 1 and 50 codes`;
    const bad = codes.find((code) => typeof code !== 'string' || !melodiCode.test(code));
    if (bad !== undefined) return `"${String(bad)}" is not a Melodi code (e.g. _T, Y15T64, 2023)`;
  }
  return undefined;
};

export const statsArguments = {
  'TerritoryStats.cube(dataset:)': inseeCode,
  'TerritoryStats.cube(variables:)': each(inseeCode),
  'TerritoryStats.cube(modalities:)': each(modality),
  'TerritoryStats.melodi(dataset:)': melodiDataset,
  'TerritoryStats.melodi(filters:)': melodiFilters,
};
