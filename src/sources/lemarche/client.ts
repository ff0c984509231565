import type { QueryParams, SourceCalls } from '../../policies/source.js';
import { marchePageSchema, siaeListSchema, siaeSchema } from './schemas.js';
import { pathOf } from '../../policies/path.js';

const siaePage = marchePageSchema(siaeSchema);

/** Marché de l'inclusion API: trailing slashes, limit/offset, bearer key. */
export class LemarcheClient {
  constructor(private readonly source: SourceCalls) {}

  /** SIAE of a department (the only geographic filter the API has), by name. */
  siaes(filter: { department?: string; kinds?: string[] }, paging: { limit: number; offset: number }) {
    const query: QueryParams = [];
    if (filter.department) query.push(['department', filter.department]);
    for (const kind of filter.kinds ?? []) query.push(['kind', kind]);
    query.push(['limit', String(paging.limit)], ['offset', String(paging.offset)]);
    return this.source.get({ path: '/api/siae/', query, authenticated: true }, siaePage);
  }

  /** Every SIAE with this SIRET (several may share one); an empty list when none. */
  siaesBySiret(siret: string) {
    return this.source.get({ path: `${pathOf('api', 'siae', 'siret', siret)}/`, authenticated: true }, siaeListSchema);
  }

  siae(id: number) {
    return this.source.get({ path: `${pathOf('api', 'siae', id)}/`, authenticated: true }, siaeSchema);
  }
}
