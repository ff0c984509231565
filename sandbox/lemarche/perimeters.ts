import { foldName, geography, slugify } from '../product.js';

/*
 * The Marché's perimeters (regions, departments, cities) from the embedded geography, and its
 * autocomplete over them.
 */

export interface Perimeter {
  id: number;
  name: string;
  slug: string;
  kind: 'CITY' | 'DEPARTMENT' | 'REGION';
  insee_code: string;
  post_codes: string[];
  department_code: string;
  region_code: string;
}

/** Regions, then departments, then communes, numbered in that order. */
export function buildPerimeters(): Perimeter[] {
  const g = geography();
  let id = 1;
  const regions = g.regions.map((r): Perimeter => ({
    id: id++,
    name: r.name,
    slug: `${slugify(r.name)}-region`,
    kind: 'REGION',
    insee_code: `R${r.code}`,
    post_codes: [],
    department_code: '',
    region_code: '',
  }));
  const departments = g.departments.map((d): Perimeter => ({
    id: id++,
    name: d.name,
    slug: slugify(d.name),
    kind: 'DEPARTMENT',
    insee_code: d.code,
    post_codes: [],
    department_code: '',
    region_code: d.regionCode,
  }));
  const cities = g.communes
    .filter((c) => c.kind === 'commune')
    .map((c): Perimeter => ({
      id: id++,
      name: c.name,
      slug: `${slugify(c.name)}-${c.departmentCode.toLowerCase()}`,
      kind: 'CITY',
      insee_code: c.code,
      post_codes: [...c.postalCodes],
      department_code: c.departmentCode,
      region_code: c.regionCode,
    }));
  return [...regions, ...departments, ...cities];
}

/**
 * The perimeters `q` designates: digits are a postal code (5), a department (2) or a postal code's
 * start; anything else a name, exact matches first, then those it starts, then the shortest.
 */
export function autocomplete(pool: Perimeter[], q: string): Perimeter[] {
  if (/^\d+$/.test(q)) {
    return q.length === 5
      ? pool.filter((p) => p.post_codes.includes(q))
      : q.length === 2
        ? pool.filter((p) => (p.kind === 'DEPARTMENT' && p.insee_code === q) || (p.post_codes[0] ?? '').startsWith(q))
        : pool.filter((p) => (p.post_codes[0] ?? '').startsWith(q));
  }
  const folded = foldName(q);
  return pool
    .map((p) => ({ p, name: foldName(p.name) }))
    .filter(({ name }) => name.includes(folded))
    .sort(
      (a, b) =>
        Number(b.name === folded) - Number(a.name === folded) ||
        Number(b.name.startsWith(folded)) - Number(a.name.startsWith(folded)) ||
        a.name.length - b.name.length,
    )
    .map(({ p }) => p);
}
