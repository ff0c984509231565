import { memoByIdentity } from '../../caching/identity-memo.js';
import type { Fetched } from '../../policies/source.js';
import { joinFetchedPages, resourceLoader, type LoaderOptions } from '../loader.js';
import type { LemarcheClient } from './client.js';
import type { Siae } from './schemas.js';

/** The Marché has no page-size cap; a thousand keeps bodies reasonable. */
const PAGE = 1000;

/**
 * The Marché sorts SIAE by name only, and names repeat (an association running several
 * worksites, each with its own SIRET): between two limit/offset queries, SIAE of the same name
 * may change places, so that one shows on two pages (and another on none). Each SIAE is kept
 * once, at its first place; once per joined list, which is the same object while its pages stay
 * cached (the list itself when nothing repeats).
 */
const uniqueById = memoByIdentity((siaes: readonly Siae[]): readonly Siae[] => {
  const seen = new Set<number>();
  const unique = siaes.filter((siae) => {
    if (seen.has(siae.id)) return false;
    seen.add(siae.id);
    return true;
  });
  return unique.length === siaes.length ? siaes : unique;
});

/** `pageSize` is for tests, which need lists longer than one page. */
export function createLemarcheLoaders(client: LemarcheClient, options: LoaderOptions, paging: { pageSize?: number } = {}) {
  const pageSize = paging.pageSize ?? PAGE;
  return {
    /** Every SIAE of a department: the only geographic filter the Marché offers. */
    siaesOfDepartment: resourceLoader(async (department: string): Promise<Fetched<readonly Siae[]>> => {
      const pages: Fetched<readonly Siae[]>[] = [];
      for (let offset = 0; ; offset += pageSize) {
        const page = await client.siaes({ department }, { limit: pageSize, offset });
        pages.push({ ...page, value: page.value?.results ?? [] });
        if (!page.value || offset + pageSize >= page.value.count) break;
      }
      const joined = joinFetchedPages(pages);
      return { ...joined, value: uniqueById(joined.value) };
    }, options),
    siaesBySiret: resourceLoader((siret: string) => client.siaesBySiret(siret), options),
    siae: resourceLoader((id: number) => client.siae(id), options),
  };
}
