import { guardConnection } from '../../graphql/errors.js';
import { windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { datasetsConnection } from './connection.js';
import { userById } from './lookup.js';

/**
 * data.gouv.fr users and the datasets they publish in their own name. A dataset's owner is read
 * from the user's own page rather than from the reference the dataset embeds: a deleted account
 * keeps its datasets under an anonymised reference, and only its page (410) says it is gone.
 */
export const userResolvers: Resolvers = {
  Query: {
    user: (_parent, { id }, context) => userById(context, id),
  },
  User: {
    __resolveReference: (ref, context) => userById(context, String(ref.id)),
    datasets: (user, args, context, info) =>
      guardConnection(context, info, () => datasetsConnection(context, { owner: user.id }, windowOf(args))),
  },
  Dataset: {
    owner: (dataset, _args, context) => (dataset.ownerId ? userById(context, dataset.ownerId) : null),
  },
};
