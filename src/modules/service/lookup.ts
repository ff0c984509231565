import { geography } from '../../geography/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { structureFromDataInclusion } from '../structure/from-data-inclusion.js';
import { servicesOfDetail, structureById } from '../structure/lookup.js';
import type { StructureModel } from '../structure/models.js';
import { serviceFromDataInclusion } from './from-data-inclusion.js';
import type { ServiceModel } from './models.js';

/** One service by id, with its structure as the detail embeds it. */
export async function serviceById(context: GraphQLContext, id: string): Promise<ServiceModel | null> {
  const service = await context.loaders.dataInclusion.service.load(id);
  return service ? serviceFromDataInclusion(service, { structure: service.structure }) : null;
}

/**
 * A structure's services, from its detail: the API lists there every service of the structure,
 * including those addressed in another department and remote ones without any address, which
 * no territory's service list holds. One call per structure, batched and cached by the loader.
 */
export async function servicesOfStructure(context: GraphQLContext, structure: StructureModel): Promise<readonly ServiceModel[]> {
  if (structure.services) return structure.services;
  if (!structure.sources.includes('DATA_INCLUSION')) return [];
  const detail = await context.loaders.dataInclusion.structure.load(structure.id);
  return detail ? servicesOfDetail(detail) : [];
}

/** The structure a service belongs to, without one call per service when its department is known. */
export async function structureOfService(context: GraphQLContext, service: ServiceModel): Promise<StructureModel | null> {
  if (service.structure) return service.structure;
  const department = geography().commune(service.communeCode ?? '')?.departmentCode;
  if (department) {
    const inDepartment = (await context.loaders.dataInclusion.structuresOf.load({ codeDepartement: department })).find(
      (s) => s.id === service.structureId,
    );
    if (inDepartment) return structureFromDataInclusion(inDepartment);
  }
  return structureById(context, service.structureId);
}
