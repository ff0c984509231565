import { titleOf, PUBLISHER } from './catalogue.js';
import { zoneVector, type Cube } from './cube.js';
import type { Selection } from './selection.js';
import { runInSlices, STEP_EVERY, type Steps } from './slices.js';

/*
 * `/data` answers, written as the service wrote them in January 2026
 * (data_popref_COM-44109_20260130.json): compact JSON, keys identifier, title, publisher,
 * observations, paging; GEO as `<geography year>-<LEVEL>-<CODE>`; every dimension a string; the
 * value a JSON number that keeps a `.0` when it is whole (`327734.0`, as Java writes a double),
 * which JSON.stringify would drop: the observations are written by hand.
 */

/** A figure as Melodi writes it: whole numbers with `.0`, others with their decimals. */
export function formatValue(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

export interface Page {
  /** 1-based page number and page size (`maxResult`); size 0 asks only for the count. */
  number: number;
  size: number;
  withCount: boolean;
  /** The request's URL without its `page` parameters, to which `&page=N` is appended. */
  url: string;
}

/**
 * `paging` (insee-melodi.md §4.2): `first` always; `count` only when asked (`totalCount`); on an
 * answer that does not hold every observation, `next` (absent on the last page) and `isLast`, the
 * fields clients follow (the 2026 multi-page form is UNCONFIRMED; the sandbox keeps the 2026
 * single-page form and adds only those two).
 */
function paging(page: Page, total: number): string {
  const link = (n: number) => JSON.stringify(`${page.url}${page.url.includes('?') ? '&' : '?'}page=${n}`);
  const parts = [`"first":${link(1)}`];
  const pages = page.size === 0 ? 1 : Math.max(1, Math.ceil(total / page.size));
  if (pages > 1) {
    if (page.number < pages) parts.push(`"next":${link(page.number + 1)}`);
    parts.push(`"isLast":${page.number >= pages}`);
  }
  if (page.withCount) parts.push(`"count":${total}`);
  return `{${parts.join(',')}}`;
}

/** The zones whose observations fall on the page (the only ones whose figures it needs). */
export function zonesOnPage(selection: Selection, page: Page): Selection['zones'] {
  const perZone = selection.combos.length;
  const total = selection.zones.length * perZone;
  const start = (page.number - 1) * page.size;
  const end = Math.min(total, start + page.size);
  if (end <= start) return [];
  return selection.zones.slice(Math.floor(start / perZone), Math.floor((end - 1) / perZone) + 1);
}

function* renderSteps(cube: Cube, selection: Selection, page: Page): Steps<string> {
  const { dataset } = cube;
  const perZone = selection.combos.length;
  const total = selection.zones.length * perZone;
  const start = (page.number - 1) * page.size;
  const end = Math.min(total, start + page.size);
  const observations: string[] = [];
  for (let i = start; i < end; i++) {
    if ((i - start) % STEP_EVERY === STEP_EVERY - 1) yield;
    const zone = selection.zones[Math.floor(i / perZone)]!;
    const combo = selection.combos[i % perZone]!;
    const vector = zoneVector(cube, zone);
    const codes = cube.codes[combo]!;
    const dimensions: Record<string, string> = { GEO: `${cube.territory.geoYear}-${zone.level}-${zone.code}` };
    dataset.dimensions.forEach((d, j) => (dimensions[d.code] = codes[j]!));
    const hidden = dataset.hidden?.(vector, combo, cube.combos) ?? false;
    const attributes = dataset.attributes ? `"attributes":${JSON.stringify(dataset.attributes(codes, hidden))},` : '';
    const value = hidden ? '{}' : `{"value":${formatValue(vector[combo]! / dataset.scale)}}`;
    observations.push(`{"dimensions":${JSON.stringify(dimensions)},${attributes}"measures":{"${dataset.measure}":${value}}}`);
  }
  return (
    `{"identifier":${JSON.stringify(dataset.id)},"title":${JSON.stringify(titleOf(dataset))},"publisher":${JSON.stringify(PUBLISHER)},` +
    `"observations":[${observations.join(',')}],"paging":${paging(page, total)}}`
  );
}

/** A `/data` page, written in slices (a page holds up to 100 000 observations). */
export function renderData(cube: Cube, selection: Selection, page: Page): Promise<string> {
  return runInSlices(renderSteps(cube, selection, page));
}
