import type { ApolloServerPlugin } from '@apollo/server';

/**
 * The text of the query an execution ran: an export asked by a persisted query's hash alone
 * learns the text from its first execution, to walk the pages after it. Apollo runs each
 * execution on a shallow copy of the context it is given, so the text goes into a holder the copy
 * shares, under a symbol of this module.
 */
const HOLDER = Symbol('query source');

interface Holder {
  text?: string;
}

export const querySourcePlugin: ApolloServerPlugin<object> = {
  async requestDidStart() {
    return {
      async didResolveSource({ source, contextValue }) {
        const holder = (contextValue as { [HOLDER]?: Holder })[HOLDER];
        if (holder) holder.text = source;
      },
    };
  },
};

/** Marks a context so that the text of the query run with it is kept in the holder returned. */
export function followQuerySource(context: object): Holder {
  const holder: Holder = {};
  (context as { [HOLDER]?: Holder })[HOLDER] = holder;
  return holder;
}
