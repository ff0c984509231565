import type { FastifyReply, FastifyRequest } from 'fastify';
import { allValues, lastValue, type Query } from '../http/query.js';
import { foldName } from '../product.js';
import type { DatasetCatalog } from './catalog.js';
import type { DatasetRecord } from './world.js';

/*
 * The query parameters of the dataset lists (`/api/1/datasets/`, `/api/2/datasets/`, search,
 * an organization's datasets): filters and sort, checked as udata's parsers check them.
 */

const OBJECT_ID = /^[0-9a-f]{24}$/;
const SORTS = ['title', 'created', 'last_update', 'reuses', 'followers', 'views'];
/** Filters that take a MongoDB id, and the label udata's message gives each. */
const ID_FILTERS = [
  ['organization', 'Organization'],
  ['owner', 'Owner'],
  ['topic', 'Topic'],
  ['dataservice', 'Dataservice'],
  ['reuse', 'Reuse'],
  ['followed_by', 'Followed_by'],
] as const;

/** Answers a bad filter (400, or 401 for filters anonymous callers may not use); true when it did. */
function rejectFilters(query: Query, reply: FastifyReply, anonymous: boolean): boolean {
  if (anonymous && ['archived', 'deleted', 'private'].some((k) => lastValue(query, k) !== undefined)) {
    void reply.code(401).send({ message: 'Unauthorized' });
    return true;
  }
  for (const [key, label] of ID_FILTERS) {
    const value = lastValue(query, key);
    if (value !== undefined && !OBJECT_ID.test(value)) {
      void reply.code(400).send({ message: `${label} arg must be an identifier` });
      return true;
    }
  }
  const sort = lastValue(query, 'sort');
  if (sort !== undefined && !SORTS.includes(sort.replace(/^-/, ''))) {
    void reply.code(400).send({
      errors: { sort: `The field to sort on The value '${sort}' is not a valid choice for 'sort'.` },
      message: 'Input payload validation failed',
    });
    return true;
  }
  return false;
}

/** Filters of the dataset lists; a bad value answers 400/401 and returns undefined. */
export function datasetFilter(
  catalog: DatasetCatalog,
  request: FastifyRequest,
  reply: FastifyReply,
  anonymous: boolean,
): ((d: DatasetRecord) => boolean) | undefined {
  const query = request.query as Query;
  if (rejectFilters(query, reply, anonymous)) return undefined;
  const words = foldName(lastValue(query, 'q') ?? '')
    .split(' ')
    .filter(Boolean);
  const tags = allValues(query, 'tag');
  const geozone = lastValue(query, 'geozone')?.replace(/@.*$/, '');
  const organization = lastValue(query, 'organization');
  const owner = lastValue(query, 'owner');
  const license = lastValue(query, 'license');
  const granularity = lastValue(query, 'granularity');
  const format = lastValue(query, 'format');
  return (d) =>
    !d.deleted &&
    !d.private &&
    !d.archived &&
    (words.length === 0 || words.every((w) => catalog.searchText(d).includes(w))) &&
    tags.every((t) => d.tags.includes(t)) &&
    (!geozone || (d.spatial?.zones ?? []).includes(geozone)) &&
    (!organization || d.organizationId === organization) &&
    (!owner || d.ownerId === owner) &&
    (!license || d.license === license) &&
    (!granularity || d.spatial?.granularity === granularity) &&
    (!format || d.resources.some((r) => r.format === format));
}

/** The datasets in the order `sort` asks (a field, `-` first for descending); as given without it. */
export function sorted(request: FastifyRequest, items: DatasetRecord[]): DatasetRecord[] {
  const sort = lastValue(request.query as Query, 'sort');
  if (!sort) return items;
  const field = sort.replace(/^-/, '');
  const direction = sort.startsWith('-') ? -1 : 1;
  const value = (d: DatasetRecord): string | number =>
    field === 'title' ? d.title : field === 'created' ? d.created_at : field === 'last_update' ? d.last_update : (d.metrics[field] ?? 0);
  return [...items].sort((a, b) => (value(a) < value(b) ? -direction : value(a) > value(b) ? direction : 0));
}
