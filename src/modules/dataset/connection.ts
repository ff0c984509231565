import type { GraphQLContext } from '../../graphql/context.js';
import { pagedConnection, type Connection } from '../../graphql/pagination.js';
import type { DatasetSearch } from '../../sources/datagouv/client.js';
import { datasetFromDatagouv } from './from-datagouv.js';
import type { DatasetModel } from './models.js';

/** Datasets found by data.gouv.fr's search, one upstream page per page asked. */
export function datasetsConnection(
  context: GraphQLContext,
  search: DatasetSearch,
  window: { offset: number; first: number },
): Promise<Connection<DatasetModel>> {
  return pagedConnection(window, async (page, size) => {
    const result = await context.loaders.datagouv.datasetsPage.load({ search, page, pageSize: size });
    return { items: result.data.map(datasetFromDatagouv), total: result.total };
  });
}
