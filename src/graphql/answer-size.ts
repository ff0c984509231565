import type { ApolloServerPlugin } from '@apollo/server';
import {
  defaultFieldResolver,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';

/**
 * How many list items one answer has held so far (all its lists together), shared by every copy
 * of the request's context. Once over the cap, the lists still to resolve answer empty, so that
 * the execution ends at once, and the response is replaced by one error (the plugin of boundAnswerItems).
 */
export class AnswerItems {
  count = 0;
  exceeded = false;
}

const tooLarge = (maxItems: number) =>
  `Answer too large: more than ${maxItems} list items; ask for fewer items (a smaller \`first\`, then page with \`after\`) or fewer nested lists`;

/**
 * Bounds what one answer may hold, whatever the cost estimate said: the lists whose length an
 * upstream decides (a dataset's communes) are priced as one item before execution, and nothing
 * else would stop an answer from filling the heap. Wraps the resolver of every list field of the
 * schema, once, to count the items it returns; the answer's lists are the only way it grows
 * beyond the size of the query.
 */
export function boundAnswerItems(schema: GraphQLSchema, maxItems: number): ApolloServerPlugin<{ answerItems: AnswerItems }> {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (isListType(getNullableType(field.type))) field.resolve = counted(field.resolve ?? defaultFieldResolver, maxItems);
    }
  }
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !contextValue.answerItems.exceeded) return;
          // No partial answer: lists cut short would read as complete.
          response.body.singleResult = {
            errors: [{ message: tooLarge(maxItems), extensions: { code: 'BAD_USER_INPUT', maxAnswerItems: maxItems } }],
          };
        },
      };
    },
  };
}

type ListResolver = GraphQLFieldResolver<unknown, { answerItems: AnswerItems }>;

function counted(resolve: ListResolver, maxItems: number): ListResolver {
  const count = (items: unknown, answer: AnswerItems) => {
    if (!Array.isArray(items)) return items;
    if (answer.exceeded) return []; // another list went over while this one was loading
    answer.count += items.length;
    if (answer.count <= maxItems) return items;
    answer.exceeded = true;
    // Marks the execution result as failed (never cached), before the plugin replaces it.
    throw new GraphQLError(tooLarge(maxItems), { extensions: { code: 'BAD_USER_INPUT', maxAnswerItems: maxItems } });
  };
  return (source, args, context, info) => {
    const answer = context.answerItems;
    if (answer.exceeded) return [];
    const items = resolve(source, args, context, info) as unknown;
    if (typeof (items as PromiseLike<unknown> | undefined)?.then === 'function')
      return (items as PromiseLike<unknown>).then((resolved) => count(resolved, answer));
    return count(items, answer);
  };
}
