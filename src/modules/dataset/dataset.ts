import { geography, type Commune } from '../../geography/index.js';
import { guardConnection } from '../../graphql/errors.js';
import { pagedConnection, windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { discussionFromDatagouv } from './from-datagouv.js';
import { datasetById } from './lookup.js';

export const datasetResolvers: Resolvers = {
  Dataset: {
    __resolveReference: (ref, context) => datasetById(context, String(ref.id)),
    communes: (dataset) => dataset.communeCodes.map((code) => geography().commune(code)).filter((c): c is Commune => c !== undefined),
    discussions: (dataset, args, context, info) =>
      guardConnection(context, info, () =>
        pagedConnection(windowOf(args), async (page, size) => {
          const result = await context.loaders.datagouv.discussionsPage.load({ datasetId: dataset.id, page, pageSize: size });
          return { items: (result?.data ?? []).map(discussionFromDatagouv), total: result?.total ?? 0 };
        }),
      ),
  },
};
