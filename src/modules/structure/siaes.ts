import type { GraphQLContext } from '../../graphql/context.js';
import { memoByIdentity } from '../../caching/identity-memo.js';
import type { Siae } from '../../sources/lemarche/schemas.js';
import { joinPages } from '../../sources/loader.js';
import { siaeFromMarche } from './from-marche.js';
import type { SiaeModel } from './models.js';

/** Mapped Marché lists, by the cached list they come from (a stable list for `mergedLists`). */
const mappedSiaes = memoByIdentity((siaes: readonly Siae[]) => siaes.map(siaeFromMarche));

/** The SIAE of some departments, read whole from the Marché (one list per department). */
export async function siaesOf(context: GraphQLContext, departments: string[]): Promise<readonly SiaeModel[]> {
  return mappedSiaes(joinPages(await Promise.all(departments.map((d) => context.loaders.lemarche.siaesOfDepartment.load(d)))));
}
