import type { Connections } from '../connections.js';
import { createSourceLoaders, type SourceClients } from '../sources/registry.js';
import { UpstreamBudget, type RequestIdentity, type RequestScope } from '../policies/request-context.js';
import { AnswerItems } from './answer-size.js';
import { RequestOutcome } from './request-outcome.js';
import { requestBudgetsOf } from './upstream-budget.js';

/** Everything a request's resolvers share; built anew for each request. */
export interface GraphQLContext {
  readonly connections: Connections;
  /** The client request this runs for: its id, its fair share of quotas, its upstream budget. */
  readonly scope: RequestScope | undefined;
  /** Each source's client on behalf of this request (writes go through them). */
  readonly requestClients: SourceClients;
  readonly loaders: ReturnType<typeof createLoaders>;
  /**
   * What the response learns while it runs (freshness, stale sources, partial errors). An
   * object, since Apollo works on a shallow copy of the context: every copy feeds the same one.
   */
  readonly outcome: RequestOutcome;
  /** The caller's own data.gouv.fr key (header X-DataGouv-Api-Key), for writes only. */
  readonly dataGouvApiKey: string | undefined;
  /** How many list items the answer holds so far (MAX_ANSWER_ITEMS, answer-size.ts). */
  readonly answerItems: AnswerItems;
}

/**
 * Every source's loaders for one request. Each tells the request's outcome of answers served
 * stale (the response then says which sources were) and of when every answer was obtained (what
 * is left of its source's freshness bounds the response cache's lifetime).
 */
function createLoaders(connections: Connections, requestClients: SourceClients, outcome: RequestOutcome) {
  return createSourceLoaders(requestClients, (source) => ({
    onStale: () => outcome.answeredStale(source),
    onAnswer: (storedAt: number, isStale: boolean) => outcome.usedAnswer(storedAt, connections.policies[source].cacheTtlS, isStale),
    naive: connections.naive,
  }));
}

/**
 * The scope of a request, whole before its first upstream call and never changed after: who it
 * is, and the upstream calls it may make (its budget, spent call by call).
 */
function scopeOf(connections: Connections, identity: RequestIdentity): RequestScope {
  return Object.freeze({ ...identity, upstreamBudget: new UpstreamBudget(requestBudgetsOf(connections)) });
}

export function createContext(
  connections: Connections,
  request: { dataGouvApiKey?: string; identity?: RequestIdentity } = {},
): GraphQLContext {
  const outcome = new RequestOutcome();
  const scope = request.identity && scopeOf(connections, request.identity);
  const requestClients = connections.forRequest(scope);
  return {
    connections,
    scope,
    requestClients,
    loaders: createLoaders(connections, requestClients, outcome),
    outcome,
    dataGouvApiKey: request.dataGouvApiKey,
    answerItems: new AnswerItems(),
  };
}
