import { geography } from '../../geography/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { memoByIdentity } from '../../caching/identity-memo.js';
import type { DiDetailedStructure } from '../../sources/data-inclusion/schemas.js';
import { serviceFromDataInclusion } from '../service/from-data-inclusion.js';
import { structureFromDataInclusion } from './from-data-inclusion.js';
import { siaeFromMarche, structureFromMarche, withSiae } from './from-marche.js';
import type { SiaeModel, StructureModel } from './models.js';
import { siaesOf } from './siaes.js';

/** The SIAE with the structure's SIRET, read from its department's Marché list. */
export async function siaeOfStructure(context: GraphQLContext, structure: StructureModel): Promise<SiaeModel | null> {
  if (structure.siae !== undefined) return structure.siae;
  if (!structure.siret) return null;
  const department = geography().commune(structure.communeCode ?? '')?.departmentCode;
  if (department) {
    const siaes = await siaesOf(context, [department]);
    return siaes.find((s) => s.siret === structure.siret) ?? null;
  }
  const bySiret = (await context.loaders.lemarche.siaesBySiret.load(structure.siret)) ?? [];
  return bySiret[0] ? siaeFromMarche(bySiret[0]) : null;
}

/** One structure by id: `marche--<id>` for the Marché, any other id for data·inclusion. */
export async function structureById(context: GraphQLContext, id: string): Promise<StructureModel | null> {
  const marche = /^marche--(\d+)$/.exec(id);
  if (marche) {
    const siae = await context.loaders.lemarche.siae.load(Number(marche[1]));
    return siae ? structureFromMarche(siaeFromMarche(siae)) : null;
  }
  const detail = await context.loaders.dataInclusion.structure.load(id);
  return detail ? structureFromDataInclusion(detail, servicesOfDetail(detail)) : null;
}

/** A detail's services, mapped once per cached detail. */
export const servicesOfDetail = memoByIdentity((detail: DiDetailedStructure) => detail.services.map((s) => serviceFromDataInclusion(s)));

/**
 * One structure by SIRET. data·inclusion cannot filter by SIRET, so the Marché locates it first
 * (its SIAE carry a department), then that department's data·inclusion list is searched. A
 * SIRET unknown to the Marché is looked for no further.
 */
export async function structureBySiret(context: GraphQLContext, siret: string): Promise<StructureModel | null> {
  const siaes = ((await context.loaders.lemarche.siaesBySiret.load(siret)) ?? []).map(siaeFromMarche);
  const siae = siaes[0];
  if (!siae) return null;
  const department = siae.department ?? geography().commune(siae.address.communeCode ?? '')?.departmentCode;
  if (department) {
    const inclusion = await context.loaders.dataInclusion.structuresOf.load({ codeDepartement: department });
    const twin = inclusion.find((s) => s.siret === siret);
    if (twin) return withSiae(structureFromDataInclusion(twin), siae);
  }
  return structureFromMarche(siae);
}
