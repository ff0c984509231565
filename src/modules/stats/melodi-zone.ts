import { geography } from '../../geography/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { MelodiVintage } from '../../sources/melodi/client.js';
import type { MelodiFilters } from '../../sources/melodi/loaders.js';
import type { MelodiRow } from '../../sources/melodi/observations.js';
import type { StatProvenanceModel, StatsZoneModel } from './models.js';

/** What a figure reads: a dataset, its dimension filters, and whether only its latest period. */
export interface FigureSource {
  dataset: string;
  filters: MelodiFilters;
  /** Filter TIME_PERIOD on this period; the dataset's latest (catalogue) when `'latest'`. */
  period: 'latest' | string | null;
}

/** The rows standing for a zone in one dataset: one set per zone summed, and where they come from. */
export interface ZoneRows {
  sets: readonly (readonly MelodiRow[])[];
  codes: readonly string[];
  vintage: MelodiVintage;
  provenance: StatProvenanceModel;
}

/** The zone as Melodi names it: municipal arrondissements are `ARM`, France is `FRANCE-F`. */
export function melodiZoneOf(zone: StatsZoneModel): { level: string; code: string } {
  if (zone.level === 'FE') return { level: 'FRANCE', code: 'F' };
  if (zone.level === 'COM' && geography().commune(zone.code)?.kind === 'arrondissement-municipal') return { level: 'ARM', code: zone.code };
  return { level: zone.level, code: zone.code };
}

/**
 * The rows of one dataset standing for a zone:
 * - its own, where the dataset is published at its level;
 * - for an additive figure of a commune the dataset's geography does not know (created since
 *   its geography year), those of its former communes that it knows, to be summed;
 * - for an additive figure of an EPCI where the dataset has no EPCI level (the legal
 *   populations), those of its member communes, to be summed: `provenance.summedFrom` says so.
 * Null where none stand for it (an unknown or unpublished zone, a dataset the catalogue lacks).
 */
export async function rowsOfZone(
  context: GraphQLContext,
  zone: StatsZoneModel,
  source: FigureSource,
  additive: boolean,
): Promise<ZoneRows | null> {
  const loaders = context.loaders.melodi;
  const vintage = await loaders.vintage.load(source.dataset);
  if (!vintage) return null;
  const period = source.period === 'latest' ? vintage.period : source.period;
  const filters: MelodiFilters = period === null ? source.filters : [...source.filters, ['TIME_PERIOD', [period]]];
  const provenance = (summedFrom: string | null, rows: readonly (readonly MelodiRow[])[]): StatProvenanceModel => ({
    dataset: vintage.dataset,
    period: period ?? periodsOf(rows) ?? vintage.period,
    geographyYear: vintage.geographyYear,
    modified: vintage.modified,
    summedFrom,
  });
  const { level, code } = melodiZoneOf(zone);
  const load = (level: string, code: string) => loaders.zones.load({ dataset: source.dataset, filters, level, code });

  if (vintage.levels.length > 0 && !vintage.levels.includes(level)) {
    if (!(additive && level === 'EPCI')) return null;
    const summed = await epciRows(
      code,
      (member) => load('COM', member),
      (parent, member) => loaders.communesOf.load({ dataset: source.dataset, filters, parent, code: member }),
    );
    return summed && { ...summed, vintage, provenance: provenance(`EPCI-${code}*COM`, summed.sets) };
  }
  const own = await load(level, code);
  if (own) return { sets: [own], codes: [code], vintage, provenance: provenance(null, [own]) };
  if (!additive || level !== 'COM') return null;
  const former = await predecessorRows(code, load);
  return former && { ...former, vintage, provenance: provenance(null, former.sets) };
}

type Load = (level: string, code: string) => Promise<readonly MelodiRow[] | null>;
type Found = { sets: (readonly MelodiRow[])[]; codes: string[] };

/**
 * An EPCI's member communes' rows (each its own, or its predecessors'); null if any member has
 * none, as a sum without it would be short. Members all in one department are read with it (the
 * call its communes' own figures share); members across departments in one `EPCI-…*COM` call.
 */
async function epciRows(
  code: string,
  byDepartment: (member: string) => Promise<readonly MelodiRow[] | null>,
  byParent: (parent: string, member: string) => Promise<readonly MelodiRow[] | null>,
): Promise<Found | null> {
  const members = geography().epci(code)?.memberCodes ?? [];
  const departments = new Set(members.map((m) => geography().commune(m)?.departmentCode));
  const read = departments.size === 1 ? byDepartment : (member: string) => byParent(`EPCI-${code}`, member);
  const load: Load = (_level, member) => read(member);
  const found = await Promise.all(members.map((member) => communeRows(member, load)));
  if (members.length === 0 || found.some((f) => f === null)) return null;
  return { sets: found.flatMap((f) => f!.sets), codes: found.flatMap((f) => f!.codes) };
}

/** A commune's rows, or its predecessors' where the dataset's geography predates it. */
async function communeRows(code: string, load: Load): Promise<Found | null> {
  const own = await load('COM', code);
  return own ? { sets: [own], codes: [code] } : predecessorRows(code, load);
}

/**
 * The rows of a commune's former communes that the dataset knows (one merged before its
 * geography is inside another predecessor, and skipped). Null when it knows none.
 */
async function predecessorRows(code: string, load: Load): Promise<Found | null> {
  const predecessors = [
    ...new Set(
      geography()
        .formerCommunesOf(code)
        .map((f) => f.code),
    ),
  ].filter((c) => c !== code);
  const answers = await Promise.all(predecessors.map((c) => load('COM', c)));
  const found: Found = { sets: [], codes: [] };
  for (const [i, rows] of answers.entries()) {
    if (rows) {
      found.sets.push(rows);
      found.codes.push(predecessors[i]!);
    }
  }
  return found.sets.length > 0 ? found : null;
}

/** The periods some rows describe (a read of every period), sorted and joined. */
function periodsOf(sets: readonly (readonly MelodiRow[])[]): string | null {
  const periods = [...new Set(sets.flat().map((r) => r.dimensions.TIME_PERIOD ?? ''))].filter(Boolean).sort();
  return periods.length > 0 ? periods.join(', ') : null;
}
