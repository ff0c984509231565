import DataLoader from 'dataloader';
import { memoByIdentity } from '../../caching/identity-memo.js';
import { geography } from '../../geography/index.js';
import { derivedLoader, resourceLoader, type LoaderOptions } from '../loader.js';
import { vintageOf, type MelodiClient, type MelodiDataQuery, type MelodiTable } from './client.js';
import type { MelodiRow } from './observations.js';

/** Dimension filters of one read (TIME_PERIOD included when a figure reads one period). */
export type MelodiFilters = MelodiDataQuery['filters'];

/** One zone's rows of a dataset: the zone by its Melodi level (`COM`, `ARM`, `DEP`, `FRANCE`…) and code. */
export interface MelodiZoneKey {
  dataset: string;
  filters: MelodiFilters;
  level: string;
  code: string;
}

/**
 * Overseas collectivities (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin,
 * Wallis-et-Futuna, Polynesia, New Caledonia…) are outside Insee's local statistics: never asked.
 */
const OUTSIDE_COVERAGE = /^(97[5789]|98)/;

/** A table's rows by zone code, worked out once per table (tables are shared by the zones read from them). */
const rowsByCode = memoByIdentity((table: MelodiTable) => {
  const index = new Map<string, MelodiRow[]>();
  for (const row of table.rows) {
    if (!row.geo) continue;
    const key = `${row.geo.level}-${row.geo.code}`;
    const list = index.get(key);
    if (list) list.push(row);
    else index.set(key, [row]);
  }
  return index;
});

function rowsOf(table: MelodiTable, level: string, code: string): readonly MelodiRow[] | null {
  const rows = rowsByCode(table).get(`${level}-${code}`);
  return rows && rows.length > 0 ? rows : null;
}

/**
 * The selector that brings a commune with its department's other communes: one `/data` call
 * then serves every commune of the department a request asks about, and the answer, cached,
 * serves the next requests. A code the geography does not place reads alone.
 */
function communeSelector(code: string): string {
  const department = geography().currentCommune(code)?.departmentCode;
  return department ? `DEP-${department}*COM` : `COM-${code}`;
}

export function createMelodiLoaders(client: MelodiClient, options: LoaderOptions) {
  // One catalogue read per request at most, whatever the number of datasets asked about.
  const catalog = resourceLoader((_: 'all') => client.catalog(), options);
  const vintage = derivedLoader(async (dataset: string) => {
    const entry = (await catalog.load('all')).find((e) => e.identifier === dataset);
    return entry ? vintageOf(entry) : null;
  }, options);
  // One call per distinct query per request, whatever the number of zones read from it.
  const tables = resourceLoader((query: MelodiDataQuery) => client.data(query), options);

  /** Communes, batched: the keys of one tick that share a dataset, filters and department are one call. */
  const communes = new DataLoader<Omit<MelodiZoneKey, 'level'>, readonly MelodiRow[] | null, string>(
    async (keys) => {
      // The benchmarks' naive baseline batches nothing: each commune alone.
      const selector = options.naive ? (code: string) => `COM-${code}` : communeSelector;
      const queries = keys.map((key) => ({ dataset: key.dataset, filters: key.filters, geo: [selector(key.code)] }));
      return Promise.all(
        keys.map(async (key, i) => {
          if (OUTSIDE_COVERAGE.test(key.code)) return null;
          try {
            return rowsOf(await tables.load(queries[i]!), 'COM', key.code);
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      );
    },
    { cacheKeyFn: (key) => JSON.stringify([key.dataset, key.filters, key.code]), batch: !options.naive, cache: !options.naive },
  );

  /** Any other zone, alone: `DEP-44`, `ARM-75101`, `FRANCE-F`, `ZE2020-5213`… */
  const zones = derivedLoader(async (key: MelodiZoneKey) => {
    if (key.level === 'COM') return communes.load(key);
    if ((key.level === 'DEP' || key.level === 'REG') && OUTSIDE_COVERAGE.test(key.code)) return null;
    const table = await tables.load({ dataset: key.dataset, filters: key.filters, geo: [`${key.level}-${key.code}`] });
    return rowsOf(table, key.level, key.code);
  }, options);

  /**
   * A commune's rows read with every commune of a parent zone (`EPCI-244400404*COM`): for a zone
   * whose communes span several departments, one call rather than one per department.
   */
  const communesOf = derivedLoader(async (key: Omit<MelodiZoneKey, 'level'> & { parent: string }) => {
    const table = await tables.load({ dataset: key.dataset, filters: key.filters, geo: [`${key.parent}*COM`] });
    return rowsOf(table, 'COM', key.code);
  }, options);

  return { catalog, vintage, zones, communesOf };
}
