import type { Fetched, QueryParams, SourceCalls } from '../../policies/source.js';
import { UpstreamError } from '../../policies/errors.js';
import { pathOf } from '../../policies/path.js';
import { rowOf, type MelodiRow } from './observations.js';
import { catalogSchema, dataPageSchema, type MelodiCatalogEntry, type MelodiDataPage } from './schemas.js';

/** What a dataset's catalogue entry says of its latest release: never a year written in code. */
export interface MelodiVintage {
  dataset: string;
  title: string | null;
  /** The latest period (`temporal.endPeriod`), as TIME_PERIOD codes it for yearly data: `2023`. */
  period: string;
  /** The year of the geography its zone codes belong to (`spatialTemporal`), e.g. 2025. */
  geographyYear: number | null;
  /** When Insee last modified it, as the catalogue writes it. */
  modified: string | null;
  /** The levels it is published for: `COM`, `ARM`, `DEP`… */
  levels: readonly string[];
}

/** One `/data` read: a GEO selector or several (OR), and dimension filters (codes OR'ed within a dimension). */
export interface MelodiDataQuery {
  dataset: string;
  /** `COM-44109`, `DEP-44*COM`, `EPCI-244400404*COM`, `FRANCE-F`; none: every zone. */
  geo: readonly string[];
  filters: readonly (readonly [dimension: string, codes: readonly string[]])[];
}

export interface MelodiTable {
  dataset: string;
  title: string | null;
  rows: readonly MelodiRow[];
}

/**
 * Rows per page: Melodi's maximum (100 000 since January 2026), so that a department's communes
 * come in one call; then smaller pages when a body arrives cut mid-stream (bodies of ~40 MB were,
 * pages of ~8 MB were not: insee-melodi.md §6.6).
 */
const PAGE_SIZES = [100_000, 10_000, 1_000];
/** A bound on one read's pages, against a paging that never says it is done. */
const MAX_PAGES = 50;

const yearOf = (dateTime: string | undefined) => (dateTime && /^\d{4}/.test(dateTime) ? Number(dateTime.slice(0, 4)) : null);

export function vintageOf(entry: MelodiCatalogEntry): MelodiVintage | null {
  const period = yearOf(entry.temporal?.endPeriod);
  if (period === null) return null;
  const title = entry.title?.find((t) => t.lang === 'fr')?.content ?? entry.title?.[0]?.content ?? null;
  return {
    dataset: entry.identifier,
    title,
    period: String(period),
    geographyYear: yearOf(entry.spatialTemporal),
    modified: entry.modified ?? null,
    levels: (entry.spatialResolution ?? []).map((level) => level.id),
  };
}

/** Insee Melodi: the catalogue and the observations of its datasets; open, no credential ever sent. */
export class MelodiClient {
  constructor(private readonly source: SourceCalls) {}

  /**
   * The whole catalogue (`/catalog/all`, ~150 datasets), one call cached as long as any answer:
   * every figure needs its dataset's vintage, and one call for all of them spends one of the 30
   * a minute where `/catalog/{id}` would spend one per dataset.
   */
  async catalog(): Promise<Fetched<readonly MelodiCatalogEntry[]>> {
    const fetched = await this.source.get({ path: pathOf('catalog', 'all'), authenticated: false }, catalogSchema);
    return { ...fetched, value: fetched.value ?? [] };
  }

  /** A dataset's latest vintage, from the catalogue; null for a dataset it does not list. */
  async vintage(dataset: string): Promise<Fetched<MelodiVintage | null>> {
    const fetched = await this.catalog();
    const entry = fetched.value.find((e) => e.identifier === dataset);
    return { ...fetched, value: entry ? vintageOf(entry) : null };
  }

  /**
   * Every observation matching the query, page after page. Melodi answers 500 to a dataset it does
   * not know: ask `vintage` first, as the loaders do.
   */
  async data(query: MelodiDataQuery): Promise<Fetched<MelodiTable>> {
    for (const [i, pageSize] of PAGE_SIZES.entries()) {
      try {
        return await this.pages(query, pageSize);
      } catch (error) {
        const cut = error instanceof UpstreamError && error.details.notJson === true;
        if (!cut || i === PAGE_SIZES.length - 1) throw clearer(error, query.dataset);
      }
    }
    throw new Error('unreachable');
  }

  private async pages(query: MelodiDataQuery, pageSize: number): Promise<Fetched<MelodiTable>> {
    const path = pathOf('data', query.dataset);
    const pages: MelodiDataPage[] = [];
    let read = 0;
    let stale = false;
    let storedAt = Infinity;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const fetched = await this.source.get({ path, query: paramsOf(query, pageSize, page), authenticated: false }, dataPageSchema);
      const answer = fetched.value;
      if (answer === null) break;
      pages.push(answer);
      stale ||= fetched.stale;
      storedAt = Math.min(storedAt, fetched.storedAt);
      read += answer.observations.length;
      if (isLastPage(answer, read)) break;
    }
    return { value: tableOf(query.dataset, pages), stale, storedAt: storedAt === Infinity ? Date.now() : storedAt };
  }
}

/**
 * The table of a read's pages, the same object for the same cached pages: a commune is read with
 * its whole department, and mapping the department's rows again for every request (and indexing
 * them again: loaders.ts keeps its index by table) would cost each dashboard what caching saved.
 * Shared between requests, hence read-only.
 */
const tables = new WeakMap<MelodiDataPage, { pages: readonly MelodiDataPage[]; table: MelodiTable }>();

function tableOf(dataset: string, pages: readonly MelodiDataPage[]): MelodiTable {
  const first = pages[0];
  const title = first?.title?.fr ?? first?.title?.en ?? null;
  if (!first) return { dataset, title, rows: [] };
  const known = tables.get(first);
  if (known && known.pages.length === pages.length && known.pages.every((page, i) => page === pages[i])) return known.table;
  const table: MelodiTable = { dataset, title, rows: pages.flatMap((page) => page.observations.map(rowOf)) };
  tables.set(first, { pages, table });
  return table;
}

/**
 * Melodi's 500 says nothing (a French sentence in text/plain) and is also its answer to a
 * dataset it does not know: the error says both, and names the dataset.
 */
function clearer(error: unknown, dataset: string): unknown {
  if (!(error instanceof UpstreamError) || error.details.status !== 500) return error;
  const message = `melodi answered 500 for ${dataset}: Melodi does so for a dataset it does not know, as well as on its own failures`;
  return new UpstreamError(error.code, error.source, message, error.details);
}

/**
 * The paging as Melodi has written it: 2026, `first` and `count` (all on one page), or
 * `next`/`isLast` (shape unconfirmed); 2025, `next` and `isLast: false` even when everything
 * fitted, beside `count`. So `count` decides where given (it is asked for), then `isLast`, then
 * whether a `next` is offered; a page's length does not (Melodi may serve fewer rows than asked).
 * `next` itself is never followed: it names api.insee.fr whatever host was asked.
 */
function isLastPage(answer: MelodiDataPage, read: number): boolean {
  const paging = answer.paging ?? {};
  if (answer.observations.length === 0) return true;
  if (paging.count !== undefined) return read >= paging.count;
  if (paging.isLast !== undefined) return paging.isLast;
  return paging.next === undefined;
}

/** Filters first, then GEO, then paging (`page=1` sent explicitly: without it, paging was wrong). */
function paramsOf(query: MelodiDataQuery, pageSize: number, page: number): QueryParams {
  const params: QueryParams = [];
  for (const [dimension, codes] of query.filters) for (const code of codes) params.push([dimension, code]);
  for (const geo of query.geo) params.push(['GEO', geo]);
  params.push(['totalCount', 'true'], ['maxResult', String(pageSize)], ['page', String(page)]);
  return params;
}
