import type { Fetched } from '../../upstream/source.js';
import { joinPages, resourceLoader, type LoaderOptions } from '../loader.js';
import type { LemarcheClient } from './client.js';
import type { Siae } from './schemas.js';

/** The Marché has no page-size cap; a thousand keeps bodies reasonable. */
const PAGE = 1000;

export function createLemarcheLoaders(client: LemarcheClient, options: LoaderOptions) {
  return {
    /** Every SIAE of a department: the only geographic filter the Marché offers. */
    siaesOfDepartment: resourceLoader(async (department: string): Promise<Fetched<Siae[]>> => {
      const pages: Siae[][] = [];
      let stale = false;
      let storedAt = Date.now();
      for (let offset = 0; ; offset += PAGE) {
        const page = await client.siaes({ department }, { limit: PAGE, offset });
        pages.push(page.value?.results ?? []);
        stale ||= page.stale;
        storedAt = Math.min(storedAt, page.storedAt);
        if (!page.value || offset + PAGE >= page.value.count) break;
      }
      return { value: joinPages(pages), stale, storedAt };
    }, options),
    siaesBySiret: resourceLoader((siret: string) => client.siaesBySiret(siret), options),
    siae: resourceLoader((id: number) => client.siae(id), options),
  };
}
