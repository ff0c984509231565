import type { GraphQLContext } from '../../graphql/context.js';
import { datasetFromDatagouv } from './from-datagouv.js';
import { userFromDatagouv } from './from-datagouv-user.js';
import type { DatasetModel, UserModel } from './models.js';

/** One dataset by id or slug; null when data.gouv.fr does not know it (or it was deleted). */
export async function datasetById(context: GraphQLContext, id: string): Promise<DatasetModel | null> {
  const found = await context.loaders.datagouv.dataset.load(id);
  return found ? datasetFromDatagouv(found) : null;
}

/** One user by id or slug; null when unknown, or deleted or deactivated (data.gouv.fr answers 410). */
export async function userById(context: GraphQLContext, id: string): Promise<UserModel | null> {
  const found = await context.loaders.datagouv.user.load(id);
  return found ? userFromDatagouv(found) : null;
}
