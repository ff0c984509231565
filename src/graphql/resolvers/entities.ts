import { geography } from '../../geography/index.js';
import { datasetFromDatagouv } from '../../sources/datagouv/mapping.js';
import { serviceFromDataInclusion } from '../../sources/data-inclusion/mapping.js';
import { formationFromInserJeunes } from '../../sources/inserjeunes/mapping.js';
import type { GraphQLContext } from '../context.js';
import type { Resolvers } from '../generated/resolvers.js';
import type { FormationModel } from '../models.js';
import { structureById } from '../structures.js';

/**
 * Federation entity references (`_entities`): each goes through the same DataLoaders as the
 * rest of the schema, so a gateway's hundred representations of one type cost what one batched
 * query costs, and come back in the representations' order. Representations reach these
 * resolvers checked (validation.ts: each key as the argument it stands for) and counted
 * (protection.ts: MAX_ENTITIES, and the cost), before execution.
 */
async function formationById(context: GraphQLContext, id: string): Promise<FormationModel | null> {
  const parts = id.split('/');
  const { inserjeunes } = context.loaders;
  const row =
    parts[0] === 'national' && parts.length === 3
      ? await inserjeunes.certification.load({ code: parts[1]!, millesime: parts[2] })
      : parts[0] === 'regional' && parts.length === 4
        ? await inserjeunes.regional.load({ region: parts[1]!, code: parts[2]!, millesime: parts[3] })
        : parts[0] === 'establishment' && parts.length === 4
          ? await inserjeunes.formation.load({ uai: parts[1]!, code: parts[2]!, millesime: parts[3] })
          : null;
  return row ? formationFromInserJeunes(row) : null;
}

export const entityResolvers: Resolvers = {
  Commune: { __resolveReference: (ref) => geography().commune(String(ref.code)) ?? null },
  Department: { __resolveReference: (ref) => geography().department(String(ref.code)) ?? null },
  Region: { __resolveReference: (ref) => geography().region(String(ref.code)) ?? null },
  Epci: { __resolveReference: (ref) => geography().epci(String(ref.code)) ?? null },
  Structure: { __resolveReference: (ref, context) => structureById(context, String(ref.id)) },
  Service: {
    __resolveReference: async (ref, context) => {
      const service = await context.loaders.dataInclusion.service.load(String(ref.id));
      return service ? serviceFromDataInclusion(service, { structure: service.structure }) : null;
    },
  },
  Dataset: {
    __resolveReference: async (ref, context) => {
      const dataset = await context.loaders.datagouv.dataset.load(String(ref.id));
      return dataset ? datasetFromDatagouv(dataset) : null;
    },
  },
  Formation: { __resolveReference: (ref, context) => formationById(context, String(ref.id)) },
};
