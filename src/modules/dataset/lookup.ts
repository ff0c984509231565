import type { GraphQLContext } from '../../graphql/context.js';
import { datasetFromDatagouv } from './from-datagouv.js';
import type { DatasetModel } from './models.js';

/** One dataset by id or slug; null when data.gouv.fr does not know it (or it was deleted). */
export async function datasetById(context: GraphQLContext, id: string): Promise<DatasetModel | null> {
  const found = await context.loaders.datagouv.dataset.load(id);
  return found ? datasetFromDatagouv(found) : null;
}
