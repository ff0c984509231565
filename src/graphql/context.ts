import type { UpstreamClients } from '../clients.js';
import { createSourceLoaders } from '../sources/registry.js';
import { RequestOutcome } from './request-outcome.js';

/** Everything a request's resolvers share; built anew for each request. */
export interface GraphQLContext {
  readonly clients: UpstreamClients;
  readonly loaders: ReturnType<typeof createLoaders>;
  /**
   * What the response learns while it runs (freshness, stale sources, partial errors). An
   * object, since Apollo works on a shallow copy of the context: every copy feeds the same one.
   */
  readonly outcome: RequestOutcome;
  /** The caller's own data.gouv.fr key (header X-DataGouv-Api-Key), for writes only. */
  readonly dataGouvApiKey: string | undefined;
}

/**
 * Every source's loaders for one request. Each tells the request's outcome of answers served
 * stale (the response then says which sources were) and of when every answer was obtained (what
 * is left of its source's freshness bounds the response cache's lifetime).
 */
function createLoaders(clients: UpstreamClients, outcome: RequestOutcome) {
  return createSourceLoaders(clients, (source) => ({
    onStale: () => outcome.answeredStale(source),
    onAnswer: (storedAt: number, isStale: boolean) => outcome.usedAnswer(storedAt, clients.sources[source].cacheTtlS, isStale),
    naive: clients.naive,
  }));
}

export function createContext(clients: UpstreamClients, request: { dataGouvApiKey?: string } = {}): GraphQLContext {
  const outcome = new RequestOutcome();
  return { clients, loaders: createLoaders(clients, outcome), outcome, dataGouvApiKey: request.dataGouvApiKey };
}
